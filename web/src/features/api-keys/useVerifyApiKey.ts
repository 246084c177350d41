import { useMutation, useQueryClient } from '@tanstack/react-query'
import { request } from '../../lib/api'
import type { VerifyResult } from '../../lib/types'
import { apiKeyKeys } from './queryKeys'


// Asks the server to check the key with its provider; the result is kept on the key.
export function useVerifyApiKey(teamId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (id: string) =>
      (
        await request<VerifyResult>(
          'POST',
          `/teams/${encodeURIComponent(teamId)}/api-keys/${encodeURIComponent(id)}/verify`,
        )
      ).data,
    meta: { ownErrors: true },  // every caller says what failed where it happened
    onSuccess: () => client.invalidateQueries({ queryKey: apiKeyKeys.lists(teamId) }),
  })
}
