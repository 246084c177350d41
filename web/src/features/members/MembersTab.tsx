import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { QueryErrorState } from '../../components/QueryErrorState'
import { SkeletonRows } from '../../components/ui/Skeleton'
import type { Member, PendingInvitation, TeamMembership } from '../../lib/types'
import { InviteForm } from './InviteForm'
import { MembersTable } from './MembersTable'
import { PendingInvitationsTable } from './PendingInvitationsTable'
import { invitationListOptions, memberListOptions } from './queries'
import { RemoveMemberDialog } from './RemoveMemberDialog'
import { RevokeInvitationDialog } from './RevokeInvitationDialog'

// The team's members and, for those who manage them, pending invitations and the invite form.
export function MembersTab({ team }: { team: TeamMembership }) {
  const canManage = team.permissions.includes('members:manage')
  const members = useQuery(memberListOptions(team.id))
  const pending = useQuery(invitationListOptions(team.id, canManage))
  const [removing, setRemoving] = useState<Member | null>(null)
  const [revoking, setRevoking] = useState<PendingInvitation | null>(null)
  const nameOf = (userId: string | null) =>
    members.data ? (members.data.items.find((member) => member.user_id === userId)?.name ?? 'a former member') : ''

  return (
    <section aria-labelledby="members-heading">
      <div className="toolbar">
        <h2 id="members-heading">Members</h2>
      </div>
      {members.isPending ? <SkeletonRows label="Loading the members" rows={4} columns={canManage ? 5 : 4} /> : null}
      {members.isError && !members.data ? (
        <QueryErrorState
          error={members.error}
          onRetry={() => void members.refetch()}
          prefix="The members could not be loaded: "
        />
      ) : null}
      {members.data ? (
        <MembersTable team={team} members={members.data.items} canManage={canManage} onRemove={setRemoving} />
      ) : null}
      {canManage && pending.data && pending.data.items.length > 0 ? (
        <PendingInvitationsTable team={team} invitations={pending.data.items} nameOf={nameOf} onRevoke={setRevoking} />
      ) : null}
      {canManage && pending.isError && !pending.data ? (
        <QueryErrorState
          error={pending.error}
          onRetry={() => void pending.refetch()}
          prefix="The pending invitations could not be loaded: "
        />
      ) : null}
      {canManage ? <InviteForm team={team} /> : null}
      <RemoveMemberDialog team={team} member={removing} onClose={() => setRemoving(null)} />
      <RevokeInvitationDialog teamId={team.id} invitation={revoking} onClose={() => setRevoking(null)} />
    </section>
  )
}
