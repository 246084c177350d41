import { toast } from 'sonner'
import { Dialog } from '../../components/Dialog'
import type { Catalogue } from '../../lib/types'
import { ApiKeyForm } from './ApiKeyForm'
import { useCreateApiKey } from './useCreateApiKey'
import { useTestKeys } from './useTestKeys'

interface Props {
  teamId: string
  catalogue: Catalogue
  open: boolean
  onClose: () => void
}

export function CreateApiKeyDialog({ teamId, catalogue, open, onClose }: Props) {
  const create = useCreateApiKey(teamId)
  const testKeys = useTestKeys(teamId)
  return (
    <Dialog title="Create API Key" open={open} onClose={onClose}>
      <ApiKeyForm
        catalogue={catalogue}
        submitLabel="Save"
        onCancel={onClose}
        onSubmit={async (values, test) => {
          const key = await create.mutateAsync({
            type: values.type,
            description: values.description,
            key: values.key,
            labels: values.labels,
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
