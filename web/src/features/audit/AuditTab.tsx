import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { Pagination } from '../../components/Pagination'
import { errorMessage, getJson } from '../../lib/api'
import { fullTimestamp } from '../../lib/format'
import type { AuditPage } from '../../lib/types'

function auditOptions(teamId: string, page: number, pageSize: number) {
  return queryOptions({
    queryKey: ['teams', teamId, 'audit-events', { page, pageSize }] as const,
    queryFn: ({ signal }) =>
      getJson<AuditPage>(
        `/teams/${encodeURIComponent(teamId)}/audit-events?page=${page}&page_size=${pageSize}`,
        signal,
      ),
    placeholderData: keepPreviousData,
  })
}

export function AuditTab({ teamId }: { teamId: string }) {
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(25)
  const events = useQuery(auditOptions(teamId, page, pageSize))
  return (
    <section aria-labelledby="audit-heading">
      <div className="toolbar">
        <h2 id="audit-heading">Audit log</h2>
      </div>
      {events.isError ? (
        <div className="state error-state" role="alert">
          <p>{errorMessage(events.error)}</p>
          <button type="button" onClick={() => void events.refetch()}>
            Retry
          </button>
        </div>
      ) : null}
      {events.data ? (
        <>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Action</th>
                <th scope="col">Actor</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {events.data.items.map((event) => (
                <tr key={event.id}>
                  <td>{fullTimestamp(event.at)}</td>
                  <td>
                    <code>{event.action}</code>
                  </td>
                  <td>{event.actor.type}</td>
                  <td>
                    <code>{JSON.stringify(event.details)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
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
