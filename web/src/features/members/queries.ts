import { queryOptions } from '@tanstack/react-query'
import { getJson } from '../../lib/api'
import type { MemberList, PendingInvitationList } from '../../lib/types'
import { invitationKeys, memberKeys } from './queryKeys'

export function memberListOptions(teamId: string) {
  return queryOptions({
    queryKey: memberKeys.list(teamId),
    queryFn: ({ signal }) =>
      getJson<MemberList>(`/teams/${encodeURIComponent(teamId)}/members`, signal),
  })
}

// Only those who manage members may list invitations: `enabled` is false for the others.
export function invitationListOptions(teamId: string, enabled: boolean) {
  return queryOptions({
    queryKey: invitationKeys.list(teamId),
    queryFn: ({ signal }) =>
      getJson<PendingInvitationList>(`/teams/${encodeURIComponent(teamId)}/invitations`, signal),
    enabled,
  })
}
