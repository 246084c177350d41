import { CalendarClock, CalendarX, RotateCw, type LucideIcon } from 'lucide-react'
import { relative } from '../../components/ui/RelativeTime'
import { Tooltip } from '../../components/ui/Tooltip'
import { fullTimestamp } from '../../lib/format'
import type { ApiKey } from '../../lib/types'
import type { LifecycleFilter } from './queryKeys'

type Attention = Exclude<ApiKey['lifecycle_status'], 'ok'>

// What each status that needs attention is called in the lifecycle filter.
export const lifecycleText: Record<LifecycleFilter, string> = {
  needs_attention: 'Needs attention',
  expiring: 'Expiring',
  expired: 'Expired',
  rotation_due: 'Rotation due',
  ok: 'OK',
}

const icons: Record<Attention, LucideIcon> = { expired: CalendarX, expiring: CalendarClock, rotation_due: RotateCw }

// The badge's words ("Expired 3 days ago", "Expires in 5 days", "Rotation due") and the exact
// moment for its tooltip; null for a key that is ok.
export function lifecycleWords(key: ApiKey): { label: string; detail: string } | null {
  switch (key.lifecycle_status) {
    case 'expired':
      return key.expires_at
        ? { label: `Expired ${relative(key.expires_at)}`, detail: `Expired ${fullTimestamp(key.expires_at)}.` }
        : { label: 'Expired', detail: 'This key has expired.' }
    case 'expiring':
      return key.expires_at
        ? { label: `Expires ${relative(key.expires_at)}`, detail: `Expires ${fullTimestamp(key.expires_at)}.` }
        : { label: 'Expiring', detail: 'This key expires soon.' }
    case 'rotation_due':
      return {
        label: 'Rotation due',
        detail: `${key.rotation_due_at ? `Due since ${fullTimestamp(key.rotation_due_at)}. ` : ''}A new secret restarts the rotation clock.`,
      }
    default:
      return null
  }
}

// Expiry and rotation beside the provider check: an icon and words (never colour alone), the
// exact time on hover and keyboard focus. Nothing for a key that is ok.
export function LifecycleBadge({ apiKey }: { apiKey: ApiKey }) {
  const words = lifecycleWords(apiKey)
  if (!words || apiKey.lifecycle_status === 'ok') return null
  const Icon = icons[apiKey.lifecycle_status]
  return (
    <Tooltip content={words.detail}>
      <span className={`status-badge lifecycle-badge lifecycle-${apiKey.lifecycle_status}`} tabIndex={0}>
        <Icon aria-hidden size={13} />
        {words.label}
      </span>
    </Tooltip>
  )
}
