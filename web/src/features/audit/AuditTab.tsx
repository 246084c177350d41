import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Pagination } from '../../components/Pagination'
import { QueryErrorState } from '../../components/QueryErrorState'
import { AuditTable } from './AuditTable'
import { auditPageOptions } from './queries'

export function AuditTab({ teamId }: { teamId: string }) {
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(25)
  const events = useQuery(auditPageOptions(teamId, { page, pageSize }))
  return (
    <section aria-labelledby="audit-heading">
      <div className="toolbar">
        <h2 id="audit-heading">Audit log</h2>
      </div>
      {events.isError ? <QueryErrorState error={events.error} onRetry={() => void events.refetch()} /> : null}
      {events.data ? (
        <>
          <AuditTable events={events.data.items} />
          <Pagination
            page={page}
            pageSize={pageSize}
            total={events.data.total}
            onPage={setPage}
            onPageSize={(size) => {
              setPageSize(size)
              setPage(1)
            }}
          />
        </>
      ) : null}
    </section>
  )
}
