import { Copy, Eye, EyeOff } from 'lucide-react'
import type { ApiKey } from '../../lib/types'

interface KeyCellProps {
  apiKey: ApiKey
  plaintext: string | undefined  // revealed: shown instead of the hint
  canReveal: boolean
  pending: boolean
  onToggle: () => void
  onCopy: () => void
}

// The masked hint, and for those allowed: reveal (shown for a short time) and copy.
export function KeyCell({ apiKey, plaintext, canReveal, pending, onToggle, onCopy }: KeyCellProps) {
  const shown = plaintext !== undefined
  return (
    <span className="key-cell">
      <code className={shown ? 'key-value revealed' : 'key-value'}>{plaintext ?? apiKey.key_hint}</code>
      {canReveal ? (
        <>
          <button
            type="button"
            className="ghost icon-only"
            aria-label={`${shown ? 'Hide' : 'Reveal'} key ${apiKey.description}`}
            aria-pressed={shown}
            disabled={pending}
            onClick={onToggle}
          >
            {shown ? <EyeOff aria-hidden size={16} /> : <Eye aria-hidden size={16} />}
          </button>
          <button
            type="button"
            className="ghost icon-only"
            aria-label={`Copy key ${apiKey.description}`}
            disabled={pending}
            onClick={onCopy}
          >
            <Copy aria-hidden size={16} />
          </button>
        </>
      ) : null}
    </span>
  )
}
