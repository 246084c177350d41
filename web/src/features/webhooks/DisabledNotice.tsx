import { CircleAlert } from 'lucide-react'
import { RelativeTime } from '../../components/ui/RelativeTime'
import type { WebhookEndpoint } from '../../lib/types'

interface DisabledNoticeProps {
  endpoints: WebhookEndpoint[]  // the ones keyward disabled (disabled_reason set)
  pending: boolean
  onEnable: (endpoint: WebhookEndpoint) => void
}

// Tells the team, at the top of the tab, that keyward stopped sending to an endpoint and why;
// its events wait and go out once it is enabled again.
export function DisabledNotice({ endpoints, pending, onEnable }: DisabledNoticeProps) {
  if (endpoints.length === 0) return null
  return (
    <div className="notice webhook-notice" role="region" aria-label="Disabled webhook endpoints">
      <p className="webhook-notice-title">
        <CircleAlert aria-hidden size={18} />
        <strong>
          {endpoints.length === 1
            ? 'keyward disabled a webhook endpoint'
            : `keyward disabled ${endpoints.length} webhook endpoints`}
        </strong>
      </p>
      <ul>
        {endpoints.map((endpoint) => (
          <li key={endpoint.id}>
            <span className="webhook-url-inline">{endpoint.url}</span>: {endpoint.disabled_reason}
            {endpoint.failing_since ? (
              <>
                {' '}
                (since <RelativeTime iso={endpoint.failing_since} />)
              </>
            ) : null}
            . Its events wait until it is enabled again.{' '}
            <button
              type="button"
              className="secondary"
              disabled={pending}
              aria-label={`Enable ${endpoint.url} again`}
              onClick={() => onEnable(endpoint)}
            >
              Enable again
            </button>
          </li>
        ))}
      </ul>
    </div>
  )
}
