import { RelativeTime } from '../../components/ui/RelativeTime'
import type { ApiKey } from '../../lib/types'
import { hasPassed } from './expiry'

// One line at the top of the edit dialog: when the key expires or expired, and when its rotation
// falls or fell due (the exact time on hover and focus). Nothing for a key without either.
export function LifecycleNote({ apiKey }: { apiKey: ApiKey }) {
  const { expires_at: expires, rotation_due_at: due } = apiKey
  if (!expires && !due) return null
  const expired = hasPassed(expires)
  const overdue = hasPassed(due)
  return (
    <p className={`lifecycle-note${expired || overdue || apiKey.lifecycle_status !== 'ok' ? ' note' : ' muted'}`}>
      {expires ? (
        <span>
          {expired ? 'Expired' : 'Expires'} <RelativeTime iso={expires} />.{' '}
        </span>
      ) : null}
      {due ? (
        <span>
          {overdue ? 'Rotation fell due' : 'Rotation due'} <RelativeTime iso={due} />
          {overdue ? ': a new key restarts the clock.' : '.'}
        </span>
      ) : null}
    </p>
  )
}
