import { useSearchParams } from 'react-router'
import type { AuditPageParams } from './queryKeys'

// The log's filters and page live in the URL (?action=…&actor=…&page=…), so a link or a reload
// shows the same view. A new filter goes back to page 1.
export function useAuditParams(): [AuditPageParams, (changes: Partial<AuditPageParams>) => void] {
  const [query, setQuery] = useSearchParams()
  const page = Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1)
  const sizeParam = Number.parseInt(query.get('page_size') ?? '25', 10)
  const pageSize = sizeParam >= 1 && sizeParam <= 100 ? sizeParam : 25
  const params: AuditPageParams = { page, pageSize, action: query.get('action') ?? '', actor: query.get('actor') ?? '' }

  const update = (changes: Partial<AuditPageParams>) => {
    const filtered = changes.action !== undefined || changes.actor !== undefined || changes.pageSize !== undefined
    const next = { ...params, ...(filtered ? { page: 1 } : {}), ...changes }
    const out = new URLSearchParams()
    if (next.action) out.set('action', next.action)
    if (next.actor) out.set('actor', next.actor)
    if (next.page !== 1) out.set('page', String(next.page))
    if (next.pageSize !== 25) out.set('page_size', String(next.pageSize))
    setQuery(out, { replace: true })
  }
  return [params, update]
}
