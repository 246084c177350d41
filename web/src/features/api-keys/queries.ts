import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { getJson } from '../../lib/api'
import type { ApiKey, ApiKeyPage, ApiKeyUsage, Catalogue, RecentGatewayUsage, SecretVersionList } from '../../lib/types'
import { apiKeyKeys, catalogueKey, type ListParams } from './queryKeys'

function listQuery(params: ListParams): string {
  const query = new URLSearchParams({
    sort: params.sort,
    order: params.order,
    page: String(params.page),
    page_size: String(params.pageSize),
  })
  if (params.search) query.set('search', params.search)
  if (params.type) query.set('type', params.type)
  if (params.status) query.set('status', params.status)
  for (const label of params.labels) query.append('label', label)
  if (params.lifecycle) query.set('lifecycle', params.lifecycle)
  return query.toString()
}

export function apiKeyListOptions(teamId: string, params: ListParams) {
  return queryOptions({
    queryKey: apiKeyKeys.list(teamId, params),
    queryFn: ({ signal }) =>
      getJson<ApiKeyPage>(
        `/teams/${encodeURIComponent(teamId)}/api-keys?${listQuery(params)}`,
        signal,
      ),
    // The previous page stays on screen while the next loads: no flash of skeleton on paging.
    placeholderData: keepPreviousData,
  })
}

export function apiKeyDetailOptions(teamId: string, id: string) {
  return queryOptions({
    queryKey: apiKeyKeys.detail(teamId, id),
    queryFn: ({ signal }) =>
      getJson<ApiKey>(
        `/teams/${encodeURIComponent(teamId)}/api-keys/${encodeURIComponent(id)}`,
        signal,
      ),
  })
}

export const catalogueOptions = queryOptions({
  queryKey: catalogueKey,
  queryFn: ({ signal }) => getJson<Catalogue>('/api-key-types', signal),
  staleTime: Infinity,
})

// A key's secret versions, newest first (never a secret).
export function apiKeyVersionsOptions(teamId: string, id: string) {
  return queryOptions({
    queryKey: apiKeyKeys.versions(teamId, id),
    queryFn: ({ signal }) =>
      getJson<SecretVersionList>(
        `/teams/${encodeURIComponent(teamId)}/api-keys/${encodeURIComponent(id)}/versions`,
        signal,
      ),
  })
}

// Each key's calls and errors through the gateway over the last 24 hours.
export function recentUsageOptions(teamId: string) {
  return queryOptions({
    queryKey: apiKeyKeys.recentUsage(teamId),
    queryFn: ({ signal }) =>
      getJson<RecentGatewayUsage>(`/teams/${encodeURIComponent(teamId)}/gateway-usage`, signal),
    // Usage is counted without events (one a call would flood the stream): a team whose keys
    // were called in the last 24 hours is asked again each minute; one that never uses the
    // gateway is not (opening the page asks again).
    refetchInterval: (query) => (query.state.data?.items.length ? 60_000 : false),
    select: (data) => new Map(data.items.map((item) => [item.api_key_id, item])),
  })
}

// A key's use through the gateway per day over the last 30 days.
export function apiKeyUsageOptions(teamId: string, id: string) {
  return queryOptions({
    queryKey: apiKeyKeys.usage(teamId, id),
    queryFn: ({ signal }) =>
      getJson<ApiKeyUsage>(
        `/teams/${encodeURIComponent(teamId)}/api-keys/${encodeURIComponent(id)}/usage`,
        signal,
      ),
  })
}
