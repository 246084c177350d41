import { toast } from 'sonner'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import type { ServiceToken } from '../../lib/types'
import { useRevokeServiceToken } from './useRevokeServiceToken'

interface RevokeServiceTokenDialogProps {
  teamId: string
  token: ServiceToken | null  // null: closed
  onClose: () => void
}

export function RevokeServiceTokenDialog({ teamId, token, onClose }: RevokeServiceTokenDialogProps) {
  const revoke = useRevokeServiceToken(teamId)
  return (
    <ConfirmDialog
      title="Revoke service token?"
      open={token !== null}
      onClose={onClose}
      confirmLabel="Revoke"
      pending={revoke.isPending}
      onConfirm={() =>
        token &&
        revoke.mutate(token.id, {
          onSuccess: () => {
            toast.success('Service token revoked')
            onClose()
          },
        })
      }
    >
      Applications using <strong>{token?.name}</strong> lose access at once.
    </ConfirmDialog>
  )
}
