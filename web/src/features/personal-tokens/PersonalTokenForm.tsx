import { zodResolver } from '@hookform/resolvers/zod'
import { Controller, useForm, useWatch, type FieldError } from 'react-hook-form'
import { toast } from 'sonner'
import { errorMessage } from '../../lib/api'
import { setServerFieldErrors } from '../../lib/serverFieldErrors'
import type { NewPersonalToken, Permission, TeamMembership } from '../../lib/types'
import { kLifetimes, personalTokenSchema, type PersonalTokenFormValues } from './schema'

interface PersonalTokenFormProps {
  teams: TeamMembership[]
  onSubmit: (values: NewPersonalToken) => Promise<unknown>
}

// What each permission lets a token do, in words.
export const permissionLabels: Record<Permission, string> = {
  'api_keys:read': 'List and read keys',
  'api_keys:create': 'Create keys',
  'api_keys:update': 'Change and test keys',
  'api_keys:delete': 'Delete keys',
  'api_keys:reveal': 'Reveal keys',
  'members:read': 'See members',
  'members:manage': 'Manage members',
  'service_tokens:manage': 'Manage service tokens',
  'audit:read': 'Read the audit log',
  'team:manage': 'Manage the team',
  'webhooks:manage': 'Manage webhooks',
}

// The moment `days` days from now, as the API takes it.
function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 24 * 3600 * 1000).toISOString()
}

// A name, a lifetime and, per team, the permissions the token holds there (only those the user's
// role has). Server field errors land beside their fields; any other failure is a toast. The
// form empties once the token is made.
export function PersonalTokenForm({ teams, onSubmit }: PersonalTokenFormProps) {
  const {
    register,
    control,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<PersonalTokenFormValues>({
    resolver: zodResolver(personalTokenSchema),
    defaultValues: { name: '', days: '30', grants: {} },
  })
  const name = useWatch({ control, name: 'name' })
  // `grants` is a record, so its own error (the whole field's) is typed as one of its entries'.
  const grantsError = (errors.grants as FieldError | undefined)?.message
  const submit = handleSubmit(async (values) => {
    try {
      await onSubmit({
        name: values.name,
        expires_at: daysFromNow(Number(values.days)),
        grants: Object.entries(values.grants)
          .filter(([, permissions]) => permissions.length > 0)
          .map(([team_id, permissions]) => ({ team_id, permissions: permissions as Permission[] })),
      })
      reset()
    } catch (error) {
      if (!setServerFieldErrors(error, setError, ['name', 'grants'])) toast.error(errorMessage(error))
    }
  })
  return (
    <form className="form inline-form" noValidate onSubmit={(event) => void submit(event)}>
      <h3>New personal access token</h3>
      <label htmlFor="pat-name">Name</label>
      <input
        id="pat-name"
        placeholder="laptop CLI"
        aria-invalid={errors.name ? true : undefined}
        aria-describedby="pat-name-error"
        {...register('name')}
      />
      <p id="pat-name-error" className="field-error" role="alert">
        {errors.name?.message}
      </p>
      <label htmlFor="pat-days">Expires after</label>
      <select id="pat-days" {...register('days')}>
        {kLifetimes.map((days) => (
          <option key={days} value={String(days)}>
            {days === 365 ? '1 year' : `${days} days`}
          </option>
        ))}
      </select>
      <Controller
        control={control}
        name="grants"
        render={({ field }) => (
          <div className="grant-teams">
            {teams.map((team) => {
              const chosen = field.value[team.id] ?? []
              const toggle = (permission: Permission, on: boolean) =>
                field.onChange({
                  ...field.value,
                  [team.id]: on ? [...chosen, permission] : chosen.filter((p) => p !== permission),
                })
              return (
                <fieldset key={team.id} className="checkboxes">
                  <legend>
                    {team.name} <span className="muted">({team.role})</span>
                  </legend>
                  {team.permissions.map((permission) => (
                    <label key={permission}>
                      <input
                        type="checkbox"
                        checked={chosen.includes(permission)}
                        aria-invalid={grantsError ? true : undefined}
                        aria-describedby="pat-grants-error"
                        onChange={(event) => toggle(permission, event.target.checked)}
                      />{' '}
                      {permissionLabels[permission]}
                    </label>
                  ))}
                </fieldset>
              )
            })}
          </div>
        )}
      />
      <p id="pat-grants-error" className="field-error" role="alert">
        {grantsError}
      </p>
      <button type="submit" disabled={isSubmitting || !name}>
        {isSubmitting ? 'Creating…' : 'Create token'}
      </button>
    </form>
  )
}
