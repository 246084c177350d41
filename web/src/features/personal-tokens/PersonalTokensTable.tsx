import { TableHead } from '../../components/TableHead'
import { RelativeTime } from '../../components/ui/RelativeTime'
import type { PersonalToken, Permission } from '../../lib/types'
import { permissionLabels } from './PersonalTokenForm'

interface PersonalTokensTableProps {
  tokens: PersonalToken[]
  teamName: (id: string) => string
  onRevoke: (token: PersonalToken) => void
}

const kColumns = ['Name', 'Access', 'Created', 'Expires', 'Last used', 'Status']

function status(token: PersonalToken): { label: string; tone: string } {
  if (token.revoked_at) return { label: 'Revoked', tone: 'invalid' }
  if (new Date(token.expires_at) <= new Date()) return { label: 'Expired', tone: 'unchecked' }
  return { label: 'Active', tone: 'valid' }
}

// The user's tokens: where each reaches and what it may do there, when it was last used, and
// whether it still works. Cards on a phone.
export function PersonalTokensTable({ tokens, teamName, onRevoke }: PersonalTokensTableProps) {
  return (
    <div className="table-box">
      <table className="data-table cards-on-phone personal-tokens-table" aria-labelledby="pat-heading">
        <TableHead columns={kColumns} actions />
        <tbody>
          {tokens.map((token) => {
            const { label, tone } = status(token)
            return (
              <tr key={token.id}>
                <td className="cell-primary" data-label="Name">
                  {token.name}
                </td>
                <td data-label="Access">
                  <ul className="grant-list">
                    {token.grants.map((grant) => (
                      <li key={grant.team_id}>
                        <strong>{teamName(grant.team_id)}</strong>:{' '}
                        {grant.permissions.map((p: Permission) => permissionLabels[p]).join(', ')}
                      </li>
                    ))}
                  </ul>
                </td>
                <td className="cell-half" data-label="Created">
                  <RelativeTime iso={token.created_at} />
                </td>
                <td className="cell-half" data-label="Expires">
                  <RelativeTime iso={token.expires_at} />
                </td>
                <td className="cell-half" data-label="Last used">
                  {token.last_used_at ? <RelativeTime iso={token.last_used_at} /> : <span className="muted">Never</span>}
                </td>
                <td className="cell-half" data-label="Status">
                  <span className={`status-badge status-${tone}`}>{label}</span>
                </td>
                <td className="col-actions">
                  {token.revoked_at ? null : (
                    <button type="button" className="secondary" aria-label={`Revoke ${token.name}`} onClick={() => onRevoke(token)}>
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
