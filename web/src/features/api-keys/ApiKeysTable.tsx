import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table'
import { ArrowDown, ArrowUp, Copy, Eye, EyeOff, FlaskConical, MoreHorizontal, Pencil, Trash2 } from 'lucide-react'
import { useMemo } from 'react'
import { Menu, type MenuAction } from '../../components/ui/Menu'
import { RelativeTime } from '../../components/ui/RelativeTime'
import { Tooltip } from '../../components/ui/Tooltip'
import type { ApiKey, KeyType } from '../../lib/types'
import { KeyCell } from './KeyCell'
import { LabelChips } from './LabelChips'
import { ProviderMark } from './ProviderMark'
import type { ListParams } from './queryKeys'
import { LifecycleBadge } from './LifecycleBadge'
import { DisabledBadge, StatusBadge } from './StatusBadge'

export interface RowActions {
  edit?: (key: ApiKey) => void  // absent: not allowed (and rows do not open)
  test?: (key: ApiKey) => void
  remove?: (key: ApiKey) => void
  toggleReveal?: (key: ApiKey) => void
  copy?: (key: ApiKey) => void
}

interface ApiKeysTableProps {
  keys: ApiKey[]
  types: KeyType[]
  params: ListParams
  onSort: (sort: ListParams['sort'], order: ListParams['order']) => void
  actions: RowActions
  revealed: ReadonlyMap<string, string>
  revealPending: boolean
  nameOf: (userId: string) => string
  selected: ReadonlySet<string> | null  // null: no bulk actions for this member
  onSelect: (ids: string[], on: boolean) => void
  loading: boolean
  usage?: ReadonlyMap<string, { requests: number; errors: number }>  // gateway calls, 24 hours
}

// The sort each sortable column asks for: Status sorts by expiry and rotation, most urgent first.
const sortOf: Partial<Record<string, ListParams['sort']>> = { description: 'description', type: 'type', status: 'lifecycle', created_at: 'created_at' }
const columnClass: Record<string, string> = {
  select: 'col-select',
  description: 'cell-primary',
  type: 'col-type',
  key: 'col-key',
  status: 'col-status',
  last_used: 'col-time',
  created_at: 'col-time',
  actions: 'col-actions',
}

// A key's calls through the gateway over 24 hours, under its last use.
function GatewayCalls({ requests, errors }: { requests: number; errors: number }) {
  return (
    <span className="muted small gateway-calls">
      {requests} {requests === 1 ? 'call' : 'calls'}
      {errors > 0 ? <span className="calls-errors">, {errors} {errors === 1 ? 'error' : 'errors'}</span> : null} in 24 h
    </span>
  )
}

// The row of a key, found by id (focus comes back to it after a dialog).
export function rowElement(id: string): HTMLElement | null {
  return [...document.querySelectorAll<HTMLElement>('tr[data-row-id]')].find((row) => row.dataset.rowId === id) ?? null
}

// The keys of one page. Sorting, filtering and paging happen on the server; the table shows them.
// Under 640 px each row is a card (styles.css) with the same cells and actions.
export function ApiKeysTable(props: ApiKeysTableProps) {
  const { keys, types, params, onSort, actions, revealed, revealPending, nameOf, selected, onSelect, loading, usage } = props
  const typeNames = useMemo(() => new Map(types.map((t) => [t.id, t.name])), [types])
  const allSelected = selected !== null && keys.length > 0 && keys.every((k) => selected.has(k.id))
  const columns = useMemo<ColumnDef<ApiKey>[]>(() => {
    const list: ColumnDef<ApiKey>[] = []
    if (selected !== null) {
      list.push({
        id: 'select',
        header: () => (
          <input
            type="checkbox"
            aria-label="Select every key on this page"
            checked={allSelected}
            onChange={(event) => onSelect(keys.map((k) => k.id), event.target.checked)}
          />
        ),
        cell: ({ row }) => (
          <input
            type="checkbox"
            aria-label={`Select ${row.original.description}`}
            checked={selected.has(row.original.id)}
            onChange={(event) => onSelect([row.original.id], event.target.checked)}
          />
        ),
      })
    }
    list.push(
      {
        id: 'description',
        header: 'Description',
        cell: ({ row }) => (
          <>
            <span className="description-cell">
              <Tooltip content={row.original.description}>
                <span className="truncate" tabIndex={-1}>
                  {row.original.description}
                </span>
              </Tooltip>
              {row.original.is_default ? <span className="badge">Default</span> : null}
            </span>
            <LabelChips labels={row.original.labels} />
          </>
        ),
      },
      {
        id: 'type',
        header: 'Type',
        cell: ({ row }) => {
          const name = typeNames.get(row.original.type) ?? row.original.type
          return (
            <span className="type-cell">
              <ProviderMark typeId={row.original.type} name={name} />
              <span className="truncate">{name}</span>
            </span>
          )
        },
      },
      {
        id: 'key',
        header: 'Key',
        cell: ({ row }) => (
          <KeyCell
            apiKey={row.original}
            plaintext={revealed.get(row.original.id)}
            canReveal={actions.toggleReveal !== undefined}
            pending={revealPending}
            onToggle={() => actions.toggleReveal?.(row.original)}
            onCopy={() => actions.copy?.(row.original)}
          />
        ),
      },
      {
        id: 'status',
        header: 'Status',
        cell: ({ row }) => (
          <span className="status-cell">
            <DisabledBadge apiKey={row.original} />
            <StatusBadge apiKey={row.original} />
            <LifecycleBadge apiKey={row.original} />
          </span>
        ),
      },
      {
        id: 'last_used',
        header: 'Last used',
        cell: ({ row }) => {
          const calls = usage?.get(row.original.id)
          return (
            <>
              {row.original.last_used_at ? <RelativeTime iso={row.original.last_used_at} /> : <span className="muted">Never</span>}
              {calls ? <GatewayCalls requests={calls.requests} errors={calls.errors} /> : null}
            </>
          )
        },
      },
      {
        id: 'created_at',
        header: 'Created',
        cell: ({ row }) => <RelativeTime iso={row.original.created_at} extra={`by ${nameOf(row.original.created_by)}`} />,
      },
    )
    const { edit, test, remove, toggleReveal, copy } = actions
    if (edit || test || remove || toggleReveal) {
      list.push({
        id: 'actions',
        header: () => <span className="visually-hidden">Actions</span>,
        cell: ({ row }) => {
          const key = row.original
          const shown = revealed.has(key.id)
          const items: MenuAction[] = []
          if (edit) items.push({ label: 'Edit', icon: Pencil, onSelect: () => edit(key) })
          if (test) items.push({ label: 'Test', icon: FlaskConical, onSelect: () => test(key) })
          if (toggleReveal) items.push({ label: shown ? 'Hide' : 'Reveal', icon: shown ? EyeOff : Eye, onSelect: () => toggleReveal(key) })
          if (copy) items.push({ label: 'Copy', icon: Copy, onSelect: () => copy(key) })
          if (remove) items.push({ label: 'Delete', icon: Trash2, onSelect: () => remove(key), danger: true })
          return (
            <Menu
              actions={items}
              trigger={
                <button type="button" className="ghost icon-only" aria-label={`Actions for ${key.description}`}>
                  <MoreHorizontal aria-hidden size={18} />
                </button>
              }
            />
          )
        },
      })
    }
    return list
  }, [selected, allSelected, onSelect, keys, typeNames, revealed, revealPending, actions, nameOf, usage])

  const sorting: SortingState = [{ id: params.sort === 'lifecycle' ? 'status' : params.sort, desc: params.order === 'desc' }]
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
  const open = actions.edit

  return (
    <div className="table-box">
      <table className="data-table cards-on-phone" aria-busy={loading} aria-label="API keys">
        <colgroup>
          {table.getVisibleLeafColumns().map((column) => (
            <col key={column.id} className={columnClass[column.id] === 'cell-primary' ? undefined : columnClass[column.id]} />
          ))}
        </colgroup>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sort = sortOf[header.column.id]
                const active = params.sort === sort
                const label = flexRender(header.column.columnDef.header, header.getContext())
                if (sort === undefined) return <th key={header.id} scope="col">{label}</th>
                const next: ListParams['order'] = active && params.order === 'asc' ? 'desc' : 'asc'
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={active ? (params.order === 'asc' ? 'ascending' : 'descending') : 'none'}
                  >
                    <button type="button" className="sort-button" onClick={() => onSort(sort, next)}>
                      {label}
                      {active ? (
                        params.order === 'asc' ? <ArrowUp aria-hidden size={14} /> : <ArrowDown aria-hidden size={14} />
                      ) : null}
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
              data-row-id={row.id}
              data-selected={selected?.has(row.id) ? true : undefined}
              className={open ? 'clickable' : undefined}
              tabIndex={open ? 0 : undefined}
              aria-label={open ? `Edit ${row.original.description}` : undefined}
              onClick={
                open
                  ? (event) => {
                      // A click on a control in the row is that control's, not the row's.
                      if ((event.target as Element).closest('button, a, input, label, [role="menuitem"]')) return
                      open(row.original)
                    }
                  : undefined
              }
              onKeyDown={
                open
                  ? (event) => {
                      // The row's own Enter only (a button in it acts for itself), and consumed:
                      // otherwise its keypress lands in the form that has just taken the focus
                      // and submits it.
                      if (event.key !== 'Enter' || event.target !== event.currentTarget) return
                      event.preventDefault()
                      open(row.original)
                    }
                  : undefined
              }
            >
              {row.getVisibleCells().map((cell) => {
                const id = cell.column.id
                const header = cell.column.columnDef.header
                return (
                  <td key={cell.id} className={columnClass[id]} data-label={typeof header === 'string' ? header : undefined}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
