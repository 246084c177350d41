import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { toast } from 'sonner'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ApiKey } from '../../lib/types'
import { stubServer } from '../../test/server'
import { renderTab } from '../../test/tabs'
import { DisabledNote } from './DisabledNote'
import { DisabledBadge } from './StatusBadge'

vi.mock('sonner', () => ({ toast: { success: vi.fn(), error: vi.fn() } }))

const reason = 'The provider rejected the key 3 times in a row (HTTP 401).'
const disabled: ApiKey = {
  id: 'k-1', team_id: 't-1', type: 'openai', description: 'Prod', key_hint: 'sk-…0002', fingerprint: 'f',
  version: 3, secret_version: 2, is_default: false, created_at: '2026-12-01T00:00:00Z', updated_at: '2026-12-02T00:00:00Z',
  created_by: 'u-1', last_used_at: null, verify_status: null, verified_at: null, labels: [],
  expires_at: null, rotate_every_days: null, rotation_due_at: null, disabled_at: '2026-12-03T00:00:00Z',
  disabled_reason: reason, base_url: null, lifecycle_status: 'ok',
}

afterEach(() => vi.unstubAllGlobals())

describe('DisabledNote', { timeout: 20_000 }, () => {
  it('says why the key is disabled and re-enables it', async () => {
    const enabled: unknown[] = []
    stubServer({
      'POST /teams/t-1/api-keys/k-1/enable': () => {
        enabled.push(true)
        return { body: { ...disabled, version: 4, disabled_at: null, disabled_reason: null } }
      },
    })
    const user = userEvent.setup()
    const onEnabled = vi.fn()
    renderTab(<DisabledNote teamId="t-1" apiKey={disabled} onEnabled={onEnabled} />)
    expect(screen.getByRole('status').textContent).toContain(reason)
    await user.click(screen.getByRole('button', { name: 'Re-enable' }))
    await vi.waitFor(() => expect(toast.success).toHaveBeenCalled())
    expect(enabled).toHaveLength(1)
    // The dialog gets the key as it now is (the browser test checks the note then goes).
    expect(onEnabled).toHaveBeenCalledWith(expect.objectContaining({ id: 'k-1', disabled_at: null }))
  })

  it('shows nothing for an enabled key, and the badge only for a disabled one', () => {
    const enabledKey = { ...disabled, disabled_at: null, disabled_reason: null }
    const { container } = render(<DisabledBadge apiKey={enabledKey} />)
    expect(container.textContent).toBe('')
    renderTab(<DisabledNote teamId="t-1" apiKey={enabledKey} onEnabled={vi.fn()} />)
    expect(screen.queryByRole('button', { name: 'Re-enable' })).toBeNull()
  })
})
