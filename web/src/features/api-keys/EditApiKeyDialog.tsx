import { useQueryClient } from '@tanstack/react-query'
import { lazy, Suspense, useState } from 'react'
import { toast } from 'sonner'
import { ConfirmPrompt } from '../../components/ConfirmDialog'
import { Dialog } from '../../components/Dialog'
import { ApiError, errorMessage } from '../../lib/api'
import type { ApiKey, Catalogue } from '../../lib/types'
import { FlaskConical } from 'lucide-react'
import { ApiKeyForm } from './ApiKeyForm'
import { DisabledNote } from './DisabledNote'
import { editChanges } from './editChanges'
import { LifecycleNote } from './LifecycleNote'
import { statusText } from './StatusBadge'
import { useTestKeys } from './useTestKeys'
import { apiKeyDetailOptions } from './queries'
import { apiKeyKeys } from './queryKeys'
import { useDeleteApiKey } from './useDeleteApiKey'
import { useUpdateApiKey } from './useUpdateApiKey'
import { useVerifyApiKey } from './useVerifyApiKey'

// Opened far less than the form: loaded with the seldom-used chunk as the dialog opens.
const HistoryPanel = lazy(() => import('../../pages/seldomTabs').then((module) => ({ default: module.HistoryPanel })))
const UsageSection = lazy(() => import('../../pages/seldomTabs').then((module) => ({ default: module.UsageSection })))

interface Props {
  teamId: string
  catalogue: Catalogue
  apiKey: ApiKey | null
  teamRotateEveryDays: number | null
  canDelete: boolean
  canReveal: boolean
  canListTokens: boolean
  nameOf: (userId: string) => string
  onClose: () => void
  returnFocus?: () => HTMLElement | null
}

// Edit: type, description, key (blank keeps it), Update, Delete with a confirmation naming the
// key, Cancel. A 412 says someone else changed the key and offers to reload it.
export function EditApiKeyDialog({ teamId, catalogue, apiKey, teamRotateEveryDays, canDelete, canReveal, canListTokens, nameOf, onClose, returnFocus }: Props) {
  const client = useQueryClient()
  const update = useUpdateApiKey(teamId)
  const remove = useDeleteApiKey(teamId)
  const verify = useVerifyApiKey(teamId)
  const testKeys = useTestKeys(teamId)
  const [confirming, setConfirming] = useState(false)
  const [stale, setStale] = useState(false)
  const [current, setCurrent] = useState<ApiKey | null>(apiKey)
  if (apiKey?.id !== current?.id) {
    setCurrent(apiKey)
    setStale(false)
    setConfirming(false)
  }

  const reload = async () => {
    if (!current) return
    client.removeQueries({ queryKey: apiKeyKeys.detail(teamId, current.id) })
    void client.invalidateQueries({ queryKey: apiKeyKeys.lists(teamId) })
    try {
      setCurrent(await client.fetchQuery(apiKeyDetailOptions(teamId, current.id)))
      setStale(false)
    } catch (error) {
      toast.error(errorMessage(error))
      onClose()
    }
  }

  return (
    <Dialog
      title={confirming ? 'Delete API key?' : 'Edit API Key'}
      open={current !== null}
      onClose={onClose}
      returnFocus={returnFocus}
    >
      {current && confirming ? (
        <ConfirmPrompt
          confirmLabel="Delete"
          cancelLabel="Keep it"
          pending={remove.isPending}
          onCancel={() => setConfirming(false)}
          onConfirm={() =>
            remove.mutate(current.id, {
              onSuccess: () => {
                toast.success('API key deleted successfully')
                onClose()
              },
            })
          }
        >
          <p>
            Delete <strong>{current.description}</strong> ({current.key_hint})? Applications using it will stop
            working. This cannot be undone.
          </p>
        </ConfirmPrompt>
      ) : null}
      {current && !confirming ? (
        <>
          {stale ? (
            <div className="notice" role="alert">
              Someone else changed this key while you were editing.{' '}
              <button type="button" className="link-button" onClick={() => void reload()}>
                Reload it
              </button>
            </div>
          ) : null}
          <DisabledNote teamId={teamId} apiKey={current} onEnabled={setCurrent} />
          <LifecycleNote apiKey={current} />
          <ApiKeyForm
            key={`${current.id}:${current.version}`}
            catalogue={catalogue}
            existing={current}
            teamRotateEveryDays={teamRotateEveryDays}
            submitLabel="Update"
            onCancel={onClose}
            extraActions={
              <>
                {canDelete ? (
                  <button type="button" className="danger" onClick={() => setConfirming(true)}>
                    Delete
                  </button>
                ) : null}
                <button
                  type="button"
                  className="secondary"
                  disabled={verify.isPending}
                  onClick={() => verify.mutate(current.id)}
                >
                  <FlaskConical aria-hidden size={16} />
                  {verify.isPending ? 'Testing…' : 'Test'}
                </button>
                <span role="status" className="verify-result">
                  {verify.data ? (
                    <span className={`status-badge status-${verify.data.status}`}>
                      {statusText[verify.data.status].label}: {verify.data.detail}
                    </span>
                  ) : null}
                  {verify.isError ? <span className="field-error">The test failed: {errorMessage(verify.error)}</span> : null}
                </span>
              </>
            }
            onSubmit={async (values, test) => {
              try {
                await update.mutateAsync({
                  id: current.id,
                  version: current.version,
                  changes: editChanges(current, values),
                })
              } catch (error) {
                if (error instanceof ApiError && error.status === 412) {
                  setStale(true)
                  return
                }
                throw error
              }
              update.reset()  // a typed key leaves the mutation cache
              toast.success('API key updated successfully')
              onClose()
              if (test) await testKeys.run([current])
            }}
          />
          <Suspense fallback={null}>
            <HistoryPanel
              key={current.id}
              teamId={teamId}
              apiKey={current}
              canReveal={canReveal}
              canRestore
              nameOf={nameOf}
              onRestored={setCurrent}
              onStale={() => setStale(true)}
            />
            <UsageSection key={`usage:${current.id}`} teamId={teamId} apiKeyId={current.id} canListTokens={canListTokens} />
          </Suspense>
        </>
      ) : null}
    </Dialog>
  )
}
