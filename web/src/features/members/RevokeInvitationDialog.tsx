import { toast } from 'sonner'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import type { PendingInvitation } from '../../lib/types'
import { useRevokeInvitation } from './useRevokeInvitation'

interface RevokeInvitationDialogProps {
  teamId: string
  invitation: PendingInvitation | null  // null: closed
  onClose: () => void
}

export function RevokeInvitationDialog({ teamId, invitation, onClose }: RevokeInvitationDialogProps) {
  const revoke = useRevokeInvitation(teamId)
  return (
    <ConfirmDialog
      title="Revoke invitation?"
      open={invitation !== null}
      onClose={onClose}
      confirmLabel="Revoke"
      pending={revoke.isPending}
      onConfirm={() =>
        invitation &&
        revoke.mutate(invitation.id, {
          onSuccess: () => {
            toast.success('Invitation revoked')
            onClose()
          },
        })
      }
    >
      Revoke the invitation of <strong>{invitation?.email}</strong> ({invitation?.role})? Its link stops working
      at once.
    </ConfirmDialog>
  )
}
