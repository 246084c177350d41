import { useQuery } from '@tanstack/react-query'
import { Navigate, Route, Routes, useLocation } from 'react-router'
import { lazy, Suspense, useEffect, useState } from 'react'
import { retryNow, useConnectivity } from './lib/connectivity'
import { errorMessage } from './lib/api'
import { meQueryOptions, setupStatusQueryOptions } from './features/session/queries'
import { AcceptInvitationPage } from './pages/AcceptInvitationPage'
import { LoginPage } from './pages/LoginPage'
import { SettingsPage } from './pages/SettingsPage'
import { SetupPage } from './pages/SetupPage'

// "Retrying in 4 s", counted down once a second. Keyed by `at`, so a new time starts afresh.
function RetryCountdown({ at }: { at: number }) {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(tick)
  }, [])
  return <span className="offline-retry">Retrying in {Math.max(1, Math.ceil((at - now) / 1000))} s</span>
}

// While the server cannot be reached: what that means, when the next try is, and a way to try
// now. It goes away by itself as soon as /healthz (or any request) answers again.
export function OfflineBanner() {
  const { reachable, retryAt } = useConnectivity()
  if (reachable) return null
  return (
    <div className="offline-banner">
      <p role="alert">keyward cannot be reached. What you typed is kept.</p>
      {retryAt === null ? (
        <span className="offline-retry">Checking…</span>
      ) : (
        <RetryCountdown key={retryAt} at={retryAt} />
      )}
      <button type="button" disabled={retryAt === null} onClick={retryNow}>
        Retry now
      </button>
    </div>
  )
}

// Seldom visited: the Account page loads on first use, so the main chunk stays under its budget.
const AccountPage = lazy(() => import('./pages/AccountPage').then((module) => ({ default: module.AccountPage })))

// Signed in: the routes of the app; signed out: sign in, or set up on a fresh install.
function Gate() {
  const me = useQuery(meQueryOptions)
  const setup = useQuery({ ...setupStatusQueryOptions, enabled: me.data === null })
  const location = useLocation()
  if (me.isPending) return <p className="loading">Loading…</p>
  if (me.isError) {
    return (
      <main className="auth-page" role="alert">
        <p>{errorMessage(me.error)}</p>
      </main>
    )
  }
  if (me.data === null) {
    if (setup.data?.needed && location.pathname !== '/setup') return <Navigate to={`/setup${location.hash}`} replace />
    return (
      <Routes>
        <Route path="/setup" element={<SetupPage />} />
        <Route path="/invitations/accept" element={<AcceptInvitationPage />} />
        <Route path="/login" element={<LoginPage />} />
        <Route path="*" element={<Navigate to="/login" replace />} />
      </Routes>
    )
  }
  const first = me.data.teams[0]
  return (
    <Routes>
      <Route path="/teams/:teamId/settings/:tab?" element={<SettingsPage me={me.data} />} />
      <Route
        path="/account"
        element={
          <Suspense fallback={<p className="loading">Loading your account…</p>}>
            <AccountPage me={me.data} />
          </Suspense>
        }
      />
      <Route path="/invitations/accept" element={<AcceptInvitationPage />} />
      <Route
        path="*"
        element={first ? <Navigate to={`/teams/${first.id}/settings/api-keys`} replace /> : <p className="loading">You are not in any team yet.</p>}
      />
    </Routes>
  )
}

export function App() {
  return (
    <>
      <OfflineBanner />
      <Gate />
    </>
  )
}
