import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { QueryErrorState } from '../../components/QueryErrorState'
import { ShownOnceDialog } from '../../components/ShownOnceDialog'
import type { ServiceToken } from '../../lib/types'
import { catalogueOptions } from '../api-keys/queries'
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
  const typeName = (id: string) => catalogue.data?.types.find((t) => t.id === id)?.name ?? id
  const created = create.data ?? null

  return (
    <section aria-labelledby="tokens-heading">
      <div className="toolbar">
        <h2 id="tokens-heading">Service tokens</h2>
      </div>
      {tokens.isError ? <QueryErrorState error={tokens.error} onRetry={() => void tokens.refetch()} /> : null}
      {tokens.data && tokens.data.items.length === 0 ? (
        <div className="state empty-state">
          <p>No service tokens yet. Applications use one to fetch keys from GET /api/v1/resolve.</p>
        </div>
      ) : null}
      {tokens.data && tokens.data.items.length > 0 ? (
        <ServiceTokensTable tokens={tokens.data.items} typeName={typeName} onRevoke={setRevoking} />
      ) : null}
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
