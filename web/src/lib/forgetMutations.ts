import type { MutationKey, QueryClient } from '@tanstack/react-query'

// Removes every mutation under `mutationKey` from the client's mutation cache at once, with its
// answer and its variables: a secret shown once must not outlive its dialog in memory that
// developer tools (or a later bug) could read.
export function forgetMutations(client: QueryClient, mutationKey: MutationKey): void {
  const cache = client.getMutationCache()
  for (const mutation of cache.findAll({ mutationKey })) cache.remove(mutation)
}
