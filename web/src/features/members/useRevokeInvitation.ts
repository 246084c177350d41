import { useMutation, useQueryClient } from '@tanstack/react-query'
import { request } from '../../lib/api'
import { invitationKeys } from './queryKeys'

// Revokes a pending invitation; resolves after the pending list has been refetched.
export function useRevokeInvitation(teamId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      request<void>('DELETE', `/teams/${encodeURIComponent(teamId)}/invitations/${encodeURIComponent(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: invitationKeys.all(teamId) }),
  })
}
