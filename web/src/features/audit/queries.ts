import { keepPreviousData, queryOptions } from '@tanstack/react-query'
import { getJson } from '../../lib/api'
import type { AuditPage } from '../../lib/types'
import { auditKeys, type AuditPageParams } from './queryKeys'

export function auditPageOptions(teamId: string, { page, pageSize }: AuditPageParams) {
  return queryOptions({
    queryKey: auditKeys.page(teamId, { page, pageSize }),
    queryFn: ({ signal }) =>
      getJson<AuditPage>(
        `/teams/${encodeURIComponent(teamId)}/audit-events?page=${page}&page_size=${pageSize}`,
        signal,
      ),
    // The previous page stays on screen while the next loads.
    placeholderData: keepPreviousData,
  })
}
