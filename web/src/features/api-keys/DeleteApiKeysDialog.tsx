import { useState } from 'react'
import { toast } from 'sonner'
import { ConfirmDialog } from '../../components/ConfirmDialog'
import { errorMessage } from '../../lib/api'
import type { ApiKey } from '../../lib/types'
import { useDeleteApiKey } from './useDeleteApiKey'

interface Props {
  teamId: string
  keys: ApiKey[]  // empty: closed
  onClose: (deleted: string[]) => void
  returnFocus: () => HTMLElement | null
}

// One confirmation for one key (naming it) or for several (naming the count and listing them).
// Deletes one after the other and says what happened to each; the dialog stays on a failure.
export function DeleteApiKeysDialog({ teamId, keys, onClose, returnFocus }: Props) {
  const remove = useDeleteApiKey(teamId)
  const [pending, setPending] = useState(false)
  const single = keys.length === 1 ? keys[0] : null
  const run = async () => {
    setPending(true)
    const deleted: string[] = []
    const failed: string[] = []
    for (const key of keys) {
      try {
        await remove.mutateAsync(key.id)
        deleted.push(key.id)
      } catch (error) {
        failed.push(`${key.description}: ${errorMessage(error)}`)
      }
    }
    setPending(false)
    if (deleted.length > 0) {
      toast.success(single ? 'API key deleted successfully' : `${deleted.length} API keys deleted`)
    }
    if (failed.length > 0) toast.error(`Not deleted: ${failed.join('; ')}`)
    onClose(deleted)
  }
  return (
    <ConfirmDialog
      title={single ? 'Delete API key?' : `Delete ${keys.length} API keys?`}
      open={keys.length > 0}
      onClose={() => (pending ? undefined : onClose([]))}
      returnFocus={returnFocus}
      confirmLabel={single ? 'Delete' : `Delete ${keys.length} keys`}
      cancelLabel="Keep"
      pending={pending}
      onConfirm={() => void run()}
    >
      {single ? (
        <p>
          Delete <strong>{single.description}</strong> ({single.key_hint})? Applications using it will stop working.
          This cannot be undone.
        </p>
      ) : (
        <>
          <p>Applications using these keys will stop working. This cannot be undone.</p>
          <ul className="small">
            {keys.map((key) => (
              <li key={key.id}>
                <strong>{key.description}</strong> ({key.key_hint})
              </li>
            ))}
          </ul>
        </>
      )}
    </ConfirmDialog>
  )
}
