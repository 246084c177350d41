import { zodResolver } from '@hookform/resolvers/zod'
import { Controller, useForm, useWatch } from 'react-hook-form'
import { toast } from 'sonner'
import { errorMessage } from '../../lib/api'
import { setServerFieldErrors } from '../../lib/serverFieldErrors'
import type { KeyType, NewServiceToken } from '../../lib/types'
import { LabelsInput } from '../api-keys/LabelsInput'
import { serviceTokenSchema, type ServiceTokenFormValues } from './schema'

interface ServiceTokenFormProps {
  keyTypes: KeyType[]
  onSubmit: (values: NewServiceToken) => Promise<unknown>
}

// A name, the key types the token may resolve and, optionally, the labels every key it
// resolves must carry and its gateway limits (requests a minute and a month). Server field errors land beside their
// fields; any other failure is a toast. The form empties once the token is made.
export function ServiceTokenForm({ keyTypes, onSubmit }: ServiceTokenFormProps) {
  const {
    register,
    control,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<ServiceTokenFormValues>({
    resolver: zodResolver(serviceTokenSchema),
    defaultValues: { name: '', types: [], labels: [], requests_per_minute: '', requests_per_month: '' },
  })
  const [name, types] = useWatch({ control, name: ['name', 'types'] })
  const submit = handleSubmit(async (values) => {
    try {
      const { requests_per_minute: perMinute, requests_per_month: perMonth, ...rest } = values
      await onSubmit({
        ...rest,
        ...(perMinute.trim() ? { requests_per_minute: Number(perMinute) } : {}),
        ...(perMonth.trim() ? { requests_per_month: Number(perMonth) } : {}),
      })
      reset()
    } catch (error) {
      if (!setServerFieldErrors(error, setError, ['name', 'types', 'labels', 'requests_per_minute', 'requests_per_month'])) toast.error(errorMessage(error))
    }
  })
  return (
    <form className="form inline-form" noValidate onSubmit={(event) => void submit(event)}>
      <h3>New service token</h3>
      <label htmlFor="token-name">Name</label>
      <input
        id="token-name"
        aria-invalid={errors.name ? true : undefined}
        aria-describedby="token-name-error"
        {...register('name')}
      />
      <p id="token-name-error" className="field-error" role="alert">
        {errors.name?.message}
      </p>
      <Controller
        control={control}
        name="types"
        render={({ field }) => (
          <fieldset className="checkboxes">
            <legend>Key types it may resolve</legend>
            {keyTypes.map((type) => (
              <label key={type.id}>
                <input
                  type="checkbox"
                  checked={field.value.includes(type.id)}
                  aria-invalid={errors.types ? true : undefined}
                  aria-describedby="token-types-error"
                  onChange={(event) =>
                    field.onChange(
                      event.target.checked ? [...field.value, type.id] : field.value.filter((t) => t !== type.id),
                    )
                  }
                />{' '}
                {type.name}
              </label>
            ))}
          </fieldset>
        )}
      />
      <p id="token-types-error" className="field-error" role="alert">
        {errors.types?.message}
      </p>
      <label htmlFor="token-labels">Only keys labelled (optional)</label>
      <Controller
        control={control}
        name="labels"
        render={({ field }) => (
          <LabelsInput
            id="token-labels"
            label="Only keys labelled (optional)"
            placeholder="env:prod, then Enter"
            value={field.value}
            onChange={(labels) => field.onChange(labels)}
            error={errors.labels?.message}
            invalid={errors.labels ? true : undefined}
          />
        )}
      />
      <div className="field-pair">
        {(['requests_per_minute', 'requests_per_month'] as const).map((limitName) => (
          <div className="field" key={limitName}>
            <label htmlFor={`token-${limitName}`}>{limitName === 'requests_per_minute' ? 'Gateway requests a minute' : 'Gateway requests a month'}</label>
            <input
              id={`token-${limitName}`}
              inputMode="numeric"
              placeholder="No limit"
              aria-invalid={errors[limitName] ? true : undefined}
              aria-describedby={`token-${limitName}-error`}
              {...register(limitName)}
            />
            <p id={`token-${limitName}-error`} className="field-error" role="alert">
              {errors[limitName]?.message}
            </p>
          </div>
        ))}
      </div>
      <button type="submit" disabled={isSubmitting || !name || types.length === 0}>
        Create token
      </button>
    </form>
  )
}
