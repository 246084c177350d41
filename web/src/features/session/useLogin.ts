import { useSignIn } from './useSignIn'

export function useLogin() {
  return useSignIn<{ email: string; password: string }>('/session')
}
