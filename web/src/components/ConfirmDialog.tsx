import type { ReactNode } from 'react'
import { Dialog } from './Dialog'

interface ConfirmPromptProps {
  children: ReactNode  // what happens, naming the thing it happens to
  confirmLabel: string
  cancelLabel?: string
  pending?: boolean  // the confirmed action is under way: its button waits
  onConfirm: () => void
  onCancel: () => void
}

// The question and its two answers; the destructive one is styled as such. The focus starts on
// the safe answer, so a stray Enter keeps things as they are.
export function ConfirmPrompt({ children, confirmLabel, cancelLabel = 'Cancel', pending = false, onConfirm, onCancel }: ConfirmPromptProps) {
  return (
    <div className="form">
      <div>{children}</div>
      <div className="actions">
        <span className="spacer" />
        <button type="button" className="secondary" data-autofocus autoFocus onClick={onCancel}>
          {cancelLabel}
        </button>
        <button type="button" className="danger" disabled={pending} onClick={onConfirm}>
          {pending ? 'Working…' : confirmLabel}
        </button>
      </div>
    </div>
  )
}

interface ConfirmDialogProps extends Omit<ConfirmPromptProps, 'onCancel'> {
  title: string
  open: boolean
  onClose: () => void  // Cancel, Escape
  returnFocus?: () => HTMLElement | null
}

// A modal asking before something that cannot be undone.
export function ConfirmDialog({ title, open, onClose, returnFocus, ...prompt }: ConfirmDialogProps) {
  return (
    <Dialog title={title} open={open} onClose={onClose} returnFocus={returnFocus}>
      <ConfirmPrompt {...prompt} onCancel={onClose} />
    </Dialog>
  )
}
