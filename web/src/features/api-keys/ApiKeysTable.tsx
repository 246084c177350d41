import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table'
import { useMemo } from 'react'
import { fullTimestamp, readableDate } from '../../lib/format'
import type { ApiKey, KeyType } from '../../lib/types'
import { KeyCell } from './KeyCell'
import type { ListParams } from './queryKeys'

interface ApiKeysTableProps {
  teamId: string
  keys: ApiKey[]
  types: KeyType[]
  params: ListParams
  onSort: (sort: ListParams['sort'], order: ListParams['order']) => void
  canReveal: boolean
  onOpen?: (key: ApiKey) => void  // absent: rows are not clickable
  loading: boolean
}

const sortableColumns = new Set(['description', 'type', 'created_at'])

// The keys of one page. Sorting and paging happen on the server; the table only shows them.
export function ApiKeysTable({ teamId, keys, types, params, onSort, canReveal, onOpen, loading }: ApiKeysTableProps) {
  const typeNames = useMemo(() => new Map(types.map((t) => [t.id, t.name])), [types])
  const columns = useMemo<ColumnDef<ApiKey>[]>(
    () => [
      {
        id: 'description',
        header: 'Description',
        cell: ({ row }) => (
          <span>
            {row.original.description}
            {row.original.is_default ? <span className="badge">Default</span> : null}
            {row.original.verify_status ? (
              <span
                className={`verify-mark verify-${row.original.verify_status}`}
                title={`Provider check: ${row.original.verify_status}${row.original.verified_at ? `, ${fullTimestamp(row.original.verified_at)}` : ''}`}
                aria-label={`Provider check: ${row.original.verify_status}`}
              >
                {row.original.verify_status === 'valid' ? '✓' : row.original.verify_status === 'invalid' ? '✗' : '!'}
              </span>
            ) : null}
          </span>
        ),
      },
      {
        id: 'type',
        header: 'Type',
        cell: ({ row }) => typeNames.get(row.original.type) ?? row.original.type,
      },
      {
        id: 'key',
        header: 'Key',
        cell: ({ row }) => <KeyCell teamId={teamId} apiKey={row.original} canReveal={canReveal} />,
      },
      {
        id: 'created_at',
        header: 'Created',
        cell: ({ row }) => (
          <time dateTime={row.original.created_at} title={fullTimestamp(row.original.created_at)}>
            {readableDate(row.original.created_at)}
          </time>
        ),
      },
    ],
    [teamId, typeNames, canReveal],
  )
  const sorting: SortingState = [{ id: params.sort, desc: params.order === 'desc' }]
  // TanStack Table's instance is not memoizable by the React Compiler; this component does not
  // rely on it being so.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: keys,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    state: { sorting },
    getRowId: (row) => row.id,
  })

  return (
    <table className="data-table" aria-busy={loading}>
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => {
              const id = header.column.id
              const active = params.sort === id
              const label = flexRender(header.column.columnDef.header, header.getContext())
              if (!sortableColumns.has(id)) return <th key={header.id} scope="col">{label}</th>
              const next: ListParams['order'] = active && params.order === 'asc' ? 'desc' : 'asc'
              return (
                <th
                  key={header.id}
                  scope="col"
                  aria-sort={active ? (params.order === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button
                    type="button"
                    className="sort-button"
                    onClick={() => onSort(id as ListParams['sort'], next)}
                  >
                    {label}
                    <span aria-hidden="true">{active ? (params.order === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                  </button>
                </th>
              )
            })}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr
            key={row.id}
            className={onOpen ? 'clickable' : undefined}
            tabIndex={onOpen ? 0 : undefined}
            aria-label={onOpen ? `Edit ${row.original.description}` : undefined}
            onClick={onOpen ? () => onOpen(row.original) : undefined}
            onKeyDown={
              onOpen
                ? (event) => {
                    // The row's own Enter only (a button in it acts for itself), and consumed:
                    // otherwise its keypress lands in the form that has just taken the focus
                    // and submits it.
                    if (event.key !== 'Enter' || event.target !== event.currentTarget) return
                    event.preventDefault()
                    onOpen(row.original)
                  }
                : undefined
            }
          >
            {row.getVisibleCells().map((cell) => (
              <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

export function TableSkeleton({ rows }: { rows: number }) {
  return (
    <table className="data-table" aria-busy="true" aria-label="Loading API keys">
      <tbody>
        {Array.from({ length: rows }, (_, i) => (
          <tr key={i} className="skeleton-row">
            {[0, 1, 2, 3].map((j) => (
              <td key={j}>
                <span className="skeleton" />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
