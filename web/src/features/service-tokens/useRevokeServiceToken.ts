import { useMutation, useQueryClient } from '@tanstack/react-query'
import { request } from '../../lib/api'
import { serviceTokenKeys } from './queryKeys'

// Revokes a token; resolves after the team's tokens have been refetched.
export function useRevokeServiceToken(teamId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      request<void>('DELETE', `/teams/${encodeURIComponent(teamId)}/service-tokens/${encodeURIComponent(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: serviceTokenKeys.list(teamId) }),
  })
}
