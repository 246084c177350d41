import { fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { ConfirmDialog } from './ConfirmDialog'

function renderDialog(props: Partial<Parameters<typeof ConfirmDialog>[0]> = {}) {
  const onConfirm = vi.fn()
  const onClose = vi.fn()
  render(
    <ConfirmDialog title="Remove member?" open confirmLabel="Remove" onConfirm={onConfirm} onClose={onClose} {...props}>
      Remove <strong>Vera</strong>? They lose access at once.
    </ConfirmDialog>,
  )
  return { onConfirm, onClose }
}

// As a caller uses it: Cancel and Escape close the dialog, a button opens it again.
function Owner({ onConfirm, onClose }: { onConfirm: () => void; onClose: () => void }) {
  const [open, setOpen] = useState(true)
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Remove Vera
      </button>
      <ConfirmDialog
        title="Remove member?"
        open={open}
        confirmLabel="Remove"
        onConfirm={onConfirm}
        onClose={() => {
          onClose()
          setOpen(false)
        }}
      >
        Remove <strong>Vera</strong>? They lose access at once.
      </ConfirmDialog>
    </>
  )
}

describe('ConfirmDialog', () => {
  it('names what is about to happen in a dialog named by its title', () => {
    renderDialog()
    const dialog = screen.getByRole('dialog', { name: 'Remove member?' })
    expect(dialog.textContent).toContain('Remove Vera? They lose access at once.')
  })

  it('confirms with the confirm button and cancels with Cancel or Escape', () => {
    const onConfirm = vi.fn()
    const onClose = vi.fn()
    render(<Owner onConfirm={onConfirm} onClose={onClose} />)
    fireEvent.click(screen.getByRole('button', { name: 'Remove' }))
    expect(onConfirm).toHaveBeenCalledTimes(1)
    expect(screen.getByRole('dialog', { name: 'Remove member?' })).toBeTruthy()  // the caller closes it when done
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByRole('dialog')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Remove Vera' }))
    fireEvent.keyDown(screen.getByRole('dialog', { name: 'Remove member?' }), { key: 'Escape' })
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(onClose).toHaveBeenCalledTimes(2)
    expect(onConfirm).toHaveBeenCalledTimes(1)
  })

  it('takes another cancel label and waits while the action is under way', () => {
    renderDialog({ cancelLabel: 'Keep it', pending: true })
    expect(screen.getByRole('button', { name: 'Keep it' })).toBeTruthy()
    // The confirming button says the action is under way and cannot be pressed twice.
    expect(screen.getByRole('button', { name: 'Working…' })).toHaveProperty('disabled', true)
    expect(screen.queryByRole('button', { name: 'Remove' })).toBeNull()
  })

  it('shows nothing while closed', () => {
    renderDialog({ open: false })
    expect(screen.queryByText('They lose access at once.', { exact: false })).toBeNull()
  })
})
