import { useMutation, useQueryClient } from '@tanstack/react-query'
import { request, setCsrfToken } from '../../lib/api'

// Signs out; whatever the answer, forgets the CSRF token and every cached query of this user.
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
