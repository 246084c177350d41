import { zodResolver } from '@hookform/resolvers/zod'
import { useForm } from 'react-hook-form'
import { useNavigate } from 'react-router'
import { z } from 'zod/mini'
import { setServerFieldErrors } from '../lib/serverFieldErrors'
import { useLogin } from '../features/session/useLogin'
import { FormError, TextField } from './fields'

const schema = z.object({
  email: z.string().check(z.trim(), z.minLength(1, 'Email is required')),
  password: z.string().check(z.minLength(1, 'Password is required')),
})
type Values = z.infer<typeof schema>

export function LoginPage() {
  const login = useLogin()
  const navigate = useNavigate()
  const { register, handleSubmit, setError, formState: { errors } } = useForm<Values>({ resolver: zodResolver(schema) })
  return (
    <main className="auth-page">
      <h1>Sign in to keyward</h1>
      <form
        className="form card"
        noValidate
        onSubmit={handleSubmit((values) =>
          login.mutate(values, {
            onSuccess: () => void navigate('/'),
            onError: (error) => void setServerFieldErrors(error, setError, z.keyof(schema).options),
          }),
        )}
      >
        <TextField id="login-email" label="Email" type="email" autoComplete="username" error={errors.email?.message} {...register('email')} />
        <TextField id="login-password" label="Password" type="password" autoComplete="current-password" error={errors.password?.message} {...register('password')} />
        <FormError error={login.error} />
        <button type="submit" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  )
}
