import { useMutation, useQueryClient } from '@tanstack/react-query'
import { request } from '../../lib/api'
import type { WebhookDelivery } from '../../lib/types'
import { webhooksPath } from './queries'
import { webhookKeys } from './queryKeys'

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
