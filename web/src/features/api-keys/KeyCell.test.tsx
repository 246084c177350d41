import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ApiKey } from '../../lib/types'
import { renderWithClient } from '../../test/render'
import { stubServer } from '../../test/server'
import { KeyCell } from './KeyCell'
import { useRevealedKeys } from './useRevealedKeys'

vi.mock('sonner', () => ({ toast: { success: vi.fn(), error: vi.fn() } }))

const plaintext = 'sk-proj-revealed-0001'
const apiKey: ApiKey = {
  id: 'k-1', team_id: 't-1', type: 'openai', description: 'Prod', key_hint: 'sk-…0001', fingerprint: 'f',
  version: 1, secret_version: 1, is_default: false, created_at: '', updated_at: '', created_by: '', last_used_at: null,
  verify_status: null, verified_at: null, labels: [],
  expires_at: null, rotate_every_days: null, rotation_due_at: null, disabled_at: null, disabled_reason: null, base_url: null, lifecycle_status: 'ok',
}

afterEach(() => vi.unstubAllGlobals())

// The cell as the table wires it: the page's revealed keys and their toggle.
function RevealableCell() {
  const revealed = useRevealedKeys('t-1')
  return (
    <KeyCell
      apiKey={apiKey}
      plaintext={revealed.shown.get(apiKey.id)}
      canReveal
      pending={revealed.pending}
      onToggle={() => void revealed.toggle(apiKey.id)}
      onCopy={() => void revealed.copy(apiKey.id)}
    />
  )
}

// Generous: the shared test machine is slow to render the first time.
describe('KeyCell', { timeout: 20_000 }, () => {
  it('hiding a revealed key drops it from the page and the mutation cache', async () => {
    stubServer({ 'POST /teams/t-1/api-keys/k-1/reveal': () => ({ body: { key: plaintext } }) })
    const user = userEvent.setup()
    const { client } = renderWithClient(<RevealableCell />)
    await user.click(screen.getByRole('button', { name: 'Reveal key Prod' }))
    expect(await screen.findByText(plaintext)).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Hide key Prod' }))
    expect(screen.getByText('sk-…0001')).toBeTruthy()
    await vi.waitFor(() =>
      expect(JSON.stringify(client.getMutationCache().getAll().map((m) => m.state))).not.toContain(plaintext),
    )
  })
})
