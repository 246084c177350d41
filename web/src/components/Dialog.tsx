import * as RadixDialog from '@radix-ui/react-dialog'
import { X } from 'lucide-react'
import type { ReactNode } from 'react'

interface DialogProps {
  title: string
  open: boolean
  onClose: () => void
  children: ReactNode
  // Where the focus goes when the dialog closes, when the element that opened it is gone (a
  // menu item) or was deleted (a row): asked at closing time; null lets Radix choose.
  returnFocus?: () => HTMLElement | null
  wide?: boolean  // a table inside (a delivery log): as wide as the screen allows
}

// A modal on Radix Dialog: it moves the focus in, keeps it inside, closes on Escape and gives the
// focus back. On a phone it becomes a full-height sheet (styles.css). The first field marked
// data-autofocus takes the focus, else the first focusable element.
export function Dialog({ title, open, onClose, children, returnFocus, wide = false }: DialogProps) {
  return (
    <RadixDialog.Root open={open} onOpenChange={(next) => (next ? undefined : onClose())}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog-overlay" />
        <RadixDialog.Content
          className={wide ? 'dialog dialog-wide' : 'dialog'}
          aria-describedby={undefined}
          onOpenAutoFocus={(event) => {
            const target = (event.currentTarget as HTMLElement | null)?.querySelector<HTMLElement>('[data-autofocus]')
            if (target) {
              event.preventDefault()
              target.focus()
            }
          }}
          onCloseAutoFocus={(event) => {
            const target = returnFocus?.()
            if (target?.isConnected) {
              event.preventDefault()
              target.focus()
            }
          }}
        >
          <div className="dialog-header">
            <RadixDialog.Title>{title}</RadixDialog.Title>
            <RadixDialog.Close className="icon-only ghost" aria-label="Close">
              <X aria-hidden size={18} />
            </RadixDialog.Close>
          </div>
          {children}
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  )
}
