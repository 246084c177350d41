import { useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import type { ApiKey, TeamMembership } from '../../lib/types'
import { useDebounced } from '../../lib/useDebounced'
import { Pagination } from '../../components/Pagination'
import { QueryErrorState } from '../../components/QueryErrorState'
import { ApiKeysTable, TableSkeleton } from './ApiKeysTable'
import { CreateApiKeyDialog } from './CreateApiKeyDialog'
import { EditApiKeyDialog } from './EditApiKeyDialog'
import { apiKeyListOptions, catalogueOptions } from './queries'
import { useListParams } from './useListParams'

export function ApiKeysTab({ team }: { team: TeamMembership }) {
  const can = (permission: string) => team.permissions.includes(permission as never)
  const [params, setParams] = useListParams()
  const [searchText, setSearchText] = useState(params.search)
  const search = useDebounced(searchText.trim(), 300)
  useEffect(() => {
    if (search !== params.search) setParams({ search, page: 1 })
  }, [search, params.search, setParams])

  const catalogue = useQuery(catalogueOptions)
  const list = useQuery(apiKeyListOptions(team.id, params))
  const [creating, setCreating] = useState(false)
  const [editing, setEditing] = useState<ApiKey | null>(null)

  const data = list.data
  return (
    <section aria-labelledby="api-keys-heading">
      <div className="toolbar">
        <h2 id="api-keys-heading">API Keys</h2>
        <input
          type="search"
          className="search"
          aria-label="Search by description"
          placeholder="Search by description"
          value={searchText}
          onChange={(event) => setSearchText(event.target.value)}
        />
        {can('api_keys:create') ? (
          <button type="button" onClick={() => setCreating(true)} disabled={!catalogue.data}>
            Create API Key
          </button>
        ) : null}
      </div>

      {list.isPending ? <TableSkeleton rows={5} /> : null}
      {list.isError && !data ? (
        <QueryErrorState
          error={list.error}
          onRetry={() => void list.refetch()}
          prefix="The API keys could not be loaded: "
        />
      ) : null}
      {data && data.total === 0 && !params.search ? (
        <div className="state empty-state">
          <p>No API keys yet.</p>
          {can('api_keys:create') ? (
            <>
              <p>Store the first credential your application needs: it is sealed as soon as it arrives.</p>
              <button type="button" onClick={() => setCreating(true)} disabled={!catalogue.data}>
                Create your first API key
              </button>
            </>
          ) : null}
        </div>
      ) : null}
      {data && data.total === 0 && params.search ? (
        <div className="state empty-state">
          <p>No key matches “{params.search}”.</p>
        </div>
      ) : null}
      {data && data.items.length > 0 ? (
        <ApiKeysTable
          teamId={team.id}
          keys={data.items}
          types={catalogue.data?.types ?? []}
          params={params}
          loading={list.isFetching}
          canReveal={can('api_keys:reveal')}
          onSort={(sort, order) => setParams({ sort, order, page: 1 })}
          onOpen={can('api_keys:update') ? setEditing : undefined}
        />
      ) : null}
      {data && data.total > 0 ? (
        <Pagination
          page={params.page}
          pageSize={params.pageSize}
          total={data.total}
          onPage={(page) => setParams({ page })}
          onPageSize={(pageSize) => setParams({ pageSize, page: 1 })}
        />
      ) : null}

      {catalogue.data ? (
        <>
          <CreateApiKeyDialog
            teamId={team.id}
            catalogue={catalogue.data}
            open={creating}
            onClose={() => setCreating(false)}
          />
          <EditApiKeyDialog
            teamId={team.id}
            catalogue={catalogue.data}
            apiKey={editing}
            canDelete={can('api_keys:delete')}
            onClose={() => setEditing(null)}
          />
        </>
      ) : null}
    </section>
  )
}
