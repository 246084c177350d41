import { zodResolver } from '@hookform/resolvers/zod'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { useNavigate } from 'react-router'
import { z } from 'zod/mini'
import { setServerFieldErrors } from '../lib/serverFieldErrors'
import { useAcceptInvitation } from '../features/session/useAcceptInvitation'
import { FormError, TextField, tokenFromFragment } from './fields'

// A new account gives a name (the server checks it and the password); an existing one only its
// password, which the server checks against the account.
const schema = z.object({
  name: z.string(),
  password: z.string().check(z.minLength(1, 'Password is required')),
})
type Values = z.infer<typeof schema>

export function AcceptInvitationPage() {
  const [token] = useState(tokenFromFragment)
  const accept = useAcceptInvitation(token)
  const navigate = useNavigate()
  const { register, handleSubmit, setError, formState: { errors } } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { name: '', password: '' },
  })
  const submit = handleSubmit(({ name, password }) =>
    accept.mutate(name ? { name, password } : { password }, {
      onSuccess: () => {
        window.history.replaceState(null, '', window.location.pathname)
        void navigate('/')
      },
      onError: (error) => void setServerFieldErrors(error, setError, z.keyof(schema).options),
    }),
  )
  return (
    <main className="auth-page">
      <h1>Join a team on keyward</h1>
      <p>New here? Choose your name and a password. Already have an account? Enter its password.</p>
      <form className="form card" noValidate onSubmit={(event) => void submit(event)}>
        <TextField id="accept-name" label="Your name (new accounts)" error={errors.name?.message} {...register('name')} />
        <TextField id="accept-password" label="Password" type="password" error={errors.password?.message} {...register('password')} />
        <FormError error={accept.error} />
        <button type="submit" disabled={accept.isPending || !token}>
          Join
        </button>
      </form>
    </main>
  )
}
