import type { SetupRequest } from '../../lib/types'
import { useSignIn } from './useSignIn'

// First run: creates the owner and the first team with the setup token, and signs in.
export function useSetup() {
  return useSignIn<SetupRequest>('/setup')
}
