import { zodResolver } from '@hookform/resolvers/zod'
import { useForm } from 'react-hook-form'
import { useNavigate } from 'react-router'
import { z } from 'zod/mini'
import { setServerFieldErrors } from '../lib/serverFieldErrors'
import { useSetup } from '../features/session/useSetup'
import { FormError, TextField, tokenFromFragment } from './fields'

const schema = z.object({
  token: z.string().check(z.trim(), z.minLength(1, 'Setup token is required')),
  name: z.string().check(z.trim(), z.minLength(1, 'Name is required'), z.maxLength(100, 'Name must be at most 100 characters')),
  email: z.string().check(z.trim(), z.regex(z.regexes.email, 'Enter a valid email address')),
  password: z.string().check(z.minLength(12, 'Password must be at least 12 characters')),
  team_name: z.string().check(z.trim(), z.minLength(1, 'Team name is required'), z.maxLength(100, 'Team name must be at most 100 characters')),
})
type Values = z.infer<typeof schema>

export function SetupPage() {
  const setup = useSetup()
  const navigate = useNavigate()
  const { register, handleSubmit, setError, formState: { errors } } = useForm<Values>({
    resolver: zodResolver(schema),
    mode: 'onChange',
    defaultValues: { token: tokenFromFragment() },
  })
  const submit = handleSubmit((values) =>
    setup.mutate(values, {
      onSuccess: () => {
        window.history.replaceState(null, '', window.location.pathname)
        void navigate('/')
      },
      onError: (error) => void setServerFieldErrors(error, setError, z.keyof(schema).options),
    }),
  )
  return (
    <main className="auth-page">
      <h1>Set up keyward</h1>
      <p>Create the first owner and team. The setup token was printed when the server first started.</p>
      <form className="form card" noValidate onSubmit={submit}>
        <TextField id="setup-token" label="Setup token" autoComplete="off" error={errors.token?.message} {...register('token')} />
        <TextField id="setup-name" label="Your name" autoComplete="name" error={errors.name?.message} {...register('name')} />
        <TextField id="setup-email" label="Email" type="email" autoComplete="username" error={errors.email?.message} {...register('email')} />
        <TextField id="setup-password" label="Password" type="password" autoComplete="new-password" error={errors.password?.message} {...register('password')} />
        <TextField id="setup-team" label="Team name" error={errors.team_name?.message} {...register('team_name')} />
        <FormError error={setup.error} />
        <button type="submit" disabled={setup.isPending}>
          {setup.isPending ? 'Creating…' : 'Create owner and team'}
        </button>
      </form>
    </main>
  )
}
