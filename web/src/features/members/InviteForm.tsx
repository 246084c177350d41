import { zodResolver } from '@hookform/resolvers/zod'
import { useForm } from 'react-hook-form'
import { toast } from 'sonner'
import { errorMessage } from '../../lib/api'
import { setServerFieldErrors } from '../../lib/serverFieldErrors'
import type { TeamMembership } from '../../lib/types'
import { InvitationLink } from './InvitationLink'
import { assignableRoles, inviteSchema, type InviteFormValues } from './schema'
import { useInviteMember } from './useInviteMember'

// Invite someone by email with a role. The new link is the mutation's answer only (no copy
// kept elsewhere), shown below the form until the tab is left or another invitation is sent.
export function InviteForm({ team }: { team: TeamMembership }) {
  const invite = useInviteMember(team.id)
  const {
    register,
    handleSubmit,
    setError,
    resetField,
    formState: { errors },
  } = useForm<InviteFormValues>({
    resolver: zodResolver(inviteSchema),
    defaultValues: { email: '', role: 'developer' },
  })
  const submit = handleSubmit((values) =>
    invite.mutate(values, {
      onSuccess: () => resetField('email'),
      onError: (error) => {
        if (!setServerFieldErrors(error, setError, ['email', 'role'])) toast.error(errorMessage(error))
      },
    }),
  )
  return (
    <>
      <form className="form inline-form" noValidate onSubmit={(event) => void submit(event)}>
        <h3>Invite someone</h3>
        <label htmlFor="invite-email">Email</label>
        <input
          id="invite-email"
          type="email"
          aria-invalid={errors.email ? true : undefined}
          aria-describedby="invite-email-error"
          {...register('email')}
        />
        <p id="invite-email-error" className="field-error" role="alert">
          {errors.email?.message}
        </p>
        <label htmlFor="invite-role">Role</label>
        <select
          id="invite-role"
          aria-invalid={errors.role ? true : undefined}
          aria-describedby="invite-role-error"
          {...register('role')}
        >
          {assignableRoles(team.role).map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <p id="invite-role-error" className="field-error" role="alert">
          {errors.role?.message}
        </p>
        <button type="submit" disabled={invite.isPending}>
          Invite
        </button>
      </form>
      {invite.data ? <InvitationLink invitation={invite.data} /> : null}
    </>
  )
}
