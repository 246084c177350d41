import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query'
import { toast } from 'sonner'
import { ApiError, errorMessage, NetworkError } from './api'
import { whenBack } from './connectivity'
import { sessionKeys } from '../features/session/queryKeys'

declare module '@tanstack/react-query' {
  interface Register {
    // A mutation that shows its own error (a form with field messages) sets meta.ownErrors.
    mutationMeta: { ownErrors?: boolean }
  }
}

export function makeQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error) => {
        if (error instanceof ApiError && error.status === 401) {
          void client.invalidateQueries({ queryKey: sessionKeys.me })
        }
      },
    }),
    // One default error toast for every mutation that does not handle its own.
    mutationCache: new MutationCache({
      onError: (error, _variables, _context, mutation) => {
        if (mutation.meta?.ownErrors) return
        toast.error(errorMessage(error))
      },
    }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        // An unreachable server is retried (quietly, with the banner up); a 4xx is final.
        retry: (count, error) => error instanceof NetworkError || (!(error instanceof ApiError) && count < 2),
        retryDelay: (count) => Math.min(1000 * 2 ** count, 8000),
        refetchOnWindowFocus: true,
      },
      // A mutation's variables and answer may hold a secret (a password, a key typed or
      // revealed, a token or link shown once): it leaves the mutation cache as soon as no
      // component shows it, not five minutes later. Nothing reads finished mutations back.
      mutations: { gcTime: 0 },
    },
  })
  whenBack(() => void client.invalidateQueries())
  return client
}
