import { useMutation, useQueryClient } from '@tanstack/react-query'
import { request } from '../../lib/api'
import { webhooksPath } from './queries'
import { webhookKeys } from './queryKeys'

// Deletes an endpoint with its delivery log.
export function useDeleteWebhook(teamId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => request<void>('DELETE', webhooksPath(teamId, id)),
    onSuccess: () => client.invalidateQueries({ queryKey: webhookKeys.all(teamId) }),
  })
}
