import { useMutation, useQueryClient } from '@tanstack/react-query'
import { request } from '../../lib/api'
import { forgetMutations } from '../../lib/forgetMutations'
import type { NewWebhook, WebhookEndpoint } from '../../lib/types'
import { webhooksPath } from './queries'
import { webhookKeys } from './queryKeys'

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
