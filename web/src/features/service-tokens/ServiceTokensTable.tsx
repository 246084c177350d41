import { TableHead } from '../../components/TableHead'
import { RelativeTime } from '../../components/ui/RelativeTime'
import type { ServiceToken } from '../../lib/types'
import { LabelChips } from '../api-keys/LabelChips'

interface ServiceTokensTableProps {
  tokens: ServiceToken[]
  typeName: (id: string) => string
  creatorName: (userId: string | null) => string
  onRevoke: (token: ServiceToken) => void
}

const kColumns = ['Name', 'Scope', 'Created by', 'Created', 'Expires', 'Last used', 'Status']

function status(token: ServiceToken): { label: string; tone: string } {
  if (token.revoked_at) return { label: 'Revoked', tone: 'invalid' }
  if (token.expires_at && new Date(token.expires_at) <= new Date()) return { label: 'Expired', tone: 'unchecked' }
  return { label: 'Active', tone: 'valid' }
}

function TimeOrNever({ iso }: { iso: string | null }) {
  return iso ? <RelativeTime iso={iso} /> : <span className="muted">Never</span>
}

// The team's tokens: what each may resolve, who made it, when it was last used, and whether it
// still works. Cards on a phone.
export function ServiceTokensTable({ tokens, typeName, creatorName, onRevoke }: ServiceTokensTableProps) {
  return (
    <div className="table-box">
      <table className="data-table cards-on-phone service-tokens-table" aria-labelledby="tokens-heading">
        <TableHead columns={kColumns} actions />
        <tbody>
          {tokens.map((token) => {
            const { label, tone } = status(token)
            return (
              <tr key={token.id}>
                <td className="cell-primary" data-label="Name">
                  {token.name}
                </td>
                <td data-label="Scope">
                  {token.types.map(typeName).join(', ')}
                  {token.requests_per_minute ? ` · ${token.requests_per_minute}/min` : null}
                  {token.requests_per_month ? ` · ${token.requests_per_month}/month` : null}
                  <LabelChips labels={token.labels} />
                </td>
                <td data-label="Created by">{creatorName(token.created_by)}</td>
                <td className="cell-half" data-label="Created">
                  <RelativeTime iso={token.created_at} />
                </td>
                <td className="cell-half" data-label="Expires">
                  <TimeOrNever iso={token.expires_at} />
                </td>
                <td className="cell-half" data-label="Last used">
                  <TimeOrNever iso={token.last_used_at} />
                </td>
                <td className="cell-half" data-label="Status">
                  <span className={`status-badge status-${tone}`}>{label}</span>
                </td>
                <td className="col-actions">
                  {token.revoked_at ? null : (
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`Revoke ${token.name}`}
                      onClick={() => onRevoke(token)}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
