import { toast } from 'sonner'
import { Dialog } from '../../components/Dialog'
import type { Catalogue } from '../../lib/types'
import { ApiKeyForm } from './ApiKeyForm'
import { endOfLocalDay, rotationDays } from './expiry'
import { normalBaseUrl } from './schema'
import { useCreateApiKey } from './useCreateApiKey'
import { useTestKeys } from './useTestKeys'

interface Props {
  teamId: string
  catalogue: Catalogue
  teamRotateEveryDays: number | null
  open: boolean
  onClose: () => void
}

export function CreateApiKeyDialog({ teamId, catalogue, teamRotateEveryDays, open, onClose }: Props) {
  const create = useCreateApiKey(teamId)
  const testKeys = useTestKeys(teamId)
  return (
    <Dialog title="Create API Key" open={open} onClose={onClose}>
      <ApiKeyForm
        catalogue={catalogue}
        teamRotateEveryDays={teamRotateEveryDays}
        submitLabel="Save"
        onCancel={onClose}
        onSubmit={async (values, test) => {
          const key = await create.mutateAsync({
            type: values.type,
            description: values.description,
            key: values.key,
            labels: values.labels,
            // Absent: never expires, and the team's rotation period.
            ...(values.expires_on ? { expires_at: endOfLocalDay(values.expires_on) } : {}),
            ...(values.rotate_every_days.trim() ? { rotate_every_days: rotationDays(values.rotate_every_days) } : {}),
            ...(normalBaseUrl(values.base_url) ? { base_url: normalBaseUrl(values.base_url) } : {}),
          })
          create.reset()  // the typed key leaves the mutation cache
          toast.success('API key created successfully')
          for (const warning of key.warnings ?? []) toast.warning(warning)
          onClose()
          if (test) await testKeys.run([key])
        }}
      />
    </Dialog>
  )
}
