import { useMutation, useQueryClient } from '@tanstack/react-query'
import { request } from '../../lib/api'
import type { WebhookDelivery } from '../../lib/types'
import { webhooksPath } from './queries'
import { webhookKeys } from './queryKeys'

// Queues a webhook.test event to one endpoint; its delivery log is refetched.
export function useTestWebhook(teamId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (id: string) =>
      (await request<WebhookDelivery>('POST', `${webhooksPath(teamId, id)}/test`)).data,
    onSuccess: (_delivery, id) => client.invalidateQueries({ queryKey: webhookKeys.deliveries(teamId, id) }),
  })
}
