import { CircleAlert, CircleCheck, CirclePause } from 'lucide-react'
import { RelativeTime } from '../../components/ui/RelativeTime'
import type { WebhookEndpoint } from '../../lib/types'

// Enabled, Paused (by a person) or Disabled by the server with its reason: an icon and words,
// and since when deliveries have been failing.
export function WebhookStatusBadge({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { enabled, disabled_reason: reason, failing_since: since } = endpoint
  const [label, tone, Icon] = enabled
    ? (['Enabled', 'valid', CircleCheck] as const)
    : reason
      ? ([`Disabled — ${reason}`, 'invalid', CircleAlert] as const)
      : (['Paused', 'unchecked', CirclePause] as const)
  return (
    <span className="status">
      <span className={`status-badge webhook-badge status-${tone}`}>
        <Icon aria-hidden size={14} />
        {label}
      </span>
      {since ? (
        <span className="status-when">
          Failing since <RelativeTime iso={since} />
        </span>
      ) : null}
    </span>
  )
}
