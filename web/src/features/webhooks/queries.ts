import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { getJson } from '../../lib/api'
import type { WebhookDeliveryPage, WebhookList } from '../../lib/types'
import { webhookKeys, type DeliveryPageParams } from './queryKeys'

export function webhooksPath(teamId: string, id?: string): string {
  const base = `/teams/${encodeURIComponent(teamId)}/webhooks`
  return id === undefined ? base : `${base}/${encodeURIComponent(id)}`
}

// The team's endpoints, oldest first; never a secret.
export function webhookListOptions(teamId: string) {
  return queryOptions({
    queryKey: webhookKeys.list(teamId),
    queryFn: ({ signal }) => getJson<WebhookList>(webhooksPath(teamId), signal),
  })
}

// How often an open log with a delivery still pending asks again: attempts change it on the
// server, and no live event says so.
const kPendingPollMs = 5000

// One page of an endpoint's delivery log, newest first.
export function deliveryPageOptions(teamId: string, id: string, params: DeliveryPageParams) {
  const query = new URLSearchParams({ page: String(params.page), page_size: String(params.pageSize) })
  return queryOptions({
    queryKey: webhookKeys.deliveryPage(teamId, id, params),
    queryFn: ({ signal }) =>
      getJson<WebhookDeliveryPage>(`${webhooksPath(teamId, id)}/deliveries?${query.toString()}`, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.items.some((delivery) => delivery.status === 'pending') ? kPendingPollMs : false,
  })
}
