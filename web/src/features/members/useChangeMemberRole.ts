import { useMutation, useQueryClient } from '@tanstack/react-query'
import { request } from '../../lib/api'
import type { Member, RoleChange } from '../../lib/types'
import { memberKeys } from './queryKeys'

// Gives a member another role; resolves after the team's members have been refetched.
export function useChangeMemberRole(teamId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string } & RoleChange) =>
      request<Member>('PATCH', `/teams/${encodeURIComponent(teamId)}/members/${encodeURIComponent(userId)}`, {
        body: { role },
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: memberKeys.all(teamId) }),
  })
}
