import { useMutation, useQueryClient } from '@tanstack/react-query'
import { request } from '../../lib/api'
import { personalTokenKeys } from './queryKeys'

// Revokes one of the user's tokens; the list is refetched.
export function useRevokePersonalToken() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (id: string) => {
      await request('DELETE', `/me/tokens/${encodeURIComponent(id)}`)
    },
    onSuccess: () => client.invalidateQueries({ queryKey: personalTokenKeys.list() }),
  })
}
