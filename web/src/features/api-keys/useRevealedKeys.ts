import { useCallback, useEffect, useRef, useState } from 'react'
import { toast } from 'sonner'
import { useRevealApiKey } from './useRevealApiKey'

// A revealed key disappears again after this long.
const kRevealMs = 20_000

// The keys shown in plaintext on this page, by id, each hidden again after 20 s; and copy
// without showing. A plaintext lives only here (and in the mutation until reset; the client's
// mutation gcTime is 0), never in a query cache.
export function useRevealedKeys(teamId: string) {
  const reveal = useRevealApiKey(teamId)
  const { mutateAsync, reset } = reveal
  const [shown, setShown] = useState<ReadonlyMap<string, string>>(new Map())
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>())

  const hide = useCallback(
    (id: string) => {
      clearTimeout(timers.current.get(id))
      timers.current.delete(id)
      setShown((current) => {
        const next = new Map(current)
        next.delete(id)
        return next
      })
      reset()
    },
    [reset],
  )
  useEffect(() => {
    const pending = timers.current
    return () => pending.forEach((timer) => clearTimeout(timer))
  }, [])

  const show = async (id: string) => {
    const key = await mutateAsync(id)
    reset()
    setShown((current) => new Map(current).set(id, key))
    clearTimeout(timers.current.get(id))
    timers.current.set(id, setTimeout(() => hide(id), kRevealMs))
  }
  const toggle = (id: string) => (shown.has(id) ? hide(id) : show(id).catch(() => undefined))

  // Fetched for the clipboard only and forgotten at once. A failed request has said why (toast).
  const copy = async (id: string) => {
    let key = shown.get(id)
    if (key === undefined) {
      try {
        key = await mutateAsync(id)
      } catch {
        return
      } finally {
        reset()
      }
    }
    try {
      await navigator.clipboard.writeText(key)
      toast.success('Key copied to the clipboard')
    } catch {
      toast.error('The browser did not allow copying. Reveal the key and copy it by hand.')
    }
  }
  return { shown, toggle, copy, pending: reveal.isPending }
}
