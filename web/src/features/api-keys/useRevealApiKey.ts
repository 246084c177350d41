import { useMutation } from '@tanstack/react-query'
import { request } from '../../lib/api'
import type { RevealedKey } from '../../lib/types'

// Asks for the plaintext (audited by the server). Never cached: the value lives only in the
// component that shows or copies it (and the mutation until reset; the client's gcTime is 0).
export function useRevealApiKey(teamId: string) {
  return useMutation({
    mutationFn: async (id: string) =>
      (
        await request<RevealedKey>(
          'POST',
          `/teams/${encodeURIComponent(teamId)}/api-keys/${encodeURIComponent(id)}/reveal`,
        )
      ).data.key,
  })
}
