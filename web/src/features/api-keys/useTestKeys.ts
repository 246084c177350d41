import { useCallback, useState } from 'react'
import { toast } from 'sonner'
import { errorMessage } from '../../lib/api'
import type { ApiKey } from '../../lib/types'
import { statusText } from './StatusBadge'
import { useVerifyApiKey } from './useVerifyApiKey'

// Test one key or several with their providers, one after the other (the server limits checks
// per team), saying how far it got and, at the end, what each answered.
export function useTestKeys(teamId: string) {
  const verify = useVerifyApiKey(teamId)
  const { mutateAsync } = verify
  const [progress, setProgress] = useState<string | null>(null)
  const run = useCallback(
    async (keys: ApiKey[]) => {
      const counts = new Map<string, number>()
      const failures: string[] = []
      for (const [index, key] of keys.entries()) {
        setProgress(`Testing ${index + 1} of ${keys.length}…`)
        try {
          const result = await mutateAsync(key.id)
          const label = statusText[result.status].label
          counts.set(label, (counts.get(label) ?? 0) + 1)
          if (keys.length === 1) {
            const say = result.status === 'valid' ? toast.success : result.status === 'invalid' ? toast.error : toast.info
            say(`${key.description}: ${label}. ${result.detail}`)
          }
        } catch (error) {
          failures.push(`${key.description}: ${errorMessage(error)}`)
        }
      }
      setProgress(null)
      if (keys.length > 1) {
        const summary = [...counts].map(([label, n]) => `${n} ${label.toLowerCase()}`).join(', ')
        toast.success(`Tested ${keys.length} keys${summary ? `: ${summary}` : ''}`)
      }
      if (failures.length > 0) toast.error(`Not tested: ${failures.join('; ')}`)
    },
    [mutateAsync],
  )
  return { run, running: progress !== null, progress: progress ?? '' }
}
