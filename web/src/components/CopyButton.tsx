import type { ButtonHTMLAttributes } from 'react'
import { toast } from 'sonner'

const kRefused = 'Copy it by hand: the browser did not allow copying.'

interface CopyButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'value' | 'onClick' | 'children'> {
  // What to copy; a function is asked at the click (a key fetched only to be copied). When it
  // fails, its request has already said why: nothing is copied and nothing more is shown.
  value: string | (() => Promise<string>)
  label: string
  copiedMessage: string
  refusedMessage?: string
}

// The one place that writes to the clipboard: a toast says whether it worked.
export function CopyButton({
  value,
  label,
  copiedMessage,
  refusedMessage = kRefused,
  className = 'secondary',
  ...button
}: CopyButtonProps) {
  const copy = async () => {
    let text: string
    try {
      text = typeof value === 'string' ? value : await value()
    } catch {
      return
    }
    try {
      await navigator.clipboard.writeText(text)
      toast.success(copiedMessage)
    } catch {
      toast.error(refusedMessage)
    }
  }
  return (
    <button type="button" className={className} {...button} onClick={() => void copy()}>
      {label}
    </button>
  )
}
