import { useSignIn } from './useSignIn'

// Joins with the invitation's token: a new account (name and password) or an existing one
// (its password).
export function useAcceptInvitation(token: string) {
  return useSignIn<{ name?: string; password: string }>(`/invitations/${encodeURIComponent(token)}/accept`)
}
