import { zodResolver } from '@hookform/resolvers/zod'
import { useMemo, useState } from 'react'
import { useForm } from 'react-hook-form'
import { ApiError, errorMessage } from '../../lib/api'
import type { ApiKey, Catalogue } from '../../lib/types'
import { apiKeySchema, type ApiKeyFormValues } from './schema'

interface ApiKeyFormProps {
  catalogue: Catalogue
  existing?: ApiKey  // absent: a new key
  submitLabel: string
  onSubmit: (values: ApiKeyFormValues) => Promise<void>
  onCancel: () => void
  extraActions?: React.ReactNode
}

// Type grouped by category, description, and the key as a password field with show/hide.
// Messages appear beside each field as the user types; server field errors land on the same
// fields; what was typed stays when a request fails.
export function ApiKeyForm({ catalogue, existing, submitLabel, onSubmit, onCancel, extraActions }: ApiKeyFormProps) {
  const schema = useMemo(
    () => apiKeySchema(catalogue.types.map((t) => t.id), existing === undefined, existing?.type),
    [catalogue, existing],
  )
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<ApiKeyFormValues>({
    resolver: zodResolver(schema),
    mode: 'onChange',
    defaultValues: {
      type: existing?.type ?? '',
      description: existing?.description ?? '',
      key: '',
      is_default: existing?.is_default ?? false,
    },
  })
  const [showKey, setShowKey] = useState(false)
  const [formError, setFormError] = useState<string | null>(null)

  const submit = handleSubmit(async (values) => {
    setFormError(null)
    try {
      await onSubmit(values)
    } catch (error) {
      if (error instanceof ApiError && error.fields.length > 0) {
        for (const field of error.fields) {
          if (field.field === 'type' || field.field === 'description' || field.field === 'key') {
            setError(field.field, { message: field.message })
          }
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

  return (
    <form className="form" noValidate onSubmit={(event) => void submit(event).catch(() => undefined)}>
      <div className="field">
        <label htmlFor="key-type">Type</label>
        <select id="key-type" aria-invalid={errors.type ? true : undefined} aria-describedby="key-type-error" {...register('type')}>
          <option value="">Select a provider…</option>
          {catalogue.categories.map((category) => (
            <optgroup key={category.id} label={category.name}>
              {catalogue.types
                .filter((t) => t.category === category.id)
                .map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
            </optgroup>
          ))}
        </select>
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
            placeholder={existing ? `Leave blank to keep ${existing.key_hint}` : undefined}
            aria-invalid={errors.key ? true : undefined}
            aria-describedby="key-value-error"
            {...register('key')}
          />
          <button type="button" className="secondary" aria-pressed={showKey} onClick={() => setShowKey(!showKey)}>
            {showKey ? 'Hide' : 'Show'}
          </button>
        </div>
        <p id="key-value-error" className="field-error" role="alert">{errors.key?.message}</p>
      </div>
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
        <button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  )
}
