import { useMutation, useQueryClient } from '@tanstack/react-query'
import { request } from '../../lib/api'
import { forgetMutations } from '../../lib/forgetMutations'
import type { NewWebhook, WebhookChanges, WebhookDelivery, WebhookEndpoint } from '../../lib/types'
import { webhookKeys } from './queryKeys'
import { webhooksPath } from './queries'

// Creates an endpoint; resolves after the list has been refetched. The answer carries the
// signing secret, shown once: it is `data` of this mutation only (never put in the query cache),
// and `forget()` drops it from the mutation cache the moment its dialog closes.
export function useCreateWebhook(teamId: string) {
  const client = useQueryClient()
  const mutation = useMutation({
    mutationKey: webhookKeys.create(teamId),
    mutationFn: async (body: NewWebhook) =>
      (await request<WebhookEndpoint>('POST', webhooksPath(teamId), { body })).data,
    meta: { ownErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: webhookKeys.list(teamId) }),
  })
  const forget = () => {
    mutation.reset()
    forgetMutations(client, webhookKeys.create(teamId))
  }
  return { ...mutation, forget }
}

// Changes an endpoint (its fields, or enabled to pause and enable it); resolves after the list
// has been refetched.
export function useUpdateWebhook(teamId: string, ownErrors = false) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async ({ id, changes }: { id: string; changes: WebhookChanges }) =>
      (await request<WebhookEndpoint>('PATCH', webhooksPath(teamId, id), { body: changes })).data,
    meta: ownErrors ? { ownErrors: true } : undefined,
    onSuccess: () => client.invalidateQueries({ queryKey: webhookKeys.list(teamId) }),
  })
}

// Deletes an endpoint with its delivery log.
export function useDeleteWebhook(teamId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => request<void>('DELETE', webhooksPath(teamId, id)),
    onSuccess: () => client.invalidateQueries({ queryKey: webhookKeys.all(teamId) }),
  })
}

// Queues a webhook.test event to one endpoint; its delivery log is refetched.
export function useTestWebhook(teamId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (id: string) =>
      (await request<WebhookDelivery>('POST', `${webhooksPath(teamId, id)}/test`)).data,
    onSuccess: (_delivery, id) => client.invalidateQueries({ queryKey: webhookKeys.deliveries(teamId, id) }),
  })
}

// Sends a delivery's event again, as a new delivery with the same webhook-id.
export function useRedeliver(teamId: string, id: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (delivery: string) =>
      (
        await request<WebhookDelivery>(
          'POST',
          `${webhooksPath(teamId, id)}/deliveries/${encodeURIComponent(delivery)}/redeliver`,
        )
      ).data,
    onSuccess: () => client.invalidateQueries({ queryKey: webhookKeys.deliveries(teamId, id) }),
  })
}
