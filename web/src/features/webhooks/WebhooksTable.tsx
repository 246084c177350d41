import { FlaskConical, List, MoreHorizontal, Pause, Pencil, Play, Trash2 } from 'lucide-react'
import { TableHead } from '../../components/TableHead'
import { Menu, type MenuAction } from '../../components/ui/Menu'
import { RelativeTime } from '../../components/ui/RelativeTime'
import { Tooltip } from '../../components/ui/Tooltip'
import type { WebhookEndpoint } from '../../lib/types'
import { kEventCount } from './eventTypes'
import { WebhookStatusBadge } from './WebhookStatusBadge'

export interface WebhookActions {
  edit: (endpoint: WebhookEndpoint) => void
  test: (endpoint: WebhookEndpoint) => void
  setEnabled: (endpoint: WebhookEndpoint, enabled: boolean) => void
  log: (endpoint: WebhookEndpoint) => void
  remove: (endpoint: WebhookEndpoint) => void
}

const kColumns = ['URL', 'Description', 'Events', 'Status', 'Created']

function Events({ events }: { events: readonly string[] }) {
  if (events.length === kEventCount) return <>All events</>
  if (events.length <= 2) {
    return (
      <ul className="label-chips event-chips">
        {events.map((event) => (
          <li key={event} className="label-chip">
            <code>{event}</code>
          </li>
        ))}
      </ul>
    )
  }
  return (
    <Tooltip content={events.join(', ')}>
      <span tabIndex={0} className="event-count">
        {events.length} events
      </span>
    </Tooltip>
  )
}

// The team's endpoints: where each sends, what, and whether it is sending. Cards on a phone.
export function WebhooksTable({ endpoints, actions }: { endpoints: WebhookEndpoint[]; actions: WebhookActions }) {
  return (
    <div className="table-box">
      <table className="data-table cards-on-phone webhooks-table" aria-labelledby="webhooks-heading">
        <TableHead columns={kColumns} actions />
        <tbody>
          {endpoints.map((endpoint) => {
            const items: MenuAction[] = [
              { label: 'Edit', icon: Pencil, onSelect: () => actions.edit(endpoint) },
              { label: 'Send test event', icon: FlaskConical, onSelect: () => actions.test(endpoint) },
              endpoint.enabled
                ? { label: 'Pause', icon: Pause, onSelect: () => actions.setEnabled(endpoint, false) }
                : { label: 'Enable', icon: Play, onSelect: () => actions.setEnabled(endpoint, true) },
              { label: 'Delivery log', icon: List, onSelect: () => actions.log(endpoint) },
              { label: 'Delete', icon: Trash2, onSelect: () => actions.remove(endpoint), danger: true },
            ]
            return (
              <tr key={endpoint.id}>
                <td className="cell-primary" data-label="URL">
                  <Tooltip content={endpoint.url}>
                    <span className="truncate webhook-url" tabIndex={0}>
                      {endpoint.url}
                    </span>
                  </Tooltip>
                </td>
                <td data-label="Description">
                  {endpoint.description || <span className="muted">None</span>}
                </td>
                <td className="cell-half" data-label="Events">
                  <Events events={endpoint.event_types} />
                </td>
                <td className="cell-half" data-label="Status">
                  <WebhookStatusBadge endpoint={endpoint} />
                </td>
                <td className="cell-half" data-label="Created">
                  <RelativeTime iso={endpoint.created_at} />
                </td>
                <td className="col-actions">
                  <Menu
                    actions={items}
                    trigger={
                      <button type="button" className="ghost icon-only" aria-label={`Actions for ${endpoint.url}`}>
                        <MoreHorizontal aria-hidden size={18} />
                      </button>
                    }
                  />
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
