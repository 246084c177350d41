import { useMutation, useQueryClient } from '@tanstack/react-query'
import { request } from '../../lib/api'
import type { Invitation, NewInvitation } from '../../lib/types'
import { invitationKeys, memberKeys } from './queryKeys'

// Invites someone; resolves after members and pending invitations have been refetched. The
// answer holds the link (shown once): it leaves the mutation cache as soon as nothing shows it
// any more (the client's mutation gcTime is 0).
export function useInviteMember(teamId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (body: NewInvitation) =>
      (await request<Invitation>('POST', `/teams/${encodeURIComponent(teamId)}/invitations`, { body })).data,
    meta: { ownErrors: true },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: memberKeys.all(teamId) })
      await client.invalidateQueries({ queryKey: invitationKeys.all(teamId) })
    },
  })
}
