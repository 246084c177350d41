import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { toast } from 'sonner'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CopyButton } from './CopyButton'

vi.mock('sonner', () => ({ toast: { success: vi.fn(), error: vi.fn() } }))

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
    render(<CopyButton value="kw_st_abc" label="Copy token" copiedMessage="Token copied to the clipboard" />)
    fireEvent.click(screen.getByRole('button', { name: 'Copy token' }))
    await waitFor(() => expect(toast.success).toHaveBeenCalledWith('Token copied to the clipboard'))
    expect(writeText).toHaveBeenCalledWith('kw_st_abc')
  })

  it('asks a function for the text at the click', async () => {
    const fetchValue = vi.fn().mockResolvedValue('sk-fetched')
    render(<CopyButton value={fetchValue} label="Copy" aria-label="Copy key Prod" copiedMessage="Key copied" />)
    expect(fetchValue).not.toHaveBeenCalled()
    fireEvent.click(screen.getByRole('button', { name: 'Copy key Prod' }))
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('sk-fetched'))
    expect(toast.success).toHaveBeenCalledWith('Key copied')
  })

  it('tells how to copy by hand when the browser refuses', async () => {
    writeText.mockRejectedValue(new DOMException('denied', 'NotAllowedError'))
    render(<CopyButton value="x" label="Copy link" copiedMessage="Invitation link copied" />)
    fireEvent.click(screen.getByRole('button', { name: 'Copy link' }))
    await waitFor(() => expect(toast.error).toHaveBeenCalledWith('Copy it by hand: the browser did not allow copying.'))
    expect(toast.success).not.toHaveBeenCalled()
  })

  it('copies nothing and adds nothing when the text cannot be had', async () => {
    const fetchValue = vi.fn().mockRejectedValue(new Error('403'))
    render(<CopyButton value={fetchValue} label="Copy" copiedMessage="Key copied" />)
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }))
    await waitFor(() => expect(fetchValue).toHaveBeenCalled())
    await Promise.resolve()
    expect(writeText).not.toHaveBeenCalled()
    expect(toast.success).not.toHaveBeenCalled()
    expect(toast.error).not.toHaveBeenCalled()
  })
})
