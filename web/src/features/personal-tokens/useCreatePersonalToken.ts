import { useMutation, useQueryClient } from '@tanstack/react-query'
import { request } from '../../lib/api'
import { forgetMutations } from '../../lib/forgetMutations'
import type { NewPersonalToken, PersonalToken } from '../../lib/types'
import { personalTokenKeys } from './queryKeys'

// Creates a token; the answer carries it, shown once: `data` of this mutation only (never in the
// query cache), and `forget()` drops it from the mutation cache when its dialog closes.
export function useCreatePersonalToken() {
  const client = useQueryClient()
  const mutation = useMutation({
    mutationKey: personalTokenKeys.create(),
    mutationFn: async (body: NewPersonalToken) => (await request<PersonalToken>('POST', '/me/tokens', { body })).data,
    meta: { ownErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: personalTokenKeys.list() }),
  })
  const forget = () => {
    mutation.reset()
    forgetMutations(client, personalTokenKeys.create())
  }
  return { ...mutation, forget }
}
