import { useEffect, useState } from 'react'
import { toast } from 'sonner'
import type { ApiKey } from '../../lib/types'
import { useRevealApiKey } from './useRevealApiKey'

// A revealed key disappears again after this long.
const kRevealMs = 20_000

interface KeyCellProps {
  teamId: string
  apiKey: ApiKey
  canReveal: boolean
}

// The masked hint, and for those allowed: reveal (shown for a short time) and copy.
export function KeyCell({ teamId, apiKey, canReveal }: KeyCellProps) {
  const reveal = useRevealApiKey(teamId)
  const [plaintext, setPlaintext] = useState<string | null>(null)

  useEffect(() => {
    if (plaintext === null) return
    const timer = setTimeout(() => setPlaintext(null), kRevealMs)
    return () => clearTimeout(timer)
  }, [plaintext])

  const show = async () => {
    if (plaintext !== null) {
      setPlaintext(null)
      return
    }
    setPlaintext(await reveal.mutateAsync(apiKey.id))
  }
  const copy = async () => {
    const value = plaintext ?? (await reveal.mutateAsync(apiKey.id))
    try {
      await navigator.clipboard.writeText(value)
      toast.success('Key copied to the clipboard')
    } catch {
      toast.error('The browser did not allow copying. Reveal the key and copy it by hand.')
    }
  }

  return (
    <span className="key-cell" onClick={(event) => event.stopPropagation()}>
      <code className="key-value">{plaintext ?? apiKey.key_hint}</code>
      {canReveal ? (
        <>
          <button
            type="button"
            className="icon-button"
            aria-label={`${plaintext === null ? 'Reveal' : 'Hide'} key ${apiKey.description}`}
            aria-pressed={plaintext !== null}
            disabled={reveal.isPending}
            onClick={() => void show()}
            onKeyDown={(event) => event.stopPropagation()}
          >
            {plaintext === null ? 'Reveal' : 'Hide'}
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={`Copy key ${apiKey.description}`}
            disabled={reveal.isPending}
            onClick={() => void copy()}
            onKeyDown={(event) => event.stopPropagation()}
          >
            Copy
          </button>
        </>
      ) : null}
    </span>
  )
}
