import type { AcceptInvitationRequest } from '../../lib/types'
import { useSignIn } from './useSignIn'

// Joins with the invitation's token: a new account (name and password) or an existing one
// (its password).
export function useAcceptInvitation(token: string) {
  return useSignIn<AcceptInvitationRequest>(`/invitations/${encodeURIComponent(token)}/accept`)
}
