import { Fragment } from 'react'
import { TableHead } from '../../components/TableHead'
import { RelativeTime } from '../../components/ui/RelativeTime'
import type { AuditEvent } from '../../lib/types'
import { actorName, actorNote, describeEvent, detailFields, type AuditActor, type Names } from './describe'

// One page of the team's audit events, newest first as the server sends them: when, who, and a
// sentence for what happened, with its details one click away. Cards on a phone.
export function AuditTable({ events, names }: { events: AuditEvent[]; names: Names }) {
  return (
    <div className="table-box">
      <table className="data-table cards-on-phone audit-table" aria-labelledby="audit-heading">
        <TableHead columns={['When', 'Actor', 'What happened']} />
        <tbody>
          {events.map((event) => {
            const actor = event.actor as AuditActor
            const note = actorNote(actor, names)
            const sentence = describeEvent(event, names)
            return (
              <tr key={event.id}>
                <td className="col-time" data-label="When">
                  <RelativeTime iso={event.at} />
                </td>
                <td className="audit-actor" data-label="Actor">
                  <span className="audit-actor-name">{actorName(actor, names)}</span>
                  {note ? <span className="muted small">{note}</span> : null}
                </td>
                <td className="cell-primary audit-what" data-label="What happened">
                  <details>
                    <summary>{sentence}</summary>
                    <dl className="details-list" aria-label={`Details of: ${sentence}`}>
                      {detailFields(event, names).map(([label, value]) => (
                        <Fragment key={label}>
                          <dt>{label}</dt>
                          <dd>{value}</dd>
                        </Fragment>
                      ))}
                    </dl>
                  </details>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
