import { CircleAlert, CircleCheck, Clock, RotateCw } from 'lucide-react'
import { TableHead } from '../../components/TableHead'
import { RelativeTime } from '../../components/ui/RelativeTime'
import type { WebhookDelivery } from '../../lib/types'

interface DeliveriesTableProps {
  deliveries: WebhookDelivery[]
  pending: boolean  // a redelivery is under way
  onRedeliver: (delivery: WebhookDelivery) => void
}

const kColumns = ['Time', 'Event', 'Status', 'HTTP', 'Duration', 'Attempts', 'Next attempt', 'Last error']

const kStatus = {
  pending: { label: 'Pending', tone: 'limited', Icon: Clock },
  succeeded: { label: 'Succeeded', tone: 'valid', Icon: CircleCheck },
  failed: { label: 'Failed', tone: 'invalid', Icon: CircleAlert },
} as const

// One row per delivery: when, what, how it went and when it is tried next. Cards on a phone.
export function DeliveriesTable({ deliveries, pending, onRedeliver }: DeliveriesTableProps) {
  return (
    <div className="table-box">
      <table className="data-table cards-on-phone deliveries-table" aria-label="Deliveries">
        <TableHead columns={kColumns} actions />
        <tbody>
          {deliveries.map((delivery) => {
            const { label, tone, Icon } = kStatus[delivery.status]
            return (
              <tr key={delivery.id}>
                <td className="cell-primary" data-label="Time">
                  <RelativeTime iso={delivery.created_at} />
                </td>
                <td className="cell-half" data-label="Event">
                  <code>{delivery.event_type}</code>
                </td>
                <td className="cell-half" data-label="Status">
                  <span className={`status-badge status-${tone}`}>
                    <Icon aria-hidden size={14} />
                    {label}
                  </span>
                </td>
                <td className="cell-half" data-label="HTTP">
                  {delivery.last_status_code ?? <span className="muted">—</span>}
                </td>
                <td className="cell-half" data-label="Duration">
                  {delivery.last_duration_ms === null ? <span className="muted">—</span> : `${delivery.last_duration_ms} ms`}
                </td>
                <td className="cell-half" data-label="Attempts">
                  {delivery.attempts}
                </td>
                <td className="cell-half" data-label="Next attempt">
                  {delivery.next_attempt_at ? <RelativeTime iso={delivery.next_attempt_at} /> : <span className="muted">—</span>}
                </td>
                <td data-label="Last error" className="delivery-error">
                  {delivery.last_error ?? <span className="muted">—</span>}
                </td>
                <td className="col-actions">
                  <button
                    type="button"
                    className="secondary"
                    disabled={pending}
                    aria-label={`Redeliver ${delivery.event_type} from ${new Date(delivery.created_at).toLocaleString()}`}
                    onClick={() => onRedeliver(delivery)}
                  >
                    <RotateCw aria-hidden size={14} />
                    Redeliver
                  </button>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
