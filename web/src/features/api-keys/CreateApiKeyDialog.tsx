import { toast } from 'sonner'
import { Dialog } from '../../components/Dialog'
import type { Catalogue } from '../../lib/types'
import { ApiKeyForm } from './ApiKeyForm'
import { useCreateApiKey } from './useCreateApiKey'

interface Props {
  teamId: string
  catalogue: Catalogue
  open: boolean
  onClose: () => void
}

export function CreateApiKeyDialog({ teamId, catalogue, open, onClose }: Props) {
  const create = useCreateApiKey(teamId)
  return (
    <Dialog title="Create API Key" open={open} onClose={onClose}>
      <ApiKeyForm
        catalogue={catalogue}
        submitLabel="Save"
        onCancel={onClose}
        onSubmit={async (values) => {
          const key = await create.mutateAsync({
            type: values.type,
            description: values.description,
            key: values.key,
          })
          create.reset()  // the typed key leaves the mutation cache
          toast.success('API key created successfully')
          for (const warning of key.warnings ?? []) toast.warning(warning)
          onClose()
        }}
      />
    </Dialog>
  )
}
