import { useCallback, useEffect, useState } from 'react'
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
  const { reset: forgetReveal } = reveal
  const [plaintext, setPlaintext] = useState<string | null>(null)
  // Hidden again: the plaintext leaves the component and the mutation cache (the client's mutation gcTime is 0).
  const hide = useCallback(() => {
    setPlaintext(null)
    forgetReveal()
  }, [forgetReveal])

  useEffect(() => {
    if (plaintext === null) return
    const timer = setTimeout(hide, kRevealMs)
    return () => clearTimeout(timer)
  }, [plaintext, hide])

  const show = async () => {
    if (plaintext !== null) {
      hide()
      return
    }
    setPlaintext(await reveal.mutateAsync(apiKey.id))
  }
  // Copy without showing: the key is fetched for the clipboard only and forgotten at once.
  const fetchForCopy = async () => {
    const key = await reveal.mutateAsync(apiKey.id)
    forgetReveal()
    return key
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
          >
            {plaintext === null ? 'Reveal' : 'Hide'}
          </button>
          <CopyButton
            value={plaintext ?? fetchForCopy}
            label="Copy"
            copiedMessage="Key copied to the clipboard"
            refusedMessage="The browser did not allow copying. Reveal the key and copy it by hand."
            className="icon-button"
            aria-label={`Copy key ${apiKey.description}`}
            disabled={reveal.isPending}
          />
        </>
      ) : null}
    </span>
  )
}
