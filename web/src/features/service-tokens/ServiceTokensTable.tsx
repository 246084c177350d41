import { TableHead } from '../../components/TableHead'
import { fullTimestamp, readableDate } from '../../lib/format'
import type { ServiceToken } from '../../lib/types'

interface ServiceTokensTableProps {
  tokens: ServiceToken[]
  typeName: (id: string) => string
  onRevoke: (token: ServiceToken) => void
}

function status(token: ServiceToken): string {
  if (token.revoked_at) return 'Revoked'
  return token.expires_at && new Date(token.expires_at) <= new Date() ? 'Expired' : 'Active'
}

// The team's tokens: what each may resolve, when it was last used, and whether it still works.
export function ServiceTokensTable({ tokens, typeName, onRevoke }: ServiceTokensTableProps) {
  return (
    <table className="data-table">
      <TableHead columns={['Name', 'Key types', 'Last used', 'Status']} actions />
      <tbody>
        {tokens.map((token) => (
          <tr key={token.id}>
            <td>{token.name}</td>
            <td>{token.types.map(typeName).join(', ')}</td>
            <td>
              {token.last_used_at ? (
                <time dateTime={token.last_used_at} title={fullTimestamp(token.last_used_at)}>
                  {readableDate(token.last_used_at)}
                </time>
              ) : (
                'Never'
              )}
            </td>
            <td>{status(token)}</td>
            <td>
              {token.revoked_at ? null : (
                <button type="button" className="secondary" onClick={() => onRevoke(token)}>
                  Revoke
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
