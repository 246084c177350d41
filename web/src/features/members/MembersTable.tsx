import { TableHead } from '../../components/TableHead'
import { RelativeTime } from '../../components/ui/RelativeTime'
import type { Member, TeamMembership } from '../../lib/types'
import { RoleSelect } from './RoleSelect'

interface MembersTableProps {
  team: TeamMembership
  members: Member[]
  canManage: boolean
  onRemove: (member: Member) => void
}

// The team's members; those who manage members change roles in place and remove people. Only an
// owner touches an owner. Cards on a phone.
export function MembersTable({ team, members, canManage, onRemove }: MembersTableProps) {
  const mayTouch = (member: Member) => team.role === 'owner' || member.role !== 'owner'
  return (
    <div className="table-box">
      <table className="data-table cards-on-phone" aria-labelledby="members-heading">
        <TableHead columns={['Name', 'Email', 'Role', 'Joined']} actions={canManage} />
        <tbody>
          {members.map((member) => (
            <tr key={member.user_id}>
              <td className="cell-primary" data-label="Name">
                {member.name}
              </td>
              <td data-label="Email">{member.email}</td>
              <td data-label="Role">
                {canManage && mayTouch(member) ? <RoleSelect team={team} member={member} /> : member.role}
              </td>
              <td data-label="Joined">
                <RelativeTime iso={member.joined_at} />
              </td>
              {canManage ? (
                <td className="col-actions">
                  {mayTouch(member) ? (
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`Remove ${member.name}`}
                      onClick={() => onRemove(member)}
                    >
                      Remove
                    </button>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
