import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useCallback, useSyncExternalStore } from 'react'
import type { ApiKeyPage } from '../../lib/types'
import { apiKeyListOptions } from './queries'
import { apiKeyKeys, type ListParams } from './queryKeys'

// The list as a link without a query string shows it: the API Keys tab's first view.
export const defaultListParams: ListParams = {
  search: '',
  type: '',
  status: '',
  labels: [],
  lifecycle: '',
  sort: 'created_at',
  order: 'desc',
  page: 1,
  pageSize: 25,
}

// The newest answer among the team's cached key lists: every one counts the whole team's keys
// that need attention, whatever its filters.
function newestCount(client: QueryClient, teamId: string): number | undefined {
  let newest: { at: number; count: number } | undefined
  for (const query of client.getQueryCache().findAll({ queryKey: apiKeyKeys.lists(teamId) })) {
    const data = query.state.data as ApiKeyPage | undefined
    if (data && (!newest || query.state.dataUpdatedAt > newest.at)) {
      newest = { at: query.state.dataUpdatedAt, count: data.needs_attention }
    }
  }
  return newest?.count
}

// How many of the team's keys are expiring, expired or due for rotation, read from the key list
// queries already in the cache (the API Keys tab's own). `watch`: when the tab is not on screen,
// keep the unfiltered first page in the cache (one request, refetched on the team's events).
export function useNeedsAttention(teamId: string, watch: boolean): number | undefined {
  const client = useQueryClient()
  useQuery({ ...apiKeyListOptions(teamId, defaultListParams), enabled: watch })
  const subscribe = useCallback((onChange: () => void) => client.getQueryCache().subscribe(onChange), [client])
  return useSyncExternalStore(subscribe, () => newestCount(client, teamId))
}
