import { useMutation, useQueryClient } from '@tanstack/react-query'
import { request } from '../../lib/api'
import type { WebhookChanges, WebhookEndpoint } from '../../lib/types'
import { webhooksPath } from './queries'
import { webhookKeys } from './queryKeys'

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
