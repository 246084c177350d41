import { fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { ShownOnceDialog } from './ShownOnceDialog'

function Subject({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  return (
    <ShownOnceDialog
      title="Copy your new service token"
      secret={secret}
      copyLabel="Copy token"
      copiedMessage="Token copied to the clipboard"
      onClose={onClose}
    >
      This is the only time it is shown.
    </ShownOnceDialog>
  )
}

// As a caller uses it: closing forgets the secret, which closes the dialog.
function Owner({ onClose }: { onClose: () => void }) {
  const [secret, setSecret] = useState<string | null>('kw_st_once')
  return (
    <Subject
      secret={secret}
      onClose={() => {
        onClose()
        setSecret(null)
      }}
    />
  )
}

describe('ShownOnceDialog', () => {
  it('shows the secret with a copy button and Done', () => {
    const onClose = vi.fn()
    render(<Owner onClose={onClose} />)
    const dialog = screen.getByRole('dialog', { name: 'Copy your new service token' })
    expect(dialog.querySelector('code')?.textContent).toBe('kw_st_once')
    expect(screen.getByRole('button', { name: 'Copy token' })).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Done' }))
    expect(onClose).toHaveBeenCalledTimes(1)
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(document.body.innerHTML).not.toContain('kw_st_once')
  })

  it('closes with Escape too', () => {
    const onClose = vi.fn()
    render(<Owner onClose={onClose} />)
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' })
    expect(onClose).toHaveBeenCalledTimes(1)
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(document.body.innerHTML).not.toContain('kw_st_once')
  })

  it('leaves nothing of the secret on the page once it is gone', () => {
    const { rerender } = render(<Subject secret="kw_st_once" onClose={vi.fn()} />)
    rerender(<Subject secret={null} onClose={vi.fn()} />)
    expect(document.body.innerHTML).not.toContain('kw_st_once')
    expect(screen.queryByRole('button', { name: 'Copy token' })).toBeNull()
  })
})
