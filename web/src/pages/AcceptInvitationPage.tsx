import { useState } from 'react'
import { useNavigate } from 'react-router'
import { errorMessage } from '../lib/api'
import { useAcceptInvitation } from '../features/session/queries'
import { TextField } from './fields'

export function AcceptInvitationPage() {
  const [token] = useState(() => new URLSearchParams(window.location.hash.slice(1)).get('token') ?? '')
  const accept = useAcceptInvitation(token)
  const navigate = useNavigate()
  const [name, setName] = useState('')
  const [password, setPassword] = useState('')
  return (
    <main className="auth-page">
      <h1>Join a team on keyward</h1>
      <p>New here? Choose your name and a password. Already have an account? Enter its password.</p>
      <form
        className="form card"
        noValidate
        onSubmit={(event) => {
          event.preventDefault()
          accept.mutate(name ? { name, password } : { password }, {
            onSuccess: () => {
              window.history.replaceState(null, '', window.location.pathname)
              void navigate('/')
            },
          })
        }}
      >
        <TextField id="accept-name" label="Your name (new accounts)" value={name} onChange={(e) => setName(e.target.value)} />
        <TextField id="accept-password" label="Password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} />
        {accept.isError ? <p className="form-error" role="alert">{errorMessage(accept.error)}</p> : null}
        <button type="submit" disabled={accept.isPending || !token}>
          Join
        </button>
      </form>
    </main>
  )
}
