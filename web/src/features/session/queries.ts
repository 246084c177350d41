import { queryOptions, useQuery } from '@tanstack/react-query'
import { ApiError, getJson, setCsrfToken } from '../../lib/api'
import type { Me, SetupStatus } from '../../lib/types'
import { sessionKeys } from './queryKeys'

// The signed-in user, or null when nobody is signed in.
export const meQueryOptions = queryOptions({
  queryKey: sessionKeys.me,
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
  queryKey: sessionKeys.setup,
  queryFn: ({ signal }) => getJson<SetupStatus>('/setup', signal),
})
