import { TableHead } from '../../components/TableHead'
import { fullTimestamp } from '../../lib/format'
import type { AuditEvent } from '../../lib/types'

// One page of the team's audit events, newest first as the server sends them.
export function AuditTable({ events }: { events: AuditEvent[] }) {
  return (
    <table className="data-table">
      <TableHead columns={['When', 'Action', 'Actor', 'Details']} />
      <tbody>
        {events.map((event) => (
          <tr key={event.id}>
            <td>{fullTimestamp(event.at)}</td>
            <td>
              <code>{event.action}</code>
            </td>
            <td>{event.actor.type}</td>
            <td>
              <code>{JSON.stringify(event.details)}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
