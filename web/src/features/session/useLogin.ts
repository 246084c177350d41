import type { SignInRequest } from '../../lib/types'
import { useSignIn } from './useSignIn'

export function useLogin() {
  return useSignIn<SignInRequest>('/session')
}
