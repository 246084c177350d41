import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { QueryErrorState } from '../../components/QueryErrorState'
import { ShownOnceDialog } from '../../components/ShownOnceDialog'
import { SkeletonRows } from '../../components/ui/Skeleton'
import type { ServiceToken } from '../../lib/types'
import { catalogueOptions } from '../api-keys/queries'
import { GatewaySnippets } from '../gateway/GatewaySnippets'
import { memberListOptions } from '../members/queries'
import { serviceTokenListOptions } from './queries'
import { RevokeServiceTokenDialog } from './RevokeServiceTokenDialog'
import { ServiceTokenForm } from './ServiceTokenForm'
import { ServiceTokensTable } from './ServiceTokensTable'
import { useCreateServiceToken } from './useCreateServiceToken'


// Tokens for applications: created with the key types they may resolve, shown once, revocable.
export function ServiceTokensTab({ teamId }: { teamId: string }) {
  const tokens = useQuery(serviceTokenListOptions(teamId))
  const catalogue = useQuery(catalogueOptions)
  const create = useCreateServiceToken(teamId)
  const [revoking, setRevoking] = useState<ServiceToken | null>(null)
  const [showExamples, setShowExamples] = useState(false)
  const members = useQuery(memberListOptions(teamId))
  const typeName = (id: string) => catalogue.data?.types.find((t) => t.id === id)?.name ?? id
  // Blank until the members are known; a creator no longer in the team is named as such.
  const creatorName = (userId: string | null) => {
    if (!members.data) return ''
    return members.data.items.find((member) => member.user_id === userId)?.name ?? 'a former member'
  }
  const created = create.data ?? null

  return (
    <section aria-labelledby="tokens-heading">
      <div className="toolbar">
        <h2 id="tokens-heading">Service tokens</h2>
      </div>
      {tokens.isPending ? <SkeletonRows label="Loading the service tokens" rows={3} columns={6} /> : null}
      {tokens.isError && !tokens.data ? (
        <QueryErrorState
          error={tokens.error}
          onRetry={() => void tokens.refetch()}
          prefix="The service tokens could not be loaded: "
        />
      ) : null}
      {tokens.data && tokens.data.items.length === 0 ? (
        <div className="state empty-state">
          <p>No service tokens yet. Applications use one to fetch keys from GET /api/v1/resolve.</p>
        </div>
      ) : null}
      {tokens.data && tokens.data.items.length > 0 ? (
        <ServiceTokensTable
          tokens={tokens.data.items}
          typeName={typeName}
          creatorName={creatorName}
          onRevoke={setRevoking}
        />
      ) : null}
      {catalogue.isError && !catalogue.data ? (
        <QueryErrorState
          error={catalogue.error}
          onRetry={() => void catalogue.refetch()}
          prefix="The key types a token may resolve could not be loaded: "
        />
      ) : null}
      <details className="gateway-panel" onToggle={(event) => setShowExamples(event.currentTarget.open)}>
        <summary>Use from your application</summary>
        {showExamples ? (
          <GatewaySnippets origin={window.location.origin} />
        ) : null}
      </details>
      <ServiceTokenForm keyTypes={catalogue.data?.types ?? []} onSubmit={(values) => create.mutateAsync(values)} />
      <ShownOnceDialog
        title="Copy your new service token"
        secret={created?.token ?? null}
        copyLabel="Copy token"
        copiedMessage="Token copied to the clipboard"
        onClose={create.forget}
      >
        This is the only time <strong>{created?.name}</strong> is shown. Store it in your application&apos;s
        secret settings now.
      </ShownOnceDialog>
      <RevokeServiceTokenDialog teamId={teamId} token={revoking} onClose={() => setRevoking(null)} />
    </section>
  )
}
