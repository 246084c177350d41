import { useWatch, type Control, type FieldErrors, type UseFormRegister, type UseFormSetValue } from 'react-hook-form'
import type { ApiKeyFormValues } from './schema'

interface LifecycleFieldsProps {
  register: UseFormRegister<ApiKeyFormValues>
  setValue: UseFormSetValue<ApiKeyFormValues>
  control: Control<ApiKeyFormValues>
  errors: FieldErrors<ApiKeyFormValues>
  teamRotateEveryDays: number | null
}

function days(count: number): string {
  return count === 1 ? 'every day' : `every ${count} days`
}

// The key form's expiry date (empty: never; the end of that day in the user's time zone) and
// rotation period (empty: the team's), side by side; each with its hint and its message.
export function LifecycleFields({ register, setValue, control, errors, teamRotateEveryDays }: LifecycleFieldsProps) {
  const expiresOn = useWatch({ control, name: 'expires_on' })
  return (
    <div className="field-pair">
      <div className="field">
        <label htmlFor="key-expires">Expires</label>
        <div className="input-row">
          <input
            id="key-expires"
            type="date"
            aria-invalid={errors.expires_on ? true : undefined}
            aria-describedby="key-expires-hint key-expires-error"
            {...register('expires_on')}
          />
          {expiresOn ? (
            <button
              type="button"
              className="secondary"
              aria-label="Never (clear the expiry date)"
              onClick={() => setValue('expires_on', '', { shouldValidate: true, shouldDirty: true })}
            >
              Never
            </button>
          ) : null}
        </div>
        <p id="key-expires-hint" className="field-hint">
          {expiresOn ? 'At the end of that day, your time zone.' : 'Empty: never expires.'}
        </p>
        <p id="key-expires-error" className="field-error" role="alert">{errors.expires_on?.message}</p>
      </div>
      <div className="field">
        <label htmlFor="key-rotate">Rotate every (days)</label>
        <input
          id="key-rotate"
          type="number"
          inputMode="numeric"
          min={1}
          max={3650}
          step={1}
          aria-invalid={errors.rotate_every_days ? true : undefined}
          aria-describedby="key-rotate-hint key-rotate-error"
          {...register('rotate_every_days')}
        />
        <p id="key-rotate-hint" className="field-hint">
          {teamRotateEveryDays
            ? `Empty: the team's period, ${days(teamRotateEveryDays)}.`
            : 'Empty: no reminder (the team has no rotation period).'}
        </p>
        <p id="key-rotate-error" className="field-error" role="alert">{errors.rotate_every_days?.message}</p>
      </div>
    </div>
  )
}
