import { toast } from 'sonner'
import { TableHead } from '../../components/TableHead'
import { readableDate } from '../../lib/format'
import type { Member, Role, TeamMembership } from '../../lib/types'
import { assignableRoles } from './schema'
import { useChangeMemberRole } from './useChangeMemberRole'

interface MembersTableProps {
  team: TeamMembership
  members: Member[]
  canManage: boolean
  onRemove: (member: Member) => void
}

// The team's members; those who manage members change roles in place and remove people. Only an
// owner touches an owner.
export function MembersTable({ team, members, canManage, onRemove }: MembersTableProps) {
  const changeRole = useChangeMemberRole(team.id)
  const assignable = assignableRoles(team.role)
  const mayTouch = (member: Member) => team.role === 'owner' || member.role !== 'owner'
  return (
    <table className="data-table">
      <TableHead columns={['Name', 'Email', 'Role', 'Joined']} actions={canManage} />
      <tbody>
        {members.map((member) => (
          <tr key={member.user_id}>
            <td>{member.name}</td>
            <td>{member.email}</td>
            <td>
              {canManage && mayTouch(member) ? (
                <select
                  aria-label={`Role of ${member.name}`}
                  value={member.role}
                  disabled={changeRole.isPending}
                  onChange={(event) =>
                    changeRole.mutate(
                      { userId: member.user_id, role: event.target.value as Role },
                      { onSuccess: () => toast.success('Role changed') },
                    )
                  }
                >
                  {(assignable.includes(member.role) ? assignable : [member.role, ...assignable]).map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              ) : (
                member.role
              )}
            </td>
            <td>{readableDate(member.joined_at)}</td>
            {canManage ? (
              <td>
                {mayTouch(member) ? (
                  <button type="button" className="secondary" onClick={() => onRemove(member)}>
                    Remove
                  </button>
                ) : null}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
