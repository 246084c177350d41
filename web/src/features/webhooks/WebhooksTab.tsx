import { useQuery } from '@tanstack/react-query'
import { Plus } from 'lucide-react'
import { useState } from 'react'
import { toast } from 'sonner'
import { QueryErrorState } from '../../components/QueryErrorState'
import { SkeletonRows } from '../../components/ui/Skeleton'
import type { WebhookChanges, WebhookEndpoint } from '../../lib/types'
import { DeleteWebhookDialog } from './DeleteWebhookDialog'
import { DeliveryLogDialog } from './DeliveryLogDialog'
import { DisabledNotice } from './DisabledNotice'
import { useCreateWebhook } from './useCreateWebhook'
import { useTestWebhook } from './useTestWebhook'
import { useUpdateWebhook } from './useUpdateWebhook'
import { webhookListOptions } from './queries'
import type { WebhookFormValues } from './schema'
import { WebhookFormDialog } from './WebhookFormDialog'
import { WebhookSecretDialog } from './WebhookSecretDialog'
import { WebhooksTable, type WebhookActions } from './WebhooksTable'
import '../../webhooks.css'

// What an edit changed, so the audit trail names only those fields.
function changesOf(endpoint: WebhookEndpoint, values: WebhookFormValues): WebhookChanges {
  const changes: WebhookChanges = {}
  if (values.url !== endpoint.url) changes.url = values.url
  if (values.description !== endpoint.description) changes.description = values.description
  const sorted = (list: readonly string[]) => [...list].sort().join(',')
  if (sorted(values.event_types) !== sorted(endpoint.event_types)) changes.event_types = values.event_types
  return changes
}

// The team's webhook endpoints: add one (its signing secret shown once), edit, pause, test, see
// its deliveries, delete. An endpoint keyward disabled is announced at the top.
export function WebhooksTab({ teamId }: { teamId: string }) {
  const endpoints = useQuery(webhookListOptions(teamId))
  const create = useCreateWebhook(teamId)
  const update = useUpdateWebhook(teamId)
  const save = useUpdateWebhook(teamId, true)
  const test = useTestWebhook(teamId)
  const [form, setForm] = useState<{ endpoint: WebhookEndpoint | null } | null>(null)
  const [deleting, setDeleting] = useState<WebhookEndpoint | null>(null)
  const [logOf, setLogOf] = useState<WebhookEndpoint | null>(null)
  const created = create.data ?? null
  const items = endpoints.data?.items ?? []

  const setEnabled = (endpoint: WebhookEndpoint, enabled: boolean) =>
    update.mutate(
      { id: endpoint.id, changes: { enabled } },
      { onSuccess: () => toast.success(enabled ? 'Webhook endpoint enabled' : 'Webhook endpoint paused') },
    )
  const actions: WebhookActions = {
    edit: (endpoint) => setForm({ endpoint }),
    test: (endpoint) => test.mutate(endpoint.id, { onSuccess: () => toast.success('Test event queued') }),
    setEnabled,
    log: setLogOf,
    remove: setDeleting,
  }
  const submit = async (values: WebhookFormValues) => {
    const endpoint = form?.endpoint
    if (endpoint) {
      const changes = changesOf(endpoint, values)
      if (Object.keys(changes).length > 0) await save.mutateAsync({ id: endpoint.id, changes })
      toast.success('Webhook endpoint saved')
    } else {
      await create.mutateAsync({ url: values.url, description: values.description, event_types: values.event_types })
    }
    setForm(null)
  }

  return (
    <section aria-labelledby="webhooks-heading">
      <div className="toolbar">
        <h2 id="webhooks-heading">Webhooks</h2>
        <button type="button" id="add-webhook" onClick={() => setForm({ endpoint: null })}>
          <Plus aria-hidden size={16} />
          Add endpoint
        </button>
      </div>
      <DisabledNotice
        endpoints={items.filter((endpoint) => !endpoint.enabled && endpoint.disabled_reason)}
        pending={update.isPending}
        onEnable={(endpoint) => setEnabled(endpoint, true)}
      />
      {endpoints.isPending ? <SkeletonRows label="Loading the webhook endpoints" rows={3} columns={5} /> : null}
      {endpoints.isError && !endpoints.data ? (
        <QueryErrorState
          error={endpoints.error}
          onRetry={() => void endpoints.refetch()}
          prefix="The webhook endpoints could not be loaded: "
        />
      ) : null}
      {endpoints.data && items.length === 0 ? (
        <div className="state empty-state">
          <p>
            No webhook endpoints yet. A webhook sends the team&apos;s events (a key created, rotated or expiring, a
            member joining) to a URL of yours as a signed HTTPS POST, so your systems can react at once.
          </p>
        </div>
      ) : null}
      {items.length > 0 ? <WebhooksTable endpoints={items} actions={actions} /> : null}
      <WebhookFormDialog
        open={form !== null}
        endpoint={form?.endpoint ?? null}
        onSubmit={submit}
        onClose={() => setForm(null)}
      />
      <WebhookSecretDialog
        secret={created?.secret ?? null}
        url={created?.url ?? ''}
        onClose={create.forget}
      />
      <DeleteWebhookDialog teamId={teamId} endpoint={deleting} onClose={() => setDeleting(null)} />
      <DeliveryLogDialog teamId={teamId} endpoint={logOf} onClose={() => setLogOf(null)} />
    </section>
  )
}
