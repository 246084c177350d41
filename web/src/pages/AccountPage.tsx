import { NavLink, useNavigate } from 'react-router'
import { PersonalTokensSection } from '../features/personal-tokens/PersonalTokensSection'
import { useLogout } from '../features/session/useLogout'
import type { Me } from '../lib/types'
import '../tabs.css'

// The signed-in user's own settings: who they are, and their personal access tokens.
export function AccountPage({ me }: { me: Me }) {
  const navigate = useNavigate()
  const logout = useLogout()
  const first = me.teams[0]
  return (
    <div className="app">
      <header className="topbar">
        <strong className="brand">keyward</strong>
        {first ? <NavLink to={`/teams/${first.id}/settings/api-keys`}>Team settings</NavLink> : null}
        <span className="spacer" />
        <span className="who">
          {me.user.name} · {me.user.email}
        </span>
        <button type="button" className="secondary" onClick={() => logout.mutate(undefined, { onSettled: () => void navigate('/login') })}>
          Sign out
        </button>
      </header>
      <main className="content">
        <h1>Account</h1>
        <PersonalTokensSection me={me} />
      </main>
    </div>
  )
}
