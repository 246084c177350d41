import { useMutation, useQueryClient } from '@tanstack/react-query'
import { request } from '../../lib/api'
import { forgetMutations } from '../../lib/forgetMutations'
import type { NewServiceToken, ServiceToken } from '../../lib/types'
import { serviceTokenKeys } from './queryKeys'

// Creates a token; resolves after the team's tokens have been refetched. The answer carries the
// token, shown once: it is `data` of this mutation only (never put in the query cache), and
// `forget()` drops it from the mutation cache the moment its dialog closes.
export function useCreateServiceToken(teamId: string) {
  const client = useQueryClient()
  const mutation = useMutation({
    mutationKey: serviceTokenKeys.create(teamId),
    mutationFn: async (body: NewServiceToken) =>
      (await request<ServiceToken>('POST', `/teams/${encodeURIComponent(teamId)}/service-tokens`, { body }))
        .data,
    meta: { ownErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: serviceTokenKeys.list(teamId) }),
  })
  const forget = () => {
    mutation.reset()
    forgetMutations(client, serviceTokenKeys.create(teamId))
  }
  return { ...mutation, forget }
}
