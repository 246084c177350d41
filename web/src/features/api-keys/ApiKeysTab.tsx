import { useQuery } from '@tanstack/react-query'
import { BellRing, FlaskConical, Plus, Search, Trash2, X } from 'lucide-react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { Pagination } from '../../components/Pagination'
import { QueryErrorState } from '../../components/QueryErrorState'
import { Select } from '../../components/ui/Select'
import { ProgressBar, SkeletonRows } from '../../components/ui/Skeleton'
import type { ApiKey, TeamMembership } from '../../lib/types'
import { useDebounced } from '../../lib/useDebounced'
import { memberListOptions } from '../members/queries'
import { ApiKeysTable, rowElement, type RowActions } from './ApiKeysTable'
import { CreateApiKeyDialog } from './CreateApiKeyDialog'
import { ImportEnvDialog } from '../env-import/ImportEnvDialog'
import { DeleteApiKeysDialog } from './DeleteApiKeysDialog'
import { EditApiKeyDialog } from './EditApiKeyDialog'
import { apiKeyListOptions, catalogueOptions, recentUsageOptions } from './queries'
import { LabelsInput } from './LabelsInput'
import { lifecycleText } from './LifecycleBadge'
import { lifecycleFilters, statusFilters } from './queryKeys'
import { statusText } from './StatusBadge'
import { useListParams } from './useListParams'
import { useRevealedKeys } from './useRevealedKeys'
import { useTestKeys } from './useTestKeys'

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
  const usage = useQuery(recentUsageOptions(team.id))
  const members = useQuery({ ...memberListOptions(team.id), enabled: can('members:read') })
  const revealed = useRevealedKeys(team.id)
  const testKeys = useTestKeys(team.id)
  const [creating, setCreating] = useState(false)
  const [importingEnv, setImporting] = useState(false)
  const [editing, setEditing] = useState<ApiKey | null>(null)
  const [deleting, setDeleting] = useState<ApiKey[]>([])
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set())
  const searchRef = useRef<HTMLInputElement>(null)
  // The row a dialog was opened from, and its place: focus goes back there, or to the row that
  // took its place when it was deleted.
  const origin = useRef<{ id: string; index: number } | null>(null)

  const data = list.data
  const pages = data ? Math.max(1, Math.ceil(data.total / params.pageSize)) : 1
  // An out-of-range page (the last rows deleted, an old link) shows the last page instead.
  const outOfRange = data !== undefined && !list.isPlaceholderData && params.page > pages
  useEffect(() => {
    if (outOfRange) setParams({ page: pages })
  }, [outOfRange, pages, setParams])

  // A selection belongs to the rows on screen: it is cleared when they change.
  const viewKey = JSON.stringify({ ...params, pageSize: params.pageSize })
  const [selectionView, setSelectionView] = useState(viewKey)
  if (selectionView !== viewKey) {
    setSelectionView(viewKey)
    setSelected(new Set())
  }
  const onSelect = useCallback((ids: string[], on: boolean) => {
    setSelected((current) => {
      const next = new Set(current)
      for (const id of ids) {
        if (on) next.add(id)
        else next.delete(id)
      }
      return next
    })
  }, [])

  const remember = useCallback(
    (key: ApiKey) => {
      origin.current = { id: key.id, index: data?.items.findIndex((k) => k.id === key.id) ?? 0 }
    },
    [data],
  )
  const returnFocus = useCallback((): HTMLElement | null => {
    const from = origin.current
    if (!from) return null
    const rows = document.querySelectorAll<HTMLElement>('tr[data-row-id]')
    return rowElement(from.id) ?? rows[Math.min(from.index, rows.length - 1)] ?? searchRef.current
  }, [])

  const memberNames = useMemo(() => new Map((members.data?.items ?? []).map((m) => [m.user_id, m.name])), [members.data])
  const nameOf = useCallback((userId: string) => memberNames.get(userId) ?? 'a former member', [memberNames])
  // Rebuilt every render (the reveal functions change with what is shown): nothing memoizes it.
  const actions: RowActions = {
    edit: can('api_keys:update') ? (key) => (remember(key), setEditing(key)) : undefined,
    test: can('api_keys:update') ? (key) => void testKeys.run([key]) : undefined,
    remove: can('api_keys:delete') ? (key) => (remember(key), setDeleting([key])) : undefined,
    toggleReveal: can('api_keys:reveal') ? (key) => void revealed.toggle(key.id) : undefined,
    copy: can('api_keys:reveal') ? (key) => void revealed.copy(key.id) : undefined,
  }
  const bulk = can('api_keys:update') || can('api_keys:delete')
  const chosen = (data?.items ?? []).filter((k) => selected.has(k.id))
  const filtered = Boolean(params.search || params.type || params.status || params.lifecycle || params.labels.length > 0)
  const clearFilters = () => {
    setSearchText('')
    setParams({ search: '', type: '', status: '', lifecycle: '', labels: [], page: 1 })
  }
  const attention = data?.needs_attention ?? 0
  const onlyAttention = params.lifecycle === 'needs_attention'

  const typeOptions = [
    { value: '', label: 'All types' },
    ...(catalogue.data?.types ?? []).map((t) => ({ value: t.id, label: t.name })),
  ]
  const statusOptions = [
    { value: '', label: 'Any status' },
    ...statusFilters.map((s) => ({ value: s, label: statusText[s].label })),
  ]
  const lifecycleOptions = [
    { value: '', label: 'Any lifecycle' },
    ...lifecycleFilters.map((l) => ({ value: l, label: lifecycleText[l] })),
  ]

  return (
    <section aria-labelledby="api-keys-heading">
      <div className="toolbar">
        <h2 id="api-keys-heading">API Keys</h2>
        {can('api_keys:create') ? (
          <span className="toolbar-actions">
            <button type="button" className="secondary" onClick={() => setImporting(true)} disabled={!catalogue.data}>
              Import .env
            </button>
            <button type="button" onClick={() => setCreating(true)} disabled={!catalogue.data}>
              <Plus aria-hidden size={16} />
              Create API Key
            </button>
          </span>
        ) : null}
      </div>
      <div className="filters" role="search">
        <span className="search-box">
          <Search aria-hidden size={16} />
          <input
            ref={searchRef}
            type="search"
            aria-label="Search by description"
            placeholder="Search by description"
            value={searchText}
            onChange={(event) => setSearchText(event.target.value)}
          />
        </span>
        <Select
          aria-label="Filter by type"
          value={params.type}
          options={typeOptions}
          onValueChange={(type) => setParams({ type, page: 1 })}
        />
        <Select
          aria-label="Filter by status"
          value={params.status}
          options={statusOptions}
          onValueChange={(status) => setParams({ status: status as typeof params.status, page: 1 })}
        />
        <Select
          aria-label="Filter by lifecycle"
          value={params.lifecycle}
          options={lifecycleOptions}
          onValueChange={(lifecycle) => setParams({ lifecycle: lifecycle as typeof params.lifecycle, page: 1 })}
        />
        <span className="label-filter">
          <LabelsInput
            id="label-filter"
            label="Filter by label"
            placeholder="Filter by label"
            value={params.labels}
            onChange={(labels) => setParams({ labels, page: 1 })}
          />
        </span>
        {attention > 0 || onlyAttention ? (
          <button
            type="button"
            className="secondary attention-filter"
            aria-pressed={onlyAttention}
            onClick={() => setParams({ lifecycle: onlyAttention ? '' : 'needs_attention', page: 1 })}
          >
            <BellRing aria-hidden size={16} />
            Needs attention ({attention})
          </button>
        ) : null}
        {filtered ? (
          <button
            type="button"
            className="ghost"
            onClick={clearFilters}
          >
            <X aria-hidden size={16} />
            Clear filters
          </button>
        ) : null}
      </div>

      {bulk && chosen.length > 0 ? (
        <div className="bulk-bar" role="region" aria-label="Selected keys">
          <strong>{chosen.length} selected</strong>
          {can('api_keys:update') ? (
            <button type="button" className="secondary" disabled={testKeys.running} onClick={() => void testKeys.run(chosen)}>
              <FlaskConical aria-hidden size={16} />
              {testKeys.running ? testKeys.progress : 'Test selected'}
            </button>
          ) : null}
          {can('api_keys:delete') ? (
            <button
              type="button"
              className="danger"
              onClick={() => {
                const [first] = chosen
                if (first) remember(first)
                setDeleting(chosen)
              }}
            >
              <Trash2 aria-hidden size={16} />
              Delete selected
            </button>
          ) : null}
          <button type="button" className="ghost" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        </div>
      ) : null}

      {list.isPending ? <SkeletonRows rows={6} columns={6} label="Loading API keys" /> : null}
      {list.isError && !data ? (
        <QueryErrorState error={list.error} onRetry={() => void list.refetch()} prefix="The API keys could not be loaded: ">
          {filtered ? (
            <button type="button" className="secondary" onClick={clearFilters}>
              Clear filters
            </button>
          ) : null}
        </QueryErrorState>
      ) : null}
      {data && data.total === 0 && !filtered ? (
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
      {data && data.total === 0 && filtered ? (
        <div className="state empty-state">
          <p>{params.search ? `No key matches “${params.search}”` : 'No key matches these filters'}.</p>
        </div>
      ) : null}
      {data && data.items.length > 0 ? (
        <>
          <ProgressBar active={list.isFetching && list.isPlaceholderData} label="Loading the next results" />
          <ApiKeysTable
            keys={data.items}
            types={catalogue.data?.types ?? []}
            params={params}
            loading={list.isFetching}
            onSort={(sort, order) => setParams({ sort, order, page: 1 })}
            actions={actions}
            revealed={revealed.shown}
            revealPending={revealed.pending}
            nameOf={nameOf}
            selected={bulk ? selected : null}
            onSelect={onSelect}
            usage={usage.data}
          />
        </>
      ) : null}
      {data && data.total > 0 ? (
        <Pagination
          page={Math.min(params.page, pages)}
          pageSize={params.pageSize}
          total={data.total}
          onPage={(page) => setParams({ page })}
          onPageSize={(pageSize) => setParams({ pageSize, page: 1 })}
        />
      ) : null}

      {catalogue.data ? (
        <>
          <ImportEnvDialog teamId={team.id} catalogue={catalogue.data} open={importingEnv} onClose={() => setImporting(false)} />
          <CreateApiKeyDialog
            teamId={team.id}
            catalogue={catalogue.data}
            teamRotateEveryDays={team.rotate_every_days}
            open={creating}
            onClose={() => setCreating(false)}
          />
          <EditApiKeyDialog
            teamId={team.id}
            catalogue={catalogue.data}
            apiKey={editing}
            teamRotateEveryDays={team.rotate_every_days}
            canDelete={can('api_keys:delete')}
            canReveal={can('api_keys:reveal')}
            canListTokens={can('service_tokens:manage')}
            nameOf={nameOf}
            onClose={() => setEditing(null)}
            returnFocus={returnFocus}
          />
        </>
      ) : null}
      <DeleteApiKeysDialog
        teamId={team.id}
        keys={deleting}
        returnFocus={returnFocus}
        onClose={(deleted) => {
          setDeleting([])
          if (deleted.length > 0) onSelect(deleted, false)
        }}
      />
    </section>
  )
}
