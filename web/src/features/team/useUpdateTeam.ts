import { useMutation, useQueryClient } from '@tanstack/react-query'
import { request } from '../../lib/api'
import type { TeamChanges, TeamMembership } from '../../lib/types'
import { apiKeyKeys } from '../api-keys/queryKeys'
import { sessionKeys } from '../session/queryKeys'

// Changes the team's settings (team:manage). The session holds every team's settings, and a new
// rotation period or warning window re-marks the keys: both are refetched before it resolves.
export function useUpdateTeam(teamId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (changes: TeamChanges) =>
      (await request<TeamMembership>('PATCH', `/teams/${encodeURIComponent(teamId)}`, { body: changes })).data,
    meta: { ownErrors: true },
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: sessionKeys.me }),
        client.invalidateQueries({ queryKey: apiKeyKeys.all(teamId) }),
      ]),
  })
}
