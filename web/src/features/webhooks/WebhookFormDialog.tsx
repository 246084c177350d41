import { zodResolver } from '@hookform/resolvers/zod'
import { Controller, useForm } from 'react-hook-form'
import { toast } from 'sonner'
import { Dialog } from '../../components/Dialog'
import { errorMessage } from '../../lib/api'
import { setServerFieldErrors } from '../../lib/serverFieldErrors'
import type { WebhookEndpoint } from '../../lib/types'
import { EventTypesField } from './EventTypesField'
import { webhookSchema, type WebhookFormValues } from './schema'

interface WebhookFormDialogProps {
  open: boolean
  endpoint: WebhookEndpoint | null  // null: a new endpoint
  onSubmit: (values: WebhookFormValues) => Promise<unknown>  // rejects with the server's error
  onClose: () => void
}

// Create or edit an endpoint. Server field errors land beside their fields; any other failure is
// a toast, and what was typed stays.
export function WebhookFormDialog({ open, endpoint, onSubmit, onClose }: WebhookFormDialogProps) {
  return (
    <Dialog title={endpoint ? 'Edit webhook endpoint' : 'Add webhook endpoint'} open={open} onClose={onClose}>
      {open ? <WebhookForm key={endpoint?.id ?? 'new'} endpoint={endpoint} onSubmit={onSubmit} onCancel={onClose} /> : null}
    </Dialog>
  )
}

function WebhookForm({ endpoint, onSubmit, onCancel }: { endpoint: WebhookEndpoint | null; onSubmit: WebhookFormDialogProps['onSubmit']; onCancel: () => void }) {
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<WebhookFormValues>({
    resolver: zodResolver(webhookSchema),
    defaultValues: {
      url: endpoint?.url ?? '',
      description: endpoint?.description ?? '',
      event_types: endpoint ? [...endpoint.event_types] : [],
    },
  })
  const submit = handleSubmit(async (values) => {
    try {
      await onSubmit(values)
    } catch (error) {
      if (!setServerFieldErrors(error, setError, ['url', 'description', 'event_types'])) toast.error(errorMessage(error))
    }
  })
  return (
    <form className="form" noValidate onSubmit={(event) => void submit(event)}>
      <div className="field">
        <label htmlFor="webhook-url">Endpoint URL</label>
        <input
          id="webhook-url"
          type="url"
          inputMode="url"
          placeholder="https://example.com/keyward"
          data-autofocus
          aria-invalid={errors.url ? true : undefined}
          aria-describedby="webhook-url-hint webhook-url-error"
          {...register('url')}
        />
        <p id="webhook-url-hint" className="field-hint">
          An https:// address on the public internet. keyward POSTs each event to it, signed.
        </p>
        <p id="webhook-url-error" className="field-error" role="alert">
          {errors.url?.message}
        </p>
      </div>
      <div className="field">
        <label htmlFor="webhook-description">Description (optional)</label>
        <input
          id="webhook-description"
          aria-invalid={errors.description ? true : undefined}
          aria-describedby="webhook-description-error"
          {...register('description')}
        />
        <p id="webhook-description-error" className="field-error" role="alert">
          {errors.description?.message}
        </p>
      </div>
      <Controller
        control={control}
        name="event_types"
        render={({ field }) => (
          <EventTypesField
            value={field.value}
            onChange={field.onChange}
            invalid={Boolean(errors.event_types)}
            errorId="webhook-events-error"
          />
        )}
      />
      <p id="webhook-events-error" className="field-error" role="alert">
        {errors.event_types?.message}
      </p>
      <div className="actions">
        <span className="spacer" />
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Saving…' : endpoint ? 'Save changes' : 'Add endpoint'}
        </button>
      </div>
    </form>
  )
}
