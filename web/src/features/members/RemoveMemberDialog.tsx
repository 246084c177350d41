import { toast } from 'sonner'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import type { Member, TeamMembership } from '../../lib/types'
import { useRemoveMember } from './useRemoveMember'

interface RemoveMemberDialogProps {
  team: TeamMembership
  member: Member | null  // null: closed
  onClose: () => void
}

export function RemoveMemberDialog({ team, member, onClose }: RemoveMemberDialogProps) {
  const remove = useRemoveMember(team.id)
  return (
    <ConfirmDialog
      title="Remove member?"
      open={member !== null}
      onClose={onClose}
      confirmLabel="Remove"
      pending={remove.isPending}
      onConfirm={() =>
        member &&
        remove.mutate(member.user_id, {
          onSuccess: () => {
            toast.success('Member removed')
            onClose()
          },
        })
      }
    >
      Remove <strong>{member?.name}</strong> ({member?.email}) from {team.name}? They lose access at once.
    </ConfirmDialog>
  )
}
