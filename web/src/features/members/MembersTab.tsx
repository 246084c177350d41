import { useMutation, useQuery, useQueryClient, queryOptions } from '@tanstack/react-query'
import { useState } from 'react'
import { toast } from 'sonner'
import { Dialog } from '../../components/Dialog'
import { errorMessage, getJson, request } from '../../lib/api'
import { readableDate } from '../../lib/format'
import type { Invitation, Member, PendingInvitation, Role, TeamMembership } from '../../lib/types'

const membersKey = (teamId: string) => ['teams', teamId, 'members'] as const
const invitationsKey = (teamId: string) => ['teams', teamId, 'invitations'] as const

function invitationsOptions(teamId: string, enabled: boolean) {
  return queryOptions({
    queryKey: invitationsKey(teamId),
    queryFn: ({ signal }) =>
      getJson<{ items: PendingInvitation[] }>(`/teams/${encodeURIComponent(teamId)}/invitations`, signal),
    enabled,
  })
}

function membersOptions(teamId: string) {
  return queryOptions({
    queryKey: membersKey(teamId),
    queryFn: ({ signal }) =>
      getJson<{ items: Member[] }>(`/teams/${encodeURIComponent(teamId)}/members`, signal),
  })
}

export function MembersTab({ team }: { team: TeamMembership }) {
  const client = useQueryClient()
  const members = useQuery(membersOptions(team.id))
  const canManage = team.permissions.includes('members:manage')
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<Role>('developer')
  const [invitation, setInvitation] = useState<Invitation | null>(null)
  const [removing, setRemoving] = useState<Member | null>(null)
  const [revoking, setRevoking] = useState<PendingInvitation | null>(null)
  const pending = useQuery(invitationsOptions(team.id, canManage))
  const nameOf = (userId: string | null) =>
    members.data?.items.find((member) => member.user_id === userId)?.name ?? 'a former member'
  const revoke = useMutation({
    mutationFn: (id: string) =>
      request<void>('DELETE', `/teams/${encodeURIComponent(team.id)}/invitations/${encodeURIComponent(id)}`),
    onSuccess: async () => {
      toast.success('Invitation revoked')
      setRevoking(null)
      await client.invalidateQueries({ queryKey: invitationsKey(team.id) })
    },
  })
  const assignable: Role[] =
    team.role === 'owner' ? ['owner', 'admin', 'developer', 'viewer'] : ['admin', 'developer', 'viewer']
  const changeRole = useMutation({
    mutationFn: ({ userId, role: next }: { userId: string; role: Role }) =>
      request<Member>('PATCH', `/teams/${encodeURIComponent(team.id)}/members/${encodeURIComponent(userId)}`, {
        body: { role: next },
      }),
    onSuccess: async () => {
      toast.success('Role changed')
      await client.invalidateQueries({ queryKey: membersKey(team.id) })
    },
  })
  const remove = useMutation({
    mutationFn: (userId: string) =>
      request<void>('DELETE', `/teams/${encodeURIComponent(team.id)}/members/${encodeURIComponent(userId)}`),
    onSuccess: async () => {
      toast.success('Member removed')
      setRemoving(null)
      await client.invalidateQueries({ queryKey: membersKey(team.id) })
    },
  })
  const invite = useMutation({
    mutationFn: async () =>
      (
        await request<Invitation>('POST', `/teams/${encodeURIComponent(team.id)}/invitations`, {
          body: { email, role },
        })
      ).data,
    onSuccess: async (created) => {
      setInvitation(created)
      setEmail('')
      await client.invalidateQueries({ queryKey: membersKey(team.id) })
      await client.invalidateQueries({ queryKey: invitationsKey(team.id) })
    },
  })

  return (
    <section aria-labelledby="members-heading">
      <div className="toolbar">
        <h2 id="members-heading">Members</h2>
      </div>
      {members.isError ? (
        <div className="state error-state" role="alert">
          <p>{errorMessage(members.error)}</p>
          <button type="button" onClick={() => void members.refetch()}>
            Retry
          </button>
        </div>
      ) : null}
      {members.data ? (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Joined</th>
              {canManage ? (
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {members.data.items.map((member) => (
              <tr key={member.user_id}>
                <td>{member.name}</td>
                <td>{member.email}</td>
                <td>
                  {canManage && (team.role === 'owner' || member.role !== 'owner') ? (
                    <select
                      aria-label={`Role of ${member.name}`}
                      value={member.role}
                      disabled={changeRole.isPending}
                      onChange={(event) =>
                        changeRole.mutate({ userId: member.user_id, role: event.target.value as Role })
                      }
                    >
                      {(assignable.includes(member.role) ? assignable : [member.role, ...assignable]).map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  ) : (
                    member.role
                  )}
                </td>
                <td>{readableDate(member.joined_at)}</td>
                {canManage ? (
                  <td>
                    {team.role === 'owner' || member.role !== 'owner' ? (
                      <button type="button" className="secondary" onClick={() => setRemoving(member)}>
                        Remove
                      </button>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {canManage && pending.data && pending.data.items.length > 0 ? (
        <table className="data-table" aria-labelledby="pending-heading">
          <caption id="pending-heading">Pending invitations</caption>
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">Invited by</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {pending.data.items.map((pendingInvitation) => (
              <tr key={pendingInvitation.id}>
                <td>{pendingInvitation.email}</td>
                <td>{pendingInvitation.role}</td>
                <td>{nameOf(pendingInvitation.invited_by)}</td>
                <td>{readableDate(pendingInvitation.expires_at)}</td>
                <td>
                  {team.role === 'owner' || pendingInvitation.role !== 'owner' ? (
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`Revoke the invitation of ${pendingInvitation.email}`}
                      onClick={() => setRevoking(pendingInvitation)}
                    >
                      Revoke
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {canManage && pending.isError ? (
        <div className="state error-state" role="alert">
          <p>Pending invitations could not be loaded: {errorMessage(pending.error)}</p>
          <button type="button" onClick={() => void pending.refetch()}>
            Retry
          </button>
        </div>
      ) : null}
      {canManage ? (
        <form
          className="form inline-form"
          onSubmit={(event) => {
            event.preventDefault()
            invite.mutate()
          }}
        >
          <h3>Invite someone</h3>
          <label htmlFor="invite-email">Email</label>
          <input id="invite-email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {assignable.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <button type="submit" disabled={invite.isPending}>
            Invite
          </button>
        </form>
      ) : null}
      <Dialog title="Remove member?" open={removing !== null} onClose={() => setRemoving(null)}>
        <div className="form">
          <p>
            Remove <strong>{removing?.name}</strong> ({removing?.email}) from {team.name}? They lose
            access at once.
          </p>
          <div className="actions">
            <span className="spacer" />
            <button type="button" className="secondary" onClick={() => setRemoving(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="danger"
              disabled={remove.isPending}
              onClick={() => removing && remove.mutate(removing.user_id)}
            >
              Remove
            </button>
          </div>
        </div>
      </Dialog>
      <Dialog title="Revoke invitation?" open={revoking !== null} onClose={() => setRevoking(null)}>
        <div className="form">
          <p>
            Revoke the invitation of <strong>{revoking?.email}</strong> ({revoking?.role})? Its link stops
            working at once.
          </p>
          <div className="actions">
            <span className="spacer" />
            <button type="button" className="secondary" onClick={() => setRevoking(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="danger"
              disabled={revoke.isPending}
              onClick={() => revoking && revoke.mutate(revoking.id)}
            >
              Revoke
            </button>
          </div>
        </div>
      </Dialog>
      {invitation ? (
        <div className="notice" role="status">
          <p>
            Send this link to {invitation.email} ({invitation.role}); it works once, until{' '}
            {readableDate(invitation.expires_at)}, and is not shown again:
          </p>
          <code className="once">{invitation.url}</code>{' '}
          <button
            type="button"
            className="secondary"
            onClick={() =>
              void navigator.clipboard
                .writeText(invitation.url)
                .then(() => toast.success('Invitation link copied'))
                .catch(() => toast.error('Copy it by hand: the browser did not allow copying.'))
            }
          >
            Copy link
          </button>
        </div>
      ) : null}
    </section>
  )
}
