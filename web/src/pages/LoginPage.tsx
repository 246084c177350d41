import { zodResolver } from '@hookform/resolvers/zod'
import { useForm } from 'react-hook-form'
import { useNavigate } from 'react-router'
import { z } from 'zod'
import { errorMessage } from '../lib/api'
import { useLogin } from '../features/session/queries'
import { TextField } from './fields'

const schema = z.object({
  email: z.string().trim().min(1, 'Email is required'),
  password: z.string().min(1, 'Password is required'),
})
type Values = z.infer<typeof schema>

export function LoginPage() {
  const login = useLogin()
  const navigate = useNavigate()
  const { register, handleSubmit, formState: { errors } } = useForm<Values>({ resolver: zodResolver(schema) })
  return (
    <main className="auth-page">
      <h1>Sign in to keyward</h1>
      <form
        className="form card"
        noValidate
        onSubmit={handleSubmit((values) => login.mutate(values, { onSuccess: () => void navigate('/') }))}
      >
        <TextField id="login-email" label="Email" type="email" autoComplete="username" error={errors.email?.message} {...register('email')} />
        <TextField id="login-password" label="Password" type="password" autoComplete="current-password" error={errors.password?.message} {...register('password')} />
        {login.isError ? <p className="form-error" role="alert">{errorMessage(login.error)}</p> : null}
        <button type="submit" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  )
}
