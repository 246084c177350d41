import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { getJson } from '../../lib/api'
import type { ApiKeyPage, AuditPage } from '../../lib/types'
import { auditKeys, type AuditPageParams } from './queryKeys'

// One page of the log, filtered on the server by action and actor when they are set.
export function auditPageOptions(teamId: string, params: AuditPageParams) {
  const query = new URLSearchParams({ page: String(params.page), page_size: String(params.pageSize) })
  if (params.action) query.set('action', params.action)
  if (params.actor) query.set('actor', params.actor)
  return queryOptions({
    queryKey: auditKeys.page(teamId, params),
    queryFn: ({ signal }) =>
      getJson<AuditPage>(`/teams/${encodeURIComponent(teamId)}/audit-events?${query.toString()}`, signal),
    // The previous page stays on screen while the next loads.
    placeholderData: keepPreviousData,
  })
}

// The descriptions of the team's keys by id (the newest 100), so that an event naming only a
// key's id ("revealed") can say which key; a key not among them is "an API key".
export function keyNamesOptions(teamId: string) {
  return queryOptions({
    queryKey: auditKeys.keyNames(teamId),
    queryFn: async ({ signal }) => {
      const page = await getJson<ApiKeyPage>(
        `/teams/${encodeURIComponent(teamId)}/api-keys?page_size=100&sort=created_at&order=desc`,
        signal,
      )
      return new Map(page.items.map((key) => [key.id, key.description]))
    },
  })
}
