import { useQueryClient } from '@tanstack/react-query'
import { useState, type DragEvent } from 'react'
import { Dialog } from '../../components/Dialog'
import { ApiError, errorMessage, request } from '../../lib/api'
import type { Catalogue } from '../../lib/types'
import { apiKeyKeys } from '../api-keys/queryKeys'
import { importRows, parseDotenv, type ImportRow } from './dotenv'

interface ImportEnvDialogProps {
  teamId: string
  catalogue: Catalogue
  open: boolean
  onClose: () => void
}

type Result = { name: string; outcome: 'created' | 'skipped' | 'failed'; detail: string }

// The last four characters, as the key list shows a key: enough to recognise it, never the key.
function hint(value: string): string {
  return value.length <= 8 ? '…' : `…${value.slice(-4)}`
}

// Paste or drop a .env, review which variable becomes which key type, import: the same import as
// `keyward import` (docs/cli.md). Each key is created with its variable name as description; one
// the team already holds is skipped. The pasted text and the values live only in this dialog's
// state and are dropped when it closes.
export function ImportEnvDialog({ teamId, catalogue, open, onClose }: ImportEnvDialogProps) {
  const client = useQueryClient()
  const [text, setText] = useState('')
  const [parseError, setParseError] = useState<string | null>(null)
  const [rows, setRows] = useState<ImportRow[] | null>(null)
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null)
  const [results, setResults] = useState<Result[] | null>(null)

  const close = () => {
    setText('')
    setRows(null)
    setParseError(null)
    setProgress(null)
    setResults(null)
    onClose()
  }
  const review = () => {
    const parsed = parseDotenv(text)
    if (parsed.error) {
      setParseError(parsed.error)
      return
    }
    if (parsed.entries.length === 0) {
      setParseError('No NAME=value lines found')
      return
    }
    setParseError(null)
    setRows(importRows(parsed.entries))
    setText('')
  }
  const onDrop = (event: DragEvent<HTMLTextAreaElement>) => {
    const file = event.dataTransfer.files[0]
    if (!file) return
    event.preventDefault()
    void file.text().then(setText)
  }
  const chosen = rows?.filter((row) => row.type !== '') ?? []
  const runImport = async () => {
    if (!rows) return
    const done: Result[] = rows.filter((row) => row.type === '').map((row) => ({ name: row.name, outcome: 'skipped', detail: row.note ?? 'Skipped' }))
    setProgress({ done: 0, total: chosen.length })
    for (const [index, row] of chosen.entries()) {
      try {
        await request('POST', `/teams/${encodeURIComponent(teamId)}/api-keys`, {
          body: { type: row.type, description: row.name, key: row.value },
        })
        done.push({ name: row.name, outcome: 'created', detail: catalogue.types.find((t) => t.id === row.type)?.name ?? row.type })
      } catch (error) {
        const held = error instanceof ApiError && error.status === 409
        done.push({ name: row.name, outcome: held ? 'skipped' : 'failed', detail: held ? 'The team already holds this key' : errorMessage(error) })
      }
      setProgress({ done: index + 1, total: chosen.length })
    }
    setRows(null)
    setResults(done)
    void client.invalidateQueries({ queryKey: apiKeyKeys.lists(teamId) })
  }
  const importing = progress !== null && results === null
  const count = (outcome: Result['outcome']) => results?.filter((r) => r.outcome === outcome).length ?? 0

  return (
    <Dialog title="Import a .env file" open={open} onClose={close} wide>
      {rows === null && results === null ? (
        <div className="form">
          <label htmlFor="env-text">Paste a .env file or drop one here</label>
          <textarea
            id="env-text"
            className="env-text"
            rows={10}
            spellCheck={false}
            autoComplete="off"
            data-autofocus
            value={text}
            placeholder={'OPENAI_API_KEY=sk-…\nANTHROPIC_API_KEY=sk-ant-…'}
            aria-invalid={parseError ? true : undefined}
            aria-describedby="env-text-error"
            onChange={(event) => setText(event.target.value)}
            onDragOver={(event) => event.preventDefault()}
            onDrop={onDrop}
          />
          <p id="env-text-error" className="field-error" role="alert">
            {parseError}
          </p>
          <label htmlFor="env-file">Or choose a file</label>
          <input id="env-file" type="file" accept=".env,text/plain" onChange={(event) => void event.target.files?.[0]?.text().then(setText)} />
          <div className="actions">
            <span className="spacer" />
            <button type="button" className="secondary" onClick={close}>
              Cancel
            </button>
            <button type="button" disabled={text.trim() === ''} onClick={review}>
              Review
            </button>
          </div>
        </div>
      ) : null}
      {rows !== null ? (
        <div className="form">
          <p>Choose a key type for each variable to import; its name becomes the key&apos;s description.</p>
          <div className="table-box">
            <table className="data-table cards-on-phone env-import-table">
              <thead>
                <tr>
                  <th scope="col">Variable</th>
                  <th scope="col">Value</th>
                  <th scope="col">Import as</th>
                  <th scope="col">Note</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((row, index) => (
                  <tr key={`${row.name}-${index}`}>
                    <td className="cell-primary" data-label="Variable">
                      <code>{row.name}</code>
                    </td>
                    <td data-label="Value">{hint(row.value)}</td>
                    <td data-label="Import as">
                      <select
                        aria-label={`Type of ${row.name}`}
                        value={row.type}
                        disabled={importing || row.value === ''}
                        onChange={(event) =>
                          setRows(rows.map((r, i) => (i === index ? { ...r, type: event.target.value } : r)))
                        }
                      >
                        <option value="">Skip</option>
                        {catalogue.types.map((type) => (
                          <option key={type.id} value={type.id}>
                            {type.name}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td data-label="Note" className="muted">
                      {row.type === '' ? row.note ?? 'Skipped' : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {importing ? (
            <p role="status">
              <progress value={progress.done} max={progress.total} /> Importing {progress.done} of {progress.total}…
            </p>
          ) : null}
          <div className="actions">
            <span className="spacer" />
            <button type="button" className="secondary" onClick={close} disabled={importing}>
              Cancel
            </button>
            <button type="button" disabled={chosen.length === 0 || importing} onClick={() => void runImport()}>
              {chosen.length === 1 ? 'Import 1 key' : `Import ${chosen.length} keys`}
            </button>
          </div>
        </div>
      ) : null}
      {results !== null ? (
        <div className="form">
          <p role="status">
            {count('created')} created, {count('skipped')} skipped, {count('failed')} failed
          </p>
          <ul className="env-import-results">
            {results.map((result, index) => (
              <li key={`${result.name}-${index}`} className={`result-${result.outcome}`}>
                <code>{result.name}</code>: {result.outcome} — {result.detail}
              </li>
            ))}
          </ul>
          <div className="actions">
            <span className="spacer" />
            <button type="button" onClick={close}>
              Done
            </button>
          </div>
        </div>
      ) : null}
    </Dialog>
  )
}
