import { useQuery } from '@tanstack/react-query'
import { FlaskConical, RefreshCw } from 'lucide-react'
import { useState } from 'react'
import { toast } from 'sonner'
import { Dialog } from '../../components/Dialog'
import { Pagination } from '../../components/Pagination'
import { QueryErrorState } from '../../components/QueryErrorState'
import { ProgressBar, SkeletonRows } from '../../components/ui/Skeleton'
import type { WebhookEndpoint } from '../../lib/types'
import { DeliveriesTable } from './DeliveriesTable'
import { useRedeliver } from './useRedeliver'
import { useTestWebhook } from './useTestWebhook'
import { deliveryPageOptions } from './queries'

interface DeliveryLogDialogProps {
  teamId: string
  endpoint: WebhookEndpoint | null  // null: closed
  onClose: () => void
}

// An endpoint's deliveries, newest first, a page at a time; each can be sent again.
export function DeliveryLogDialog({ teamId, endpoint, onClose }: DeliveryLogDialogProps) {
  return (
    <Dialog title="Delivery log" open={endpoint !== null} onClose={onClose} wide>
      {endpoint ? <DeliveryLog key={endpoint.id} teamId={teamId} endpoint={endpoint} /> : null}
    </Dialog>
  )
}

function DeliveryLog({ teamId, endpoint }: { teamId: string; endpoint: WebhookEndpoint }) {
  const [params, setParams] = useState({ page: 1, pageSize: 10 })
  const deliveries = useQuery(deliveryPageOptions(teamId, endpoint.id, params))
  const test = useTestWebhook(teamId)
  const redeliver = useRedeliver(teamId, endpoint.id)
  const sendTest = () =>
    test.mutate(endpoint.id, {
      onSuccess: () => {
        toast.success('Test event queued')
        setParams((current) => ({ ...current, page: 1 }))
      },
    })
  return (
    <div className="form">
      <p className="webhook-url-inline muted">{endpoint.url}</p>
      <div className="actions">
        <button
          type="button"
          className="secondary"
          disabled={deliveries.isFetching}
          onClick={() => void deliveries.refetch()}
        >
          <RefreshCw aria-hidden size={16} />
          Refresh
        </button>
        <button type="button" className="secondary" disabled={test.isPending} onClick={sendTest}>
          <FlaskConical aria-hidden size={16} />
          Send test event
        </button>
      </div>
      <ProgressBar active={deliveries.isFetching && !deliveries.isPending} label="Loading the deliveries" />
      {deliveries.isPending ? <SkeletonRows label="Loading the deliveries" rows={3} columns={5} /> : null}
      {deliveries.isError && !deliveries.data ? (
        <QueryErrorState
          error={deliveries.error}
          onRetry={() => void deliveries.refetch()}
          prefix="The delivery log could not be loaded: "
        />
      ) : null}
      {deliveries.data && deliveries.data.total === 0 ? (
        <div className="state">
          <p>No deliveries yet. Send a test event to see one here.</p>
        </div>
      ) : null}
      {deliveries.data && deliveries.data.items.length > 0 ? (
        <>
          <DeliveriesTable
            deliveries={deliveries.data.items}
            pending={redeliver.isPending}
            onRedeliver={(delivery) =>
              redeliver.mutate(delivery.id, { onSuccess: () => toast.success('Delivery queued again') })
            }
          />
          <Pagination
            page={deliveries.data.page}
            pageSize={params.pageSize}
            total={deliveries.data.total}
            onPage={(page) => setParams((current) => ({ ...current, page }))}
            onPageSize={(pageSize) => setParams({ page: 1, pageSize })}
          />
        </>
      ) : null}
    </div>
  )
}
