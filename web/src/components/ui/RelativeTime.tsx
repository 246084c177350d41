import { formatDistanceToNowStrict } from 'date-fns'
import { fullTimestamp } from '../../lib/format'
import { Tooltip } from './Tooltip'

// "3 hours ago", with the exact time (and anything more) on hover and keyboard focus.
export function RelativeTime({ iso, extra }: { iso: string; extra?: string }) {
  return (
    <Tooltip content={extra ? `${fullTimestamp(iso)} · ${extra}` : fullTimestamp(iso)}>
      <time dateTime={iso} tabIndex={0} className="relative-time">
        {relative(iso)}
      </time>
    </Tooltip>
  )
}

export function relative(iso: string): string {
  return formatDistanceToNowStrict(new Date(iso), { addSuffix: true })
}
