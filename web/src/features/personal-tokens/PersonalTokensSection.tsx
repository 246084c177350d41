import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { toast } from 'sonner'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { QueryErrorState } from '../../components/QueryErrorState'
import { ShownOnceDialog } from '../../components/ShownOnceDialog'
import { SkeletonRows } from '../../components/ui/Skeleton'
import type { Me, PersonalToken } from '../../lib/types'
import { PersonalTokenForm } from './PersonalTokenForm'
import { PersonalTokensTable } from './PersonalTokensTable'
import { personalTokenListOptions } from './queries'
import { useCreatePersonalToken } from './useCreatePersonalToken'
import { useRevokePersonalToken } from './useRevokePersonalToken'

// The user's personal access tokens, for the command line and scripts: made with a lifetime and
// per-team permissions, shown once, revocable.
export function PersonalTokensSection({ me }: { me: Me }) {
  const tokens = useQuery(personalTokenListOptions)
  const create = useCreatePersonalToken()
  const revoke = useRevokePersonalToken()
  const [revoking, setRevoking] = useState<PersonalToken | null>(null)
  const teamName = (id: string) => me.teams.find((t) => t.id === id)?.name ?? 'a team you left'
  const created = create.data ?? null

  return (
    <section aria-labelledby="pat-heading">
      <div className="toolbar">
        <h2 id="pat-heading">Personal access tokens</h2>
      </div>
      <p className="muted">
        A token acts as you on the keyward API, only in the teams and with the permissions you give it. Use one with the
        command line: <code>keyward login --url {window.location.origin}</code>. It stops working when it expires, when
        you revoke it, or when you leave a team or lose a permission it holds.
      </p>
      {tokens.isPending ? <SkeletonRows label="Loading your tokens" rows={2} columns={6} /> : null}
      {tokens.isError && !tokens.data ? (
        <QueryErrorState error={tokens.error} onRetry={() => void tokens.refetch()} prefix="Your tokens could not be loaded: " />
      ) : null}
      {tokens.data && tokens.data.items.length === 0 ? (
        <div className="state empty-state">
          <p>No personal access tokens yet.</p>
        </div>
      ) : null}
      {tokens.data && tokens.data.items.length > 0 ? (
        <PersonalTokensTable tokens={tokens.data.items} teamName={teamName} onRevoke={setRevoking} />
      ) : null}
      <PersonalTokenForm teams={me.teams} onSubmit={(values) => create.mutateAsync(values)} />
      <ShownOnceDialog
        title="Copy your new personal access token"
        secret={created?.token ?? null}
        copyLabel="Copy token"
        copiedMessage="Token copied to the clipboard"
        onClose={create.forget}
      >
        This is the only time <strong>{created?.name}</strong> is shown. Paste it into <code>keyward login</code> or your
        password manager now.
      </ShownOnceDialog>
      <ConfirmDialog
        title="Revoke personal access token?"
        open={revoking !== null}
        onClose={() => setRevoking(null)}
        confirmLabel="Revoke"
        pending={revoke.isPending}
        onConfirm={() =>
          revoking &&
          revoke.mutate(revoking.id, {
            onSuccess: () => {
              toast.success('Personal access token revoked')
              setRevoking(null)
            },
          })
        }
      >
        Anything using <strong>{revoking?.name}</strong> loses access at once.
      </ConfirmDialog>
    </section>
  )
}
