import { useMutation, useQueryClient } from '@tanstack/react-query'
import { request } from '../../lib/api'
import { memberKeys } from './queryKeys'

// Removes a member from the team; resolves after the team's members have been refetched.
export function useRemoveMember(teamId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (userId: string) =>
      request<void>('DELETE', `/teams/${encodeURIComponent(teamId)}/members/${encodeURIComponent(userId)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: memberKeys.all(teamId) }),
  })
}
