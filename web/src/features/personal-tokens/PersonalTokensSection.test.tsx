import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Me, PersonalToken } from '../../lib/types'
import { stubServer } from '../../test/server'
import { renderTab } from '../../test/tabs'
import { PersonalTokensSection } from './PersonalTokensSection'

vi.mock('sonner', () => ({ toast: { success: vi.fn(), error: vi.fn(), warning: vi.fn() } }))

const secret = 'kw_pat_shown-once-0123456789abcdef'
const team = (id: string, name: string, role: Me['teams'][number]['role'], permissions: Me['teams'][number]['permissions']) => ({
  id, name, role, permissions, created_at: '2026-01-01T00:00:00Z', secret_versions_kept: 10, rotate_every_days: null,
  expiry_warning_days: 14, expired_key_policy: 'warn' as const, reverify_every_days: null, gateway_disable_after: 3,
})
const me: Me = {
  user: { id: 'u-1', email: 'olivia@example.com', name: 'Olivia' },
  teams: [
    team('t-1', 'Acme', 'owner', ['api_keys:read', 'api_keys:reveal', 'members:read']),
    team('t-2', 'Beta', 'viewer', ['api_keys:read', 'members:read']),
  ],
  csrf_token: 'csrf',
}

function server() {
  const tokens: PersonalToken[] = []
  const bodies: unknown[] = []
  stubServer({
    'GET /me/tokens': () => ({ body: { items: tokens } }),
    'POST /me/tokens': (body) => {
      bodies.push(body)
      const made: PersonalToken = {
        id: 'pt-1', name: 'laptop', grants: [{ team_id: 't-1', permissions: ['api_keys:read', 'api_keys:reveal'] }],
        created_at: '2026-12-05T00:00:00Z', expires_at: '2027-01-04T00:00:00Z', last_used_at: null, revoked_at: null,
      }
      tokens.push(made)
      return { status: 201, body: { ...made, token: secret } }
    },
  })
  return { bodies }
}

afterEach(() => vi.unstubAllGlobals())

describe('PersonalTokensSection', { timeout: 20_000 }, () => {
  it('offers per team only the permissions the user holds, sends the chosen ones and shows the token once', async () => {
    const { bodies } = server()
    const user = userEvent.setup()
    renderTab(<PersonalTokensSection me={me} />)
    expect(await screen.findByText('No personal access tokens yet.')).toBeTruthy()
    // The viewer's team offers no way to reveal.
    const beta = screen.getByRole('group', { name: /Beta/ })
    expect(beta.textContent).not.toContain('Reveal keys')

    await user.type(screen.getByLabelText('Name'), 'laptop')
    await user.click(screen.getByRole('button', { name: 'Create token' }))
    expect(await screen.findByText('Choose at least one team and permission')).toBeTruthy()
    expect(bodies).toHaveLength(0)

    const acme = screen.getByRole('group', { name: /Acme/ })
    await user.click(within(acme).getByLabelText('List and read keys'))
    await user.click(within(acme).getByLabelText('Reveal keys'))
    await user.click(screen.getByRole('button', { name: 'Create token' }))
    const dialog = await screen.findByRole('dialog', { name: 'Copy your new personal access token' })
    expect(dialog.textContent).toContain(secret)
    const sent = bodies[0] as { name: string; expires_at: string; grants: unknown }
    expect(sent.name).toBe('laptop')
    expect(sent.grants).toEqual([{ team_id: 't-1', permissions: ['api_keys:read', 'api_keys:reveal'] }])
    const days = (new Date(sent.expires_at).getTime() - Date.now()) / 86_400_000
    expect(Math.round(days)).toBe(30)

    await user.click(screen.getByRole('button', { name: 'Done' }))
    await waitFor(() => expect(document.body.innerHTML).not.toContain(secret))
    expect(await screen.findByRole('cell', { name: 'laptop' })).toBeTruthy()
    expect(screen.getByText(/List and read keys, Reveal keys/)).toBeTruthy()
  })
})
