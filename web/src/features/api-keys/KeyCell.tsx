import { useEffect, useState } from 'react'
import { CopyButton } from '../../components/CopyButton'
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
          <CopyButton
            value={plaintext ?? (() => reveal.mutateAsync(apiKey.id))}
            label="Copy"
            copiedMessage="Key copied to the clipboard"
            refusedMessage="The browser did not allow copying. Reveal the key and copy it by hand."
            className="icon-button"
            aria-label={`Copy key ${apiKey.description}`}
            disabled={reveal.isPending}
            onKeyDown={(event) => event.stopPropagation()}
          />
        </>
      ) : null}
    </span>
  )
}
