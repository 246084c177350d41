import { TableHead } from '../../components/TableHead'
import { RelativeTime } from '../../components/ui/RelativeTime'
import type { PendingInvitation, TeamMembership } from '../../lib/types'

interface PendingInvitationsTableProps {
  team: TeamMembership
  invitations: PendingInvitation[]
  nameOf: (userId: string | null) => string
  onRevoke: (invitation: PendingInvitation) => void
}

// Invitations not yet accepted; only an owner revokes one for the owner role. Cards on a phone.
export function PendingInvitationsTable({ team, invitations, nameOf, onRevoke }: PendingInvitationsTableProps) {
  return (
    <div className="table-box pending-invitations">
      <table className="data-table cards-on-phone" aria-labelledby="pending-heading">
        <caption id="pending-heading">Pending invitations</caption>
        <TableHead columns={['Email', 'Role', 'Invited by', 'Expires']} actions />
        <tbody>
          {invitations.map((invitation) => (
            <tr key={invitation.id}>
              <td className="cell-primary" data-label="Email">
                {invitation.email}
              </td>
              <td data-label="Role">{invitation.role}</td>
              <td data-label="Invited by">{nameOf(invitation.invited_by)}</td>
              <td data-label="Expires">
                <RelativeTime iso={invitation.expires_at} />
              </td>
              <td className="col-actions">
                {team.role === 'owner' || invitation.role !== 'owner' ? (
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Revoke the invitation of ${invitation.email}`}
                    onClick={() => onRevoke(invitation)}
                  >
                    Revoke
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
