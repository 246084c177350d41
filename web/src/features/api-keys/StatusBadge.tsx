import { CircleCheck, CircleDashed, CircleMinus, CircleX, Gauge, WifiOff, type LucideIcon } from 'lucide-react'
import { relative } from '../../components/ui/RelativeTime'
import { Tooltip } from '../../components/ui/Tooltip'
import { fullTimestamp } from '../../lib/format'
import type { ApiKey } from '../../lib/types'
import type { StatusFilter } from './queryKeys'

// What each outcome of the provider check is called, and what it means.
export const statusText: Record<StatusFilter, { label: string; meaning: string; icon: LucideIcon }> = {
  valid: { label: 'Valid', meaning: 'The provider accepted the key.', icon: CircleCheck },
  invalid: { label: 'Invalid', meaning: 'The provider refused the key.', icon: CircleX },
  limited: { label: 'Limited', meaning: 'The key works but is over its quota or rate limit.', icon: Gauge },
  unreachable: { label: 'Unreachable', meaning: 'The provider could not be reached.', icon: WifiOff },
  unsupported: { label: 'Not checkable', meaning: 'This type of key has no check.', icon: CircleMinus },
  unchecked: { label: 'Never checked', meaning: 'Use Test to ask the provider.', icon: CircleDashed },
}

// A key the gateway disabled: a labelled badge, the reason and time on hover and focus.
export function DisabledBadge({ apiKey }: { apiKey: ApiKey }) {
  if (!apiKey.disabled_at) return null
  return (
    <Tooltip content={`${apiKey.disabled_reason ?? 'Its provider rejected it.'} Disabled ${fullTimestamp(apiKey.disabled_at)}; open the key to re-enable it.`}>
      <span className="status-badge status-invalid" tabIndex={0}>
        <CircleX aria-hidden size={13} />
        Disabled
      </span>
    </Tooltip>
  )
}

// A labelled badge (never colour alone) and when the check ran; the exact time on hover.
export function StatusBadge({ apiKey }: { apiKey: ApiKey }) {
  const status: StatusFilter = apiKey.verify_status ?? 'unchecked'
  const { label, meaning, icon: Icon } = statusText[status]
  const when = apiKey.verified_at
  return (
    <span className="status">
      <Tooltip content={when ? `${meaning} Checked ${fullTimestamp(when)}.` : meaning}>
        <span className={`status-badge status-${status}`} tabIndex={0}>
          <Icon aria-hidden size={13} />
          {label}
        </span>
      </Tooltip>
      {when ? <span className="status-when">checked {relative(when)}</span> : null}
    </span>
  )
}
