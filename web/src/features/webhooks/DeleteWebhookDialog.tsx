import { toast } from 'sonner'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import type { WebhookEndpoint } from '../../lib/types'
import { useDeleteWebhook } from './useDeleteWebhook'

interface DeleteWebhookDialogProps {
  teamId: string
  endpoint: WebhookEndpoint | null  // null: closed
  onClose: () => void
}

export function DeleteWebhookDialog({ teamId, endpoint, onClose }: DeleteWebhookDialogProps) {
  const remove = useDeleteWebhook(teamId)
  return (
    <ConfirmDialog
      title="Delete webhook endpoint?"
      open={endpoint !== null}
      onClose={onClose}
      confirmLabel="Delete"
      pending={remove.isPending}
      returnFocus={() => document.querySelector<HTMLElement>('#add-webhook')}
      onConfirm={() =>
        endpoint &&
        remove.mutate(endpoint.id, {
          onSuccess: () => {
            toast.success('Webhook endpoint deleted')
            onClose()
          },
        })
      }
    >
      <p>
        <strong className="webhook-url-inline">{endpoint?.url}</strong> stops receiving events at once; its delivery
        log is deleted with it.
      </p>
    </ConfirmDialog>
  )
}
