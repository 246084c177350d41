import { zodResolver } from '@hookform/resolvers/zod'
import { Controller, useForm } from 'react-hook-form'
import { toast } from 'sonner'
import { Select } from '../../components/ui/Select'
import { errorMessage } from '../../lib/api'
import { setServerFieldErrors } from '../../lib/serverFieldErrors'
import type { TeamChanges, TeamMembership } from '../../lib/types'
import { teamSettingsSchema, type TeamSettingsValues } from './schema'
import { useUpdateTeam } from './useUpdateTeam'

const policyOptions = [
  { value: 'warn', label: 'Serve them, with a warning' },
  { value: 'refuse', label: 'Refuse them' },
]

function valuesOf(team: TeamMembership): TeamSettingsValues {
  return {
    rotate_every_days: team.rotate_every_days === null ? '' : String(team.rotate_every_days),
    expiry_warning_days: String(team.expiry_warning_days),
    expired_key_policy: team.expired_key_policy,
    reverify_every_days: team.reverify_every_days === null ? '' : String(team.reverify_every_days),
    secret_versions_kept: String(team.secret_versions_kept),
    gateway_disable_after: String(team.gateway_disable_after),
  }
}

// Only what differs from the team as loaded: each setting is its own audited change.
function changesOf(team: TeamMembership, values: TeamSettingsValues): TeamChanges {
  const changes: TeamChanges = {}
  const rotation = values.rotate_every_days.trim() === '' ? null : Number(values.rotate_every_days)
  if (rotation !== team.rotate_every_days) changes.rotate_every_days = rotation
  if (Number(values.expiry_warning_days) !== team.expiry_warning_days) changes.expiry_warning_days = Number(values.expiry_warning_days)
  if (values.expired_key_policy !== team.expired_key_policy) changes.expired_key_policy = values.expired_key_policy
  const reverify = values.reverify_every_days.trim() === '' ? null : Number(values.reverify_every_days)
  if (reverify !== team.reverify_every_days) changes.reverify_every_days = reverify
  if (Number(values.secret_versions_kept) !== team.secret_versions_kept) changes.secret_versions_kept = Number(values.secret_versions_kept)
  if (Number(values.gateway_disable_after) !== team.gateway_disable_after) changes.gateway_disable_after = Number(values.gateway_disable_after)
  return changes
}

// The team's expiry and rotation rules, how many secret versions it keeps and when the gateway
// disables a rejected key (team:manage).
// The form starts again from the saved settings once the session has them.
export function TeamSettingsTab({ team }: { team: TeamMembership }) {
  return <TeamSettingsForm key={JSON.stringify(valuesOf(team))} team={team} />
}

function TeamSettingsForm({ team }: { team: TeamMembership }) {
  const update = useUpdateTeam(team.id)
  const {
    register,
    control,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<TeamSettingsValues>({ resolver: zodResolver(teamSettingsSchema), mode: 'onChange', defaultValues: valuesOf(team) })
  const submit = handleSubmit(async (values) => {
    const changes = changesOf(team, values)
    if (Object.keys(changes).length === 0) return
    try {
      await update.mutateAsync(changes)
      toast.success('Team settings saved')
    } catch (error) {
      const fields = ['rotate_every_days', 'expiry_warning_days', 'expired_key_policy', 'reverify_every_days', 'secret_versions_kept', 'gateway_disable_after'] as const
      if (!setServerFieldErrors(error, setError, fields)) toast.error(errorMessage(error))
    }
  })
  const field = (
    name: 'rotate_every_days' | 'expiry_warning_days' | 'reverify_every_days' | 'secret_versions_kept' | 'gateway_disable_after',
    label: string,
    hint: string,
  ) => (
    <div className="field">
      <label htmlFor={`team-${name}`}>{label}</label>
      <input
        id={`team-${name}`}
        type="number"
        placeholder={name === 'rotate_every_days' || name === 'reverify_every_days' ? 'None' : undefined}
        inputMode="numeric"
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={`team-${name}-hint team-${name}-error`}
        {...register(name)}
      />
      <p id={`team-${name}-hint`} className="field-hint">{hint}</p>
      <p id={`team-${name}-error`} className="field-error" role="alert">{errors[name]?.message}</p>
    </div>
  )
  return (
    <section aria-labelledby="team-heading">
      <div className="toolbar">
        <h2 id="team-heading">Team settings</h2>
      </div>
      <form className="form inline-form team-form" noValidate onSubmit={(event) => void submit(event)}>
        {field('rotate_every_days', 'Rotate keys every (days)', 'Empty: no rotation reminder, unless a key sets its own period.')}
        {field('expiry_warning_days', 'Warn before a key expires (days)', 'A key counts as expiring this many days before its expiry.')}
        <div className="field">
          <span className="label" id="team-policy-label">Expired keys, when an application asks for one</span>
          <Controller
            control={control}
            name="expired_key_policy"
            render={({ field: policy }) => (
              <Select
                id="team-expired_key_policy"
                aria-labelledby="team-policy-label"
                value={policy.value}
                onValueChange={policy.onChange}
                options={policyOptions}
              />
            )}
          />
          <p className="field-hint">Refused: resolve answers 410 naming the key.</p>
        </div>
        {field(
          'reverify_every_days',
          'Check keys with their providers every (days)',
          'Empty: only when someone presses Test. keyward asks each provider again once a check is this old.',
        )}
        {field('secret_versions_kept', 'Secret versions kept per key', 'Lowering it deletes the secrets of older versions at once; their details stay.')}
        {field(
          'gateway_disable_after',
          'Disable a key after this many rejections in a row',
          'Through the gateway: a key its provider answers 401 or 403 this many times running is disabled until someone re-enables it.',
        )}
        <div className="actions">
          <button type="submit" disabled={isSubmitting || !isDirty}>
            {isSubmitting ? 'Saving…' : 'Save team settings'}
          </button>
        </div>
      </form>
    </section>
  )
}
