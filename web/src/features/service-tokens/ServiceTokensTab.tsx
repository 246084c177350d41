import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { toast } from 'sonner'
import { Dialog } from '../../components/Dialog'
import { errorMessage, getJson, request } from '../../lib/api'
import { fullTimestamp, readableDate } from '../../lib/format'
import type { ServiceToken } from '../../lib/types'
import { catalogueOptions } from '../api-keys/queries'

const tokensKey = (teamId: string) => ['teams', teamId, 'service-tokens'] as const

function tokensOptions(teamId: string) {
  return queryOptions({
    queryKey: tokensKey(teamId),
    queryFn: ({ signal }) =>
      getJson<{ items: ServiceToken[] }>(`/teams/${encodeURIComponent(teamId)}/service-tokens`, signal),
  })
}

// Tokens for applications: created with the key types they may resolve, shown once, revocable.
export function ServiceTokensTab({ teamId }: { teamId: string }) {
  const client = useQueryClient()
  const tokens = useQuery(tokensOptions(teamId))
  const catalogue = useQuery(catalogueOptions)
  const [name, setName] = useState('')
  const [types, setTypes] = useState<string[]>([])
  const [shown, setShown] = useState<ServiceToken | null>(null)
  const [revoking, setRevoking] = useState<ServiceToken | null>(null)
  const create = useMutation({
    mutationFn: async () =>
      (
        await request<ServiceToken>('POST', `/teams/${encodeURIComponent(teamId)}/service-tokens`, {
          body: { name, types },
        })
      ).data,
    onSuccess: async (token) => {
      setShown(token)
      setName('')
      setTypes([])
      await client.invalidateQueries({ queryKey: tokensKey(teamId) })
    },
  })
  const revoke = useMutation({
    mutationFn: (id: string) =>
      request<void>('DELETE', `/teams/${encodeURIComponent(teamId)}/service-tokens/${encodeURIComponent(id)}`),
    onSuccess: async () => {
      toast.success('Service token revoked')
      setRevoking(null)
      await client.invalidateQueries({ queryKey: tokensKey(teamId) })
    },
  })
  const typeName = (id: string) => catalogue.data?.types.find((t) => t.id === id)?.name ?? id

  return (
    <section aria-labelledby="tokens-heading">
      <div className="toolbar">
        <h2 id="tokens-heading">Service tokens</h2>
      </div>
      {tokens.isError ? (
        <div className="state error-state" role="alert">
          <p>{errorMessage(tokens.error)}</p>
          <button type="button" onClick={() => void tokens.refetch()}>
            Retry
          </button>
        </div>
      ) : null}
      {tokens.data && tokens.data.items.length === 0 ? (
        <div className="state empty-state">
          <p>No service tokens yet. Applications use one to fetch keys from GET /api/v1/resolve.</p>
        </div>
      ) : null}
      {tokens.data && tokens.data.items.length > 0 ? (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key types</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.data.items.map((token) => (
              <tr key={token.id}>
                <td>{token.name}</td>
                <td>{token.types.map(typeName).join(', ')}</td>
                <td>
                  {token.last_used_at ? (
                    <time dateTime={token.last_used_at} title={fullTimestamp(token.last_used_at)}>
                      {readableDate(token.last_used_at)}
                    </time>
                  ) : (
                    'Never'
                  )}
                </td>
                <td>
                  {token.revoked_at
                    ? 'Revoked'
                    : token.expires_at && new Date(token.expires_at) <= new Date()
                      ? 'Expired'
                      : 'Active'}
                </td>
                <td>
                  {token.revoked_at ? null : (
                    <button type="button" className="secondary" onClick={() => setRevoking(token)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <form
        className="form inline-form"
        onSubmit={(event) => {
          event.preventDefault()
          create.mutate()
        }}
      >
        <h3>New service token</h3>
        <label htmlFor="token-name">Name</label>
        <input id="token-name" required value={name} onChange={(e) => setName(e.target.value)} />
        <fieldset className="checkboxes">
          <legend>Key types it may resolve</legend>
          {catalogue.data?.types.map((type) => (
            <label key={type.id}>
              <input
                type="checkbox"
                checked={types.includes(type.id)}
                onChange={(e) =>
                  setTypes(e.target.checked ? [...types, type.id] : types.filter((t) => t !== type.id))
                }
              />{' '}
              {type.name}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={create.isPending || !name || types.length === 0}>
          Create token
        </button>
      </form>
      <Dialog title="Copy your new service token" open={shown !== null} onClose={() => setShown(null)}>
        <div className="form">
          <p>
            This is the only time <strong>{shown?.name}</strong> is shown. Store it in your
            application&apos;s secret settings now.
          </p>
          <code className="once">{shown?.token}</code>
          <div className="actions">
            <span className="spacer" />
            <button
              type="button"
              className="secondary"
              onClick={() =>
                void navigator.clipboard
                  .writeText(shown?.token ?? '')
                  .then(() => toast.success('Token copied to the clipboard'))
                  .catch(() => toast.error('Copy it by hand: the browser did not allow copying.'))
              }
            >
              Copy token
            </button>
            <button type="button" onClick={() => setShown(null)}>
              Done
            </button>
          </div>
        </div>
      </Dialog>
      <Dialog title="Revoke service token?" open={revoking !== null} onClose={() => setRevoking(null)}>
        <div className="form">
          <p>
            Applications using <strong>{revoking?.name}</strong> lose access at once.
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
    </section>
  )
}
