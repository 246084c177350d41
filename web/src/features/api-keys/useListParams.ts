import { useSearchParams } from 'react-router'
import { lifecycleFilters, statusFilters, type LifecycleFilter, type ListParams, type StatusFilter } from './queryKeys'

const sorts = new Set(['description', 'type', 'created_at', 'lifecycle'])

// The list's search, filters (labels as repeated `label`), sort and page live in the URL, so a link or a reload shows the
// same view. The type filter is checked against the catalogue by the server (400 for an unknown
// one, shown as the list's error).
export function useListParams(): [ListParams, (changes: Partial<ListParams>) => void] {
  const [query, setQuery] = useSearchParams()
  const sortParam = query.get('sort') ?? 'created_at'
  const sort = (sorts.has(sortParam) ? sortParam : 'created_at') as ListParams['sort']
  const orderParam = query.get('order')
  const order: ListParams['order'] =
    orderParam === 'asc' || orderParam === 'desc' ? orderParam : sort === 'created_at' ? 'desc' : 'asc'
  const page = Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1)
  const sizeParam = Number.parseInt(query.get('page_size') ?? '25', 10)
  const pageSize = sizeParam >= 1 && sizeParam <= 100 ? sizeParam : 25
  const statusParam = query.get('status') ?? ''
  const status = (statusFilters as readonly string[]).includes(statusParam) ? (statusParam as StatusFilter) : ''
  // Repeatable, as the API's: keys carrying every label. Sorted and without repeats, so the same
  // filter is the same query key whatever order the link names them in; invalid ones reach the
  // server, whose 422 is the list's error.
  const labels = [...new Set(query.getAll('label').filter((label) => label !== ''))].sort()
  const lifecycleParam = query.get('lifecycle') ?? ''
  const lifecycle = (lifecycleFilters as readonly string[]).includes(lifecycleParam) ? (lifecycleParam as LifecycleFilter) : ''
  const params: ListParams = { search: query.get('search') ?? '', type: query.get('type') ?? '', status, labels, lifecycle, sort, order, page, pageSize }

  const update = (changes: Partial<ListParams>) => {
    const next = { ...params, ...changes }
    const out = new URLSearchParams()
    if (next.search) out.set('search', next.search)
    if (next.type) out.set('type', next.type)
    if (next.status) out.set('status', next.status)
    for (const label of next.labels) out.append('label', label)
    if (next.lifecycle) out.set('lifecycle', next.lifecycle)
    if (next.sort !== 'created_at') out.set('sort', next.sort)
    out.set('order', next.order)
    if (next.page !== 1) out.set('page', String(next.page))
    if (next.pageSize !== 25) out.set('page_size', String(next.pageSize))
    setQuery(out, { replace: true })
  }
  return [params, update]
}
