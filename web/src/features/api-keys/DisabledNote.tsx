import { useMutation, useQueryClient } from '@tanstack/react-query'
import { toast } from 'sonner'
import { RelativeTime } from '../../components/ui/RelativeTime'
import { errorMessage, request } from '../../lib/api'
import type { ApiKey } from '../../lib/types'
import { apiKeyKeys } from './queryKeys'

// A key the gateway disabled (its provider kept rejecting it): why and when, at the top of the
// edit dialog, with Re-enable for once it works again (`onEnabled` gets the key as it then is).
// Nothing for an enabled key.
export function DisabledNote({ teamId, apiKey, onEnabled }: { teamId: string; apiKey: ApiKey; onEnabled: (key: ApiKey) => void }) {
  const client = useQueryClient()
  const enable = useMutation({
    mutationFn: async () =>
      (
        await request<ApiKey>(
          'POST',
          `/teams/${encodeURIComponent(teamId)}/api-keys/${encodeURIComponent(apiKey.id)}/enable`,
        )
      ).data,
    meta: { ownErrors: true },
    onSuccess: (key) => {
      client.setQueryData(apiKeyKeys.detail(teamId, key.id), key)
      void client.invalidateQueries({ queryKey: apiKeyKeys.lists(teamId) })
      toast.success('Key re-enabled: the gateway and resolve use it again')
      onEnabled(key)  // the dialog shows the key as it now is
    },
    onError: (error) => toast.error(`The key could not be re-enabled: ${errorMessage(error)}`),
  })
  if (!apiKey.disabled_at) return null
  return (
    <div className="notice disabled-note" role="status">
      <p>
        <strong>Disabled</strong> <RelativeTime iso={apiKey.disabled_at} />: {apiKey.disabled_reason ?? 'its provider rejected it.'}{' '}
        The gateway and resolve pass it over until it is re-enabled.
      </p>
      <button type="button" className="secondary" disabled={enable.isPending} onClick={() => enable.mutate()}>
        {enable.isPending ? 'Re-enabling…' : 'Re-enable'}
      </button>
    </div>
  )
}
