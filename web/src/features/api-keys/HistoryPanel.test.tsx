import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ApiKey, SecretVersion } from '../../lib/types'
import { stubServer } from '../../test/server'
import { renderTab } from '../../test/tabs'
import { HistoryPanel } from './HistoryPanel'

vi.mock('sonner', () => ({ toast: { success: vi.fn(), error: vi.fn() } }))

const apiKey: ApiKey = {
  id: 'k-1', team_id: 't-1', type: 'openai', description: 'Prod', key_hint: 'sk-…0002', fingerprint: 'f',
  version: 3, secret_version: 2, is_default: false, created_at: '2026-12-01T00:00:00Z', updated_at: '2026-12-02T00:00:00Z',
  created_by: 'u-1', last_used_at: null, verify_status: null, verified_at: null, labels: [],
  expires_at: null, rotate_every_days: null, rotation_due_at: null, disabled_at: null, disabled_reason: null, base_url: null, lifecycle_status: 'ok',
}
const version = (n: number, extra: Partial<SecretVersion> = {}): SecretVersion => ({
  version: n, key_hint: `sk-…000${n}`, fingerprint: `fp${n}`, created_at: '2026-12-01T00:00:00Z', created_by: 'u-1',
  change: n === 1 ? 'created' : 'key changed', restored_from: null, current: false, available: true, ...extra,
})

afterEach(() => vi.unstubAllGlobals())

describe('HistoryPanel', { timeout: 20_000 }, () => {
  it('lists versions without a secret, reveals a past one on request and restores it at the version shown', async () => {
    const restored: unknown[] = []
    const fetchMock = stubServer({
      'GET /teams/t-1/api-keys/k-1/versions': () => ({
        body: { items: [version(3, { current: true }), version(2), version(1, { available: false })], secret_versions_kept: 2 },
      }),
      'POST /teams/t-1/api-keys/k-1/versions/2/reveal': () => ({ body: { version: 2, key: 'sk-past-secret-0002' } }),
      'POST /teams/t-1/api-keys/k-1/versions/2/restore': () => {
        restored.push(true)
        return { body: { ...apiKey, version: 4, secret_version: 4 } }
      },
    })
    const onRestored = vi.fn()
    const user = userEvent.setup()
    renderTab(
      <HistoryPanel teamId="t-1" apiKey={apiKey} canReveal canRestore nameOf={() => 'Olive'} onRestored={onRestored} onStale={vi.fn()} />,
    )
    await user.click(screen.getByRole('button', { name: 'History' }))
    expect(await screen.findByText('Version 3')).toBeTruthy()
    expect(document.body.textContent).not.toContain('sk-past-secret')
    // The current version and a pruned one have no actions.
    expect(screen.queryByRole('button', { name: 'Reveal version 3' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Reveal version 1' })).toBeNull()
    expect(screen.getByText('secret deleted (retention)', { exact: false })).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Reveal version 2' }))
    expect(await screen.findByText('sk-past-secret-0002')).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Restore version 2' }))
    await user.click(screen.getByRole('button', { name: 'Restore version 2' }))
    await vi.waitFor(() => expect(onRestored).toHaveBeenCalledWith(expect.objectContaining({ version: 4 })))
    const call = fetchMock.mock.calls.find(([url]) => String(url).endsWith('/versions/2/restore'))
    expect(new Headers(call?.[1]?.headers).get('If-Match')).toBe('"3"')
    expect(restored).toHaveLength(1)
    expect(document.body.textContent).not.toContain('sk-past-secret')
  })
})
