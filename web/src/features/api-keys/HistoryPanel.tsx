import { useQuery } from '@tanstack/react-query'
import { Eye, EyeOff, History, RotateCcw } from 'lucide-react'
import { useEffect, useState } from 'react'
import { toast } from 'sonner'
import { ConfirmPrompt } from '../../components/ConfirmDialog'
import { QueryErrorState } from '../../components/QueryErrorState'
import { RelativeTime } from '../../components/ui/RelativeTime'
import { ApiError, errorMessage } from '../../lib/api'
import type { ApiKey, SecretVersion } from '../../lib/types'
import { apiKeyVersionsOptions } from './queries'
import { useRestoreVersion, useRevealVersion } from './useVersionActions'

// A revealed past version disappears again after this long (as in the table).
const kRevealMs = 20_000

interface HistoryPanelProps {
  teamId: string
  apiKey: ApiKey
  canReveal: boolean
  canRestore: boolean
  nameOf: (userId: string) => string
  onRestored: (key: ApiKey) => void
  onStale: () => void  // a 412: someone changed the key meanwhile
}

// The key's secret versions, newest first: who changed the secret, when and how; a past one can
// be revealed (audited) or restored as a new version. Versions whose secret the team's retention
// deleted keep their line, without those actions.
export function HistoryPanel({ teamId, apiKey, canReveal, canRestore, nameOf, onRestored, onStale }: HistoryPanelProps) {
  const [open, setOpen] = useState(false)
  const versions = useQuery({ ...apiKeyVersionsOptions(teamId, apiKey.id), enabled: open })
  const reveal = useRevealVersion(teamId, apiKey.id)
  const restore = useRestoreVersion(teamId, apiKey.id)
  const [shown, setShown] = useState<{ version: number; key: string } | null>(null)
  const [restoring, setRestoring] = useState<SecretVersion | null>(null)
  const { reset: forgetReveal } = reveal

  useEffect(() => {
    if (!shown) return
    const timer = setTimeout(() => setShown(null), kRevealMs)
    return () => clearTimeout(timer)
  }, [shown])

  const toggleReveal = async (version: number) => {
    if (shown?.version === version) {
      setShown(null)
      return
    }
    try {
      const key = await reveal.mutateAsync(version)
      setShown({ version, key })
    } catch {
      // The request's own toast said why.
    } finally {
      forgetReveal()
    }
  }
  const confirmRestore = (version: SecretVersion) =>
    restore.mutate(
      { version: version.version, expected: apiKey.version },
      {
        onSuccess: (key) => {
          toast.success(`Version ${version.version} restored as version ${key.secret_version}`)
          setRestoring(null)
          setShown(null)
          onRestored(key)
        },
        onError: (error) => {
          setRestoring(null)
          if (error instanceof ApiError && error.status === 412) onStale()
          else toast.error(`Version ${version.version} was not restored: ${errorMessage(error)}`)
        },
      },
    )

  return (
    <section className="history" aria-label="Secret history">
      <button type="button" className="ghost" aria-expanded={open} onClick={() => setOpen(!open)}>
        <History aria-hidden size={16} />
        {open ? 'Hide history' : 'History'}
      </button>
      {open && versions.isPending ? <p className="muted small">Loading the versions…</p> : null}
      {open && versions.isError ? (
        <QueryErrorState
          inline
          error={versions.error}
          onRetry={() => void versions.refetch()}
          prefix="The versions could not be loaded: "
        />
      ) : null}
      {open && restoring ? (
        <ConfirmPrompt
          confirmLabel={`Restore version ${restoring.version}`}
          cancelLabel="Keep the current key"
          pending={restore.isPending}
          onCancel={() => setRestoring(null)}
          onConfirm={() => confirmRestore(restoring)}
        >
          <p>
            Restore version {restoring.version} ({restoring.key_hint})? It becomes a new version and what
            applications resolve from now on; the current secret stays in the history.
          </p>
        </ConfirmPrompt>
      ) : null}
      {open && versions.data && !restoring ? (
        <>
          <p className="muted small">
            The last {versions.data.secret_versions_kept} secrets are kept; older versions keep their line only.
          </p>
          <ol className="versions">
            {versions.data.items.map((v) => (
              <li key={v.version} className="version">
                <div className="version-line">
                  <strong>Version {v.version}</strong>
                  {v.current ? <span className="badge">Current</span> : null}
                  <code className={shown?.version === v.version ? 'key-value revealed' : 'key-value'}>
                    {shown?.version === v.version ? shown.key : v.key_hint}
                  </code>
                </div>
                <div className="muted small">
                  {v.change} · {v.created_by ? nameOf(v.created_by) : 'someone'} · <RelativeTime iso={v.created_at} />
                  {v.available ? null : ' · secret deleted (retention)'}
                </div>
                {!v.current && v.available ? (
                  <div className="actions">
                    {canReveal ? (
                      <button
                        type="button"
                        className="secondary"
                        aria-pressed={shown?.version === v.version}
                        disabled={reveal.isPending}
                        onClick={() => void toggleReveal(v.version)}
                      >
                        {shown?.version === v.version ? <EyeOff aria-hidden size={16} /> : <Eye aria-hidden size={16} />}
                        {shown?.version === v.version ? `Hide version ${v.version}` : `Reveal version ${v.version}`}
                      </button>
                    ) : null}
                    {canRestore ? (
                      <button type="button" className="secondary" onClick={() => setRestoring(v)}>
                        <RotateCcw aria-hidden size={16} />
                        Restore version {v.version}
                      </button>
                    ) : null}
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  )
}
