import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ApiError, getJson, request, setCsrfToken } from '../../lib/api'
import type { Me, SignedIn } from '../../lib/types'

export const meKey = ['me'] as const

// The signed-in user, or null when nobody is signed in.
export const meQueryOptions = queryOptions({
  queryKey: meKey,
  queryFn: async ({ signal }): Promise<Me | null> => {
    try {
      const me = await getJson<Me>('/me', signal)
      setCsrfToken(me.csrf_token)
      return me
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null
      throw error
    }
  },
  staleTime: 60_000,
})

export function useMe() {
  return useQuery(meQueryOptions)
}

export const setupStatusQueryOptions = queryOptions({
  queryKey: ['setup'] as const,
  queryFn: ({ signal }) => getJson<{ needed: boolean }>('/setup', signal),
})

function useSignInMutation<TBody>(path: (body: TBody) => string) {
  const client = useQueryClient()
  return useMutation({
    mutationFn: async (body: TBody) => {
      const { data } = await request<SignedIn>('POST', path(body), { body })
      setCsrfToken(data.csrf_token)
      return data
    },
    meta: { ownErrors: true },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: meKey })
    },
  })
}

export function useLogin() {
  return useSignInMutation<{ email: string; password: string }>(() => '/session')
}

export function useSetup() {
  return useSignInMutation<{
    token: string
    email: string
    password: string
    name: string
    team_name: string
  }>(() => '/setup')
}

export function useAcceptInvitation(token: string) {
  return useSignInMutation<{ name?: string; password: string }>(
    () => `/invitations/${encodeURIComponent(token)}/accept`,
  )
}

export function useLogout() {
  const client = useQueryClient()
  return useMutation({
    mutationFn: () => request<void>('DELETE', '/session'),
    onSettled: () => {
      setCsrfToken('')
      client.clear()
    },
  })
}
