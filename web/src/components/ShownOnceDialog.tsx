import type { ReactNode } from 'react'
import { CopyButton } from './CopyButton'
import { Dialog } from './Dialog'

interface ShownOnceDialogProps {
  title: string
  secret: string | null  // null: closed
  children: ReactNode  // what the secret is and where to keep it
  copyLabel: string
  copiedMessage: string
  onClose: () => void  // Done, Escape: the caller forgets the secret there
}

// A secret the server shows once (a new service token): shown with a copy button until Done.
// It lives only in `secret`; once closed, nothing of it stays on the page.
export function ShownOnceDialog({ title, secret, children, copyLabel, copiedMessage, onClose }: ShownOnceDialogProps) {
  return (
    <Dialog title={title} open={secret !== null} onClose={onClose}>
      <div className="form">
        <p>{children}</p>
        <code className="once">{secret}</code>
        <div className="actions">
          <span className="spacer" />
          <CopyButton value={secret ?? ''} label={copyLabel} copiedMessage={copiedMessage} />
          <button type="button" onClick={onClose}>
            Done
          </button>
        </div>
      </div>
    </Dialog>
  )
}
