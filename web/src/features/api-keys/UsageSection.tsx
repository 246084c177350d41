import { useQuery } from '@tanstack/react-query'
import { BarChart3 } from 'lucide-react'
import { useState } from 'react'
import { UsageChart } from '../gateway/UsageChart'
import { serviceTokenListOptions } from '../service-tokens/queries'

interface UsageSectionProps {
  teamId: string
  apiKeyId: string
  canListTokens: boolean  // service_tokens:manage: the chart names tokens, else shows their ids
}

// The edit dialog's "Usage": the key's calls through the gateway, asked for only when opened.
export function UsageSection({ teamId, apiKeyId, canListTokens }: UsageSectionProps) {
  const [open, setOpen] = useState(false)
  const tokens = useQuery({ ...serviceTokenListOptions(teamId), enabled: open && canListTokens })
  const tokenName = (id: string) => tokens.data?.items.find((token) => token.id === id)?.name ?? `Token ${id.slice(0, 8)}`
  return (
    <section className="history" aria-label="Gateway usage">
      <button type="button" className="ghost" aria-expanded={open} onClick={() => setOpen(!open)}>
        <BarChart3 aria-hidden size={16} />
        {open ? 'Hide usage' : 'Usage'}
      </button>
      {open ? (
        <UsageChart teamId={teamId} apiKeyId={apiKeyId} tokenName={tokenName} />
      ) : null}
    </section>
  )
}
