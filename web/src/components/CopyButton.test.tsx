import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import type { ReactElement } from 'react'
import { toast, Toaster } from 'sonner'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CopyButton } from './CopyButton'

// The real toasts, watched: a test sees the message on the page as a person would.
vi.spyOn(toast, 'success')
vi.spyOn(toast, 'error')

function renderWithToaster(ui: ReactElement) {
  return render(
    <>
      {ui}
      <Toaster />
    </>,
  )
}

const writeText = vi.fn<(text: string) => Promise<void>>()

beforeEach(() => {
  writeText.mockReset().mockResolvedValue(undefined)
  vi.mocked(toast.success).mockClear()
  vi.mocked(toast.error).mockClear()
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
})
afterEach(() => {
  Reflect.deleteProperty(navigator, 'clipboard')
})

describe('CopyButton', () => {
  it('copies the text and says so', async () => {
    renderWithToaster(<CopyButton value="kw_st_abc" label="Copy token" copiedMessage="Token copied to the clipboard" />)
    fireEvent.click(screen.getByRole('button', { name: 'Copy token' }))
    await waitFor(() => expect(toast.success).toHaveBeenCalledWith('Token copied to the clipboard'))
    expect(writeText).toHaveBeenCalledWith('kw_st_abc')
    expect(await screen.findByText('Token copied to the clipboard')).toBeTruthy()
  })

  it('asks a function for the text at the click', async () => {
    const fetchValue = vi.fn().mockResolvedValue('sk-fetched')
    renderWithToaster(<CopyButton value={fetchValue} label="Copy" aria-label="Copy key Prod" copiedMessage="Key copied" />)
    expect(fetchValue).not.toHaveBeenCalled()
    fireEvent.click(screen.getByRole('button', { name: 'Copy key Prod' }))
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('sk-fetched'))
    expect(toast.success).toHaveBeenCalledWith('Key copied')
    expect(await screen.findByText('Key copied')).toBeTruthy()
    expect(document.body.textContent).not.toContain('sk-fetched')
  })

  it('tells how to copy by hand when the browser refuses', async () => {
    writeText.mockRejectedValue(new DOMException('denied', 'NotAllowedError'))
    renderWithToaster(<CopyButton value="x" label="Copy link" copiedMessage="Invitation link copied" />)
    fireEvent.click(screen.getByRole('button', { name: 'Copy link' }))
    await waitFor(() => expect(toast.error).toHaveBeenCalledWith('Copy it by hand: the browser did not allow copying.'))
    expect(toast.success).not.toHaveBeenCalled()
    expect(await screen.findByText('Copy it by hand: the browser did not allow copying.')).toBeTruthy()
  })

  it('copies nothing and adds nothing when the text cannot be had', async () => {
    const fetchValue = vi.fn().mockRejectedValue(new Error('403'))
    // Messages of its own: toasts of the tests before may still be on their way out.
    renderWithToaster(
      <CopyButton value={fetchValue} label="Copy" copiedMessage="Key 4 copied" refusedMessage="Key 4 refused" />,
    )
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }))
    await waitFor(() => expect(fetchValue).toHaveBeenCalled())
    await Promise.resolve()
    expect(writeText).not.toHaveBeenCalled()
    expect(toast.success).not.toHaveBeenCalled()
    expect(toast.error).not.toHaveBeenCalled()
    expect(screen.queryByText('Key 4 copied')).toBeNull()
    expect(screen.queryByText('Key 4 refused')).toBeNull()
  })
})
