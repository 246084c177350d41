import { useMutation, useQueryClient } from '@tanstack/react-query'
import { request, setCsrfToken } from '../../lib/api'
import type { SignedIn } from '../../lib/types'
import { sessionKeys } from './queryKeys'

// What every way of signing in shares: POST, keep the CSRF token, and resolve after the
// signed-in user has been refetched. The forms show their own errors. The variables (the
// password, a setup or invitation token) leave the mutation cache with the page (the client's
// mutation gcTime is 0).
export function useSignIn<TBody>(path: string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (body: TBody) => {
      const { data } = await request<SignedIn>('POST', path, { body })
      setCsrfToken(data.csrf_token)
      return data
    },
    meta: { ownErrors: true },
    onSuccess: () => client.invalidateQueries({ queryKey: sessionKeys.me }),
  })
}
