import { useMutation, useQueryClient } from '@tanstack/react-query'
import { request } from '../../lib/api'
import type { ApiKey, RevealedVersion } from '../../lib/types'
import { apiKeyKeys } from './queryKeys'

const path = (teamId: string, id: string, version: number, action: string) =>
  `/teams/${encodeURIComponent(teamId)}/api-keys/${encodeURIComponent(id)}/versions/${version}/${action}`

// A past version's secret (audited as a reveal). Never cached: it lives in the panel that shows it
// (and the mutation until reset; the client's mutation gcTime is 0).
export function useRevealVersion(teamId: string, id: string) {
  return useMutation({
    mutationFn: async (version: number) =>
      (await request<RevealedVersion>('POST', path(teamId, id, version, 'reveal'))).data.key,
  })
}

// Restores a past version as a new one, only if the key is still at `expected` (If-Match).
export function useRestoreVersion(teamId: string, id: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async ({ version, expected }: { version: number; expected: number }) =>
      (
        await request<ApiKey>('POST', path(teamId, id, version, 'restore'), {
          headers: { 'If-Match': `"${expected}"` },
        })
      ).data,
    meta: { ownErrors: true },
    onSuccess: (key) => {
      client.setQueryData(apiKeyKeys.detail(teamId, key.id), key)
      void client.invalidateQueries({ queryKey: apiKeyKeys.versions(teamId, key.id) })
      return client.invalidateQueries({ queryKey: apiKeyKeys.lists(teamId) })
    },
  })
}
