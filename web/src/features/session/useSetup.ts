import { useSignIn } from './useSignIn'

// First run: creates the owner and the first team with the setup token, and signs in.
export function useSetup() {
  return useSignIn<{ token: string; email: string; password: string; name: string; team_name: string }>('/setup')
}
