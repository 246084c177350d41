import { lazy, Suspense } from 'react'
import { NavLink, Navigate, useNavigate, useParams } from 'react-router'
import { ApiKeysTab } from '../features/api-keys/ApiKeysTab'
import { MembersTab } from '../features/members/MembersTab'
import { useNeedsAttention } from '../features/api-keys/useNeedsAttention'
import { useTeamEvents } from '../features/events/useTeamEvents'
import { useLogout } from '../features/session/useLogout'
import { Select } from '../components/ui/Select'
import type { Me, Permission, TeamMembership } from '../lib/types'
import '../tabs.css'

// The Audit log tab loads on first use: its sentences for every event are the biggest part of
// the app that most visits never show, and the main chunk stays under its 200 KB budget.
const AuditTab = lazy(() => import('../features/audit/AuditTab').then((module) => ({ default: module.AuditTab })))
// Owners and admins only, and seldom: the Team and Webhooks tabs load on first use too (seldomTabs).
const TeamSettingsTab = lazy(() => import('./seldomTabs').then((module) => ({ default: module.TeamSettingsTab })))
const WebhooksTab = lazy(() => import('./seldomTabs').then((module) => ({ default: module.WebhooksTab })))
const ServiceTokensTab = lazy(() => import('./seldomTabs').then((module) => ({ default: module.ServiceTokensTab })))

const tabs: { id: string; label: string; permission: Permission }[] = [
  { id: 'api-keys', label: 'API Keys', permission: 'api_keys:read' },
  { id: 'members', label: 'Members', permission: 'members:read' },
  { id: 'service-tokens', label: 'Service tokens', permission: 'service_tokens:manage' },
  { id: 'webhooks', label: 'Webhooks', permission: 'webhooks:manage' },
  { id: 'audit', label: 'Audit log', permission: 'audit:read' },
  { id: 'team', label: 'Team', permission: 'team:manage' },
]

// Settings of one team: the URL carries the team, so a link opens the right one.
export function SettingsPage({ me }: { me: Me }) {
  const { teamId = '', tab = 'api-keys' } = useParams()
  const team = me.teams.find((t) => t.id === teamId)
  if (!team) return <TeamNotFound />
  return <TeamSettings me={me} team={team} tab={tab} />
}

function TeamNotFound() {
  return (
    <main className="auth-page">
      <h1>Team not found</h1>
      <p>This team does not exist, or you are not a member of it.</p>
      <NavLink to="/">Go to your teams</NavLink>
    </main>
  )
}

function TeamSettings({ me, team, tab }: { me: Me; team: TeamMembership; tab: string }) {
  const navigate = useNavigate()
  const logout = useLogout()
  const canRead = team.permissions.includes('api_keys:read')
  useTeamEvents(canRead ? team.id : '')
  const attention = useNeedsAttention(team.id, canRead && tab !== 'api-keys')
  const visible = tabs.filter((t) => team.permissions.includes(t.permission))
  const active = visible.find((t) => t.id === tab)
  if (!active) {
    const first = visible[0]
    return first ? <Navigate to={`/teams/${team.id}/settings/${first.id}`} replace /> : null
  }
  return (
    <div className="app">
      <header className="topbar">
        <strong className="brand">keyward</strong>
        <Select
          aria-label="Team"
          className="team-switcher"
          value={team.id}
          options={me.teams.map((t) => ({ value: t.id, label: t.name }))}
          onValueChange={(id) => void navigate(`/teams/${id}/settings/${active.id}`)}
        />
        <span className="spacer" />
        <span className="who">
          {me.user.name} · {team.role}
        </span>
        <NavLink to="/account" className="account-link">
          Account
        </NavLink>
        <button type="button" className="secondary" onClick={() => logout.mutate(undefined, { onSettled: () => void navigate('/login') })}>
          Sign out
        </button>
      </header>
      <main className="content">
        <h1>Settings</h1>
        <nav className="tabs" aria-label="Settings sections">
          {visible.map((t) => (
            <NavLink key={t.id} to={`/teams/${team.id}/settings/${t.id}`} className="tab">
              {t.label}
              {t.id === 'api-keys' && attention ? <AttentionCount count={attention} /> : null}
            </NavLink>
          ))}
        </nav>
        {active.id === 'api-keys' ? <ApiKeysTab key={team.id} team={team} /> : null}
        {active.id === 'members' ? <MembersTab key={team.id} team={team} /> : null}
        {active.id === 'service-tokens' ? (
          <Suspense fallback={<p className="loading">Loading the service tokens…</p>}>
            <ServiceTokensTab key={team.id} teamId={team.id} />
          </Suspense>
        ) : null}
        {active.id === 'webhooks' ? (
          <Suspense fallback={<p className="loading">Loading the webhooks…</p>}>
            <WebhooksTab key={team.id} teamId={team.id} />
          </Suspense>
        ) : null}
        {active.id === 'audit' ? (
          <Suspense fallback={<p className="loading">Loading the audit log…</p>}>
            <AuditTab key={team.id} teamId={team.id} />
          </Suspense>
        ) : null}
        {active.id === 'team' ? (
          <Suspense fallback={<p className="loading">Loading the team settings…</p>}>
            <TeamSettingsTab key={team.id} team={team} />
          </Suspense>
        ) : null}
      </main>
    </div>
  )
}

// The tab's count of keys that are expiring, expired or due for rotation: the number is shown, the
// link's name says it in words ("API Keys, 3 keys need attention").
function AttentionCount({ count }: { count: number }) {
  return (
    <>
      <span className="count-badge" aria-hidden>
        {count}
      </span>
      <span className="visually-hidden">{`, ${count} ${count === 1 ? 'key needs' : 'keys need'} attention`}</span>
    </>
  )
}
