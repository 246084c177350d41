import { CopyButton } from '../../components/CopyButton'
import { readableDate } from '../../lib/format'
import type { Invitation } from '../../lib/types'

// The link of a new invitation: shown once, beside the form that made it.
export function InvitationLink({ invitation }: { invitation: Invitation }) {
  return (
    <div className="notice" role="status">
      <p>
        Send this link to {invitation.email} ({invitation.role}); it works once, until{' '}
        {readableDate(invitation.expires_at)}, and is not shown again:
      </p>
      <code className="once">{invitation.url}</code>{' '}
      <CopyButton value={invitation.url} label="Copy link" copiedMessage="Invitation link copied" />
    </div>
  )
}
