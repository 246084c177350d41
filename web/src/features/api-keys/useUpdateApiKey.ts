import { useMutation, useQueryClient } from '@tanstack/react-query'
import { request } from '../../lib/api'
import type { ApiKey, ApiKeyChanges } from '../../lib/types'
import { apiKeyKeys } from './queryKeys'


// Updates a key only if it is still at `version` (If-Match); a 412 means someone else was first.
export function useUpdateApiKey(teamId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async ({ id, version, changes }: { id: string; version: number; changes: ApiKeyChanges }) =>
      (
        await request<ApiKey>(
          'PATCH',
          `/teams/${encodeURIComponent(teamId)}/api-keys/${encodeURIComponent(id)}`,
          { body: changes, headers: { 'If-Match': `"${version}"` } },
        )
      ).data,
    meta: { ownErrors: true },
    onSuccess: (key) => {
      client.setQueryData(apiKeyKeys.detail(teamId, key.id), key)
      return client.invalidateQueries({ queryKey: apiKeyKeys.lists(teamId) })
    },
  })
}
