import { useMutation, useQueryClient } from '@tanstack/react-query'
import { request } from '../../lib/api'
import type { ApiKey, NewApiKey } from '../../lib/types'
import { apiKeyKeys } from './queryKeys'


// Creates a key; resolves after the team's lists have been refetched.
export function useCreateApiKey(teamId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (body: NewApiKey) =>
      (await request<ApiKey>('POST', `/teams/${encodeURIComponent(teamId)}/api-keys`, { body }))
        .data,
    meta: { ownErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: apiKeyKeys.lists(teamId) }),
  })
}
