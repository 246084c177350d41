import { zodResolver } from '@hookform/resolvers/zod'
import { ExternalLink, Eye, EyeOff } from 'lucide-react'
import { useMemo, useState } from 'react'
import { Controller, useForm, useWatch } from 'react-hook-form'
import { Select } from '../../components/ui/Select'
import { ApiError, errorMessage } from '../../lib/api'
import type { ApiKey, Catalogue } from '../../lib/types'
import { LabelsInput } from './LabelsInput'
import { localDate } from './expiry'
import { LifecycleFields } from './LifecycleFields'
import { apiKeySchema, type ApiKeyFormValues } from './schema'

interface ApiKeyFormProps {
  catalogue: Catalogue
  existing?: ApiKey  // absent: a new key
  teamRotateEveryDays?: number | null  // the team's rotation period, the hint of the rotation field
  submitLabel: string
  // `test`: the user chose "… and test": check the saved key with its provider afterwards.
  onSubmit: (values: ApiKeyFormValues, test: boolean) => Promise<void>
  onCancel: () => void
  extraActions?: React.ReactNode
}

function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

// Type grouped by category (with what the provider's keys look like and where to get one),
// description, and the key as a password field with show/hide. Spaces pasted around a key are
// removed with a note saying so. Messages appear beside each field as the user types; server
// field errors land on the same fields; what was typed stays when a request fails.
export function ApiKeyForm({ catalogue, existing, teamRotateEveryDays, submitLabel, onSubmit, onCancel, extraActions }: ApiKeyFormProps) {
  const schema = useMemo(
    () => apiKeySchema(catalogue.types.map((t) => t.id), existing === undefined, existing),
    [catalogue, existing],
  )
  const {
    register,
    control,
    handleSubmit,
    setError,
    setValue,
    formState: { errors, isSubmitting },
  } = useForm<ApiKeyFormValues>({
    resolver: zodResolver(schema),
    mode: 'onChange',
    defaultValues: {
      type: existing?.type ?? '',
      description: existing?.description ?? '',
      key: '',
      is_default: existing?.is_default ?? false,
      labels: existing?.labels ?? [],
      expires_on: localDate(existing?.expires_at ?? null),
      rotate_every_days: existing?.rotate_every_days ? String(existing.rotate_every_days) : '',
      base_url: existing?.base_url ?? '',
    },
  })
  const [showKey, setShowKey] = useState(false)
  const [trimmed, setTrimmed] = useState(false)
  const [formError, setFormError] = useState<string | null>(null)
  const typeId = useWatch({ control, name: 'type' })
  const type = catalogue.types.find((t) => t.id === typeId)

  const submitWith = (test: boolean) =>
    handleSubmit(async (values) => {
      setFormError(null)
      try {
        await onSubmit(values, test)
      } catch (error) {
        if (error instanceof ApiError && error.fields.length > 0) {
          for (const field of error.fields) {
            if (field.field === 'type' || field.field === 'description' || field.field === 'key' || field.field === 'labels' || field.field === 'rotate_every_days' || field.field === 'base_url') {
              setError(field.field, { message: field.message })
            }
            if (field.field === 'expires_at') setError('expires_on', { message: field.message })
          }
          return
        }
        if (error instanceof ApiError && error.status === 409) {
          setError('key', { message: error.detail })
          return
        }
        setFormError(errorMessage(error))
        throw error
      }
    })
  const keyField = register('key', {
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => {
      const value = event.target.value
      if (value !== value.trim()) {
        setValue('key', value.trim(), { shouldValidate: true })
        setTrimmed(true)
      }
    },
  })

  return (
    <form className="form" noValidate onSubmit={(event) => void submitWith(false)(event).catch(() => undefined)}>
      <div className="field">
        <label htmlFor="key-type">Type</label>
        <Controller
          control={control}
          name="type"
          render={({ field }) => (
            <Select
              id="key-type"
              ref={field.ref}
              value={field.value}
              onValueChange={field.onChange}
              onBlur={field.onBlur}
              placeholder="Select a provider…"
              autoFocusInDialog={existing === undefined}
              aria-invalid={errors.type ? true : undefined}
              aria-describedby="key-type-hint key-type-error"
              groups={catalogue.categories.map((category) => ({
                label: category.name,
                options: catalogue.types
                  .filter((t) => t.category === category.id)
                  .map((t) => ({ value: t.id, label: t.name })),
              }))}
            />
          )}
        />
        <p id="key-type-hint" className="field-hint">
          {type ? (
            <>
              {type.key_prefix ? (
                <>
                  {type.name} keys start with <code>{type.key_prefix}</code>.{' '}
                </>
              ) : null}
              {type.key_url ? (
                <>
                  Get one at{' '}
                  <a href={type.key_url} target="_blank" rel="noreferrer noopener">
                    {hostOf(type.key_url)}
                    <ExternalLink aria-hidden size={12} />
                    <span className="visually-hidden"> (opens in a new tab)</span>
                  </a>
                  .
                </>
              ) : null}
              {type.verifiable ? null : ' keyward cannot check this type with its provider.'}
            </>
          ) : null}
        </p>
        <p id="key-type-error" className="field-error" role="alert">{errors.type?.message}</p>
      </div>
      <div className="field">
        <label htmlFor="key-description">Description</label>
        {/* Editing usually means renaming: the dialog starts there. */}
        <input id="key-description" autoComplete="off" data-autofocus={existing !== undefined ? true : undefined} aria-invalid={errors.description ? true : undefined} aria-describedby="key-description-error" {...register('description')} />
        <p id="key-description-error" className="field-error" role="alert">{errors.description?.message}</p>
      </div>
      <div className="field">
        <label htmlFor="key-value">Key</label>
        <div className="input-row">
          <input
            id="key-value"
            type={showKey ? 'text' : 'password'}
            autoComplete="off"
            spellCheck={false}
            placeholder={existing ? `Leave blank to keep ${existing.key_hint}` : type?.key_prefix ? `${type.key_prefix}…` : undefined}
            aria-invalid={errors.key ? true : undefined}
            aria-describedby="key-value-note key-value-error"
            {...keyField}
          />
          <button
            type="button"
            className="secondary icon-only"
            aria-label={showKey ? 'Hide key' : 'Show key'}
            aria-pressed={showKey}
            onClick={() => setShowKey(!showKey)}
          >
            {showKey ? <EyeOff aria-hidden size={16} /> : <Eye aria-hidden size={16} />}
          </button>
        </div>
        <div id="key-value-note" role="status">
          {trimmed ? <p className="note">Removed the spaces around the pasted key.</p> : null}
        </div>
        <p id="key-value-error" className="field-error" role="alert">
          {errors.key?.message}
          {errors.key?.message?.includes('spaces') && !showKey ? ' (show the key to see where)' : null}
        </p>
      </div>
      <div className="field">
        <label htmlFor="key-labels">Labels</label>
        <Controller
          control={control}
          name="labels"
          render={({ field }) => (
            <LabelsInput
              id="key-labels"
              label="Labels"
              placeholder="env:prod, then Enter"
              value={field.value}
              onChange={(labels) => field.onChange(labels)}
              error={errors.labels?.message}
              invalid={errors.labels ? true : undefined}
            />
          )}
        />
      </div>
      <LifecycleFields register={register} setValue={setValue} control={control} errors={errors} teamRotateEveryDays={teamRotateEveryDays ?? null} />
      <details className="advanced" open={existing?.base_url ? true : undefined}>
        <summary>Advanced</summary>
        <div className="field">
          <label htmlFor="key-base-url">Base URL</label>
          <input
            id="key-base-url"
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder="The provider's own"
            aria-invalid={errors.base_url ? true : undefined}
            aria-describedby="key-base-url-hint key-base-url-error"
            {...register('base_url')}
          />
          <p id="key-base-url-hint" className="field-hint">
            Azure OpenAI, a self-hosted or regional endpoint: the gateway sends this key there instead (https:// only). Changing it asks for the key again.
          </p>
          <p id="key-base-url-error" className="field-error" role="alert">{errors.base_url?.message}</p>
        </div>
      </details>
      {existing ? (
        <label className="checkbox">
          <input type="checkbox" {...register('is_default')} /> Default key for its type (what
          applications get from resolve)
        </label>
      ) : null}
      {formError ? <p className="form-error" role="alert">{formError}</p> : null}
      <div className="actions">
        {extraActions}
        <span className="spacer" />
        <button type="button" className="secondary" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="button"
          className="secondary"
          disabled={isSubmitting}
          onClick={() => void submitWith(true)().catch(() => undefined)}
        >
          {submitLabel} and test
        </button>
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  )
}
