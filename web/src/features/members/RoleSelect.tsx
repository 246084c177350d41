import { toast } from 'sonner'
import { Select } from '../../components/ui/Select'
import type { Member, Role, TeamMembership } from '../../lib/types'
import { assignableRoles } from './schema'
import { useChangeMemberRole } from './useChangeMemberRole'

interface RoleSelectProps {
  team: TeamMembership
  member: Member
}

// A member's role, changed in place; offers only the roles this user may give (a member's
// current role stays listed, so the select can show it).
export function RoleSelect({ team, member }: RoleSelectProps) {
  const changeRole = useChangeMemberRole(team.id)
  const assignable = assignableRoles(team.role)
  const roles = assignable.includes(member.role) ? assignable : [member.role, ...assignable]
  return (
    <Select
      aria-label={`Role of ${member.name}`}
      value={member.role}
      disabled={changeRole.isPending}
      options={roles.map((role) => ({ value: role, label: role }))}
      onValueChange={(role) => {
        if (role === member.role) return
        changeRole.mutate(
          { userId: member.user_id, role: role as Role },
          { onSuccess: () => toast.success('Role changed') },
        )
      }}
    />
  )
}
