import { useQuery } from '@tanstack/react-query'
import { QueryErrorState } from '../../components/QueryErrorState'
import type { ApiKeyUsage } from '../../lib/types'
import { apiKeyUsageOptions } from '../api-keys/queries'

type Day = ApiKeyUsage['days'][number]

const number = new Intl.NumberFormat()

function plural(count: number, one: string, many: string): string {
  return `${number.format(count)} ${count === 1 ? one : many}`
}

function dayLabel(day: Day): string {
  const parts = [plural(day.requests, 'call', 'calls')]
  if (day.errors > 0) parts.push(plural(day.errors, 'error', 'errors'))
  return `${day.date}: ${parts.join(', ')}`
}

// Calls per day as bars, the errors' share of each in the danger colour; each bar names its day
// and figures when pointed at. Scaled to the busiest day.
function DayBars({ days }: { days: Day[] }) {
  const most = Math.max(1, ...days.map((d) => d.requests))
  const width = 6
  const gap = 2
  const height = 60
  return (
    <svg
      className="usage-bars"
      viewBox={`0 0 ${days.length * (width + gap)} ${height}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={`Calls per day from ${days[0]?.date ?? ''} to ${days[days.length - 1]?.date ?? ''}, busiest ${number.format(most)}`}
    >
      {days.map((day, index) => {
        const total = (day.requests / most) * height
        const failed = (day.errors / most) * height
        const x = index * (width + gap)
        return (
          <g key={day.date}>
            <title>{dayLabel(day)}</title>
            <rect className="usage-bar-slot" x={x} y={0} width={width} height={height} />
            <rect className="usage-bar-ok" x={x} y={height - total} width={width} height={total - failed} />
            <rect className="usage-bar-error" x={x} y={height - failed} width={width} height={failed} />
          </g>
        )
      })}
    </svg>
  )
}

// The gateway's use of one key over the last 30 days: totals, calls per day, and per service
// token. Loaded with the seldom-used chunk when the edit dialog's Usage is opened.
export function UsageChart({ teamId, apiKeyId, tokenName }: { teamId: string; apiKeyId: string; tokenName: (id: string) => string }) {
  const usage = useQuery(apiKeyUsageOptions(teamId, apiKeyId))
  if (usage.isPending) return <p className="muted small">Loading the usage…</p>
  if (usage.isError) {
    return (
      <QueryErrorState
        inline
        error={usage.error}
        onRetry={() => void usage.refetch()}
        prefix="The usage could not be loaded: "
      />
    )
  }
  const { total, days, service_tokens: tokens } = usage.data
  if (total.requests === 0) {
    return <p className="muted small">No calls through the gateway from {usage.data.from} to {usage.data.to}.</p>
  }
  return (
    <div className="usage-chart">
      <p className="small">
        {usage.data.from} to {usage.data.to}: <strong>{plural(total.requests, 'call', 'calls')}</strong>,{' '}
        {plural(total.errors, 'error', 'errors')}, {plural(total.input_tokens, 'input token', 'input tokens')},{' '}
        {plural(total.output_tokens, 'output token', 'output tokens')}, {number.format(Math.round(total.latency_ms_avg))} ms
        mean wait for the provider.
      </p>
      <DayBars days={days} />
      <table className="usage-tokens small">
        <caption className="visually-hidden">Calls per service token</caption>
        <thead>
          <tr>
            <th scope="col">Service token</th>
            <th scope="col">Calls</th>
            <th scope="col">Errors</th>
            <th scope="col">Tokens in / out</th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.service_token_id}>
              <td>{tokenName(token.service_token_id)}</td>
              <td>{number.format(token.requests)}</td>
              <td>{number.format(token.errors)}</td>
              <td>
                {number.format(token.input_tokens)} / {number.format(token.output_tokens)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
