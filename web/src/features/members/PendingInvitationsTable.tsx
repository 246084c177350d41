import { TableHead } from '../../components/TableHead'
import { readableDate } from '../../lib/format'
import type { PendingInvitation, TeamMembership } from '../../lib/types'

interface PendingInvitationsTableProps {
  team: TeamMembership
  invitations: PendingInvitation[]
  nameOf: (userId: string | null) => string
  onRevoke: (invitation: PendingInvitation) => void
}

// Invitations not yet accepted; only an owner revokes one for the owner role.
export function PendingInvitationsTable({ team, invitations, nameOf, onRevoke }: PendingInvitationsTableProps) {
  return (
    <table className="data-table" aria-labelledby="pending-heading">
      <caption id="pending-heading">Pending invitations</caption>
      <TableHead columns={['Email', 'Role', 'Invited by', 'Expires']} actions />
      <tbody>
        {invitations.map((invitation) => (
          <tr key={invitation.id}>
            <td>{invitation.email}</td>
            <td>{invitation.role}</td>
            <td>{nameOf(invitation.invited_by)}</td>
            <td>{readableDate(invitation.expires_at)}</td>
            <td>
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
  )
}
