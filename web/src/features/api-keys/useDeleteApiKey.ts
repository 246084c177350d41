import { useMutation, useQueryClient } from '@tanstack/react-query'
import { request } from '../../lib/api'
import { apiKeyKeys } from './queryKeys'

export function useDeleteApiKey(teamId: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: (id: string) =>
      request<void>('DELETE', `/teams/${encodeURIComponent(teamId)}/api-keys/${encodeURIComponent(id)}`),
    onSuccess: (_data, id) => {
      client.removeQueries({ queryKey: apiKeyKeys.detail(teamId, id) })
      return client.invalidateQueries({ queryKey: apiKeyKeys.lists(teamId) })
    },
  })
}
