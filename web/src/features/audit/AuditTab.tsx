import { useQuery } from '@tanstack/react-query'
import { Pagination } from '../../components/Pagination'
import { QueryErrorState } from '../../components/QueryErrorState'
import { ProgressBar, SkeletonRows } from '../../components/ui/Skeleton'
import { errorMessage } from '../../lib/api'
import { catalogueOptions } from '../api-keys/queries'
import { memberListOptions } from '../members/queries'
import { serviceTokenListOptions } from '../service-tokens/queries'
import { AuditFilters } from './AuditFilters'
import { AuditTable } from './AuditTable'
import type { Names } from './describe'
import { auditPageOptions, keyNamesOptions } from './queries'
import { useAuditParams } from './useAuditParams'

// The team's audit log: who did what and when, filtered by action and actor (kept in the URL).
// Names come from the members, keys and service tokens the tab can list; where one is gone the
// sentence says so ("a former member", "an API key").
export function AuditTab({ teamId }: { teamId: string }) {
  const [params, setParams] = useAuditParams()
  const events = useQuery(auditPageOptions(teamId, params))
  const members = useQuery(memberListOptions(teamId))
  const keyNames = useQuery(keyNamesOptions(teamId))
  const tokens = useQuery(serviceTokenListOptions(teamId))
  const catalogue = useQuery(catalogueOptions)
  const names: Names = {
    member: (id) => members.data?.items.find((member) => member.user_id === id)?.name,
    memberEmail: (id) => members.data?.items.find((member) => member.user_id === id)?.email,
    key: (id) => (id ? keyNames.data?.get(id) : undefined),
    keyType: (id) => catalogue.data?.types.find((type) => type.id === id)?.name,
    token: (id) => tokens.data?.items.find((token) => token.id === id)?.name,
  }
  const filtered = params.action !== '' || params.actor !== ''

  return (
    <section aria-labelledby="audit-heading">
      <div className="toolbar">
        <h2 id="audit-heading">Audit log</h2>
      </div>
      <AuditFilters
        action={params.action}
        actor={params.actor}
        members={members.data?.items}
        onChange={setParams}
      />
      {members.isError && !members.data ? (
        <p className="filter-note" role="alert">
          The members could not be loaded, so the actor filter is off: {errorMessage(members.error)}{' '}
          <button type="button" className="link-button" onClick={() => void members.refetch()}>
            Retry
          </button>
        </p>
      ) : null}
      {events.isPending ? <SkeletonRows label="Loading the audit log" rows={6} columns={3} /> : null}
      {events.isError && !events.data ? (
        <QueryErrorState
          error={events.error}
          onRetry={() => void events.refetch()}
          prefix="The audit log could not be loaded: "
        />
      ) : null}
      {events.isError && !events.data && filtered ? (
        <p className="filter-note">
          <button type="button" className="link-button" onClick={() => setParams({ action: '', actor: '' })}>
            Clear the filters
          </button>{' '}
          to see every event.
        </p>
      ) : null}
      {events.data && events.data.items.length === 0 ? (
        <div className="state">
          <p>{filtered ? 'No event matches these filters.' : 'No events yet.'}</p>
          {filtered ? (
            <button type="button" className="secondary" onClick={() => setParams({ action: '', actor: '' })}>
              Clear filters
            </button>
          ) : null}
        </div>
      ) : null}
      {events.data && events.data.items.length > 0 ? (
        <>
          <ProgressBar active={events.isFetching} label="Loading the audit log" />
          <AuditTable events={events.data.items} names={names} />
          <Pagination
            page={params.page}
            pageSize={params.pageSize}
            total={events.data.total}
            onPage={(page) => setParams({ page })}
            onPageSize={(pageSize) => setParams({ pageSize })}
          />
        </>
      ) : null}
    </section>
  )
}
