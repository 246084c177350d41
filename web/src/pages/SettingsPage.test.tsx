import { screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { MemoryRouter, Route, Routes } from 'react-router'
import { TooltipProvider } from '../components/ui/Tooltip'
import type { Me } from '../lib/types'
import { renderWithClient } from '../test/render'
import { stubServer } from '../test/server'
import { SettingsPage } from './SettingsPage'

vi.mock('sonner', () => ({ toast: { success: vi.fn(), error: vi.fn(), warning: vi.fn() } }))

class SilentEventSource {
  addEventListener() {}
  close() {}
}

const me = {
  user: { id: 'u-1', email: 'olive@example.com', name: 'Olive Owner' },
  csrf_token: 'c',
  teams: [{
    id: 't-1', name: 'Acme', role: 'owner', created_at: '', secret_versions_kept: 10, rotate_every_days: null,
    expiry_warning_days: 14, expired_key_policy: 'warn', reverify_every_days: null, gateway_disable_after: 3,
    permissions: ['api_keys:read', 'members:read', 'team:manage'],
  }],
} as unknown as Me

afterEach(() => vi.unstubAllGlobals())

describe('SettingsPage', { timeout: 20_000 }, () => {
  it('counts the keys needing attention on the API Keys tab, from another tab too', async () => {
    vi.stubGlobal('EventSource', SilentEventSource)
    const fetchMock = stubServer({
      'GET /teams/t-1/api-keys': () => ({ body: { items: [], total: 0, page: 1, page_size: 25, needs_attention: 3 } }),
      'GET /teams/t-1/members': () => ({ body: { items: [] } }),
    })
    renderWithClient(
      <MemoryRouter initialEntries={['/teams/t-1/settings/members']}>
        <TooltipProvider>
          <Routes>
            <Route path="/teams/:teamId/settings/:tab" element={<SettingsPage me={me} />} />
          </Routes>
        </TooltipProvider>
      </MemoryRouter>,
    )
    const tab = await screen.findByRole('link', { name: /^API Keys\s*, 3 keys need attention$/ }, { timeout: 10_000 })
    expect(tab.textContent).toContain('3')
    expect(screen.getByRole('link', { name: 'Team' })).toBeTruthy()
    const lists = fetchMock.mock.calls.filter(([input]) => String(input).includes('/api-keys?'))
    expect(lists).toHaveLength(1)
  })

  it.each([
    ['shows', ['api_keys:read', 'webhooks:manage']],
    ['hides', ['api_keys:read']],
  ] as const)('%s the Webhooks tab by the webhooks:manage permission', async (verb, permissions) => {
    vi.stubGlobal('EventSource', SilentEventSource)
    stubServer({
      'GET /teams/t-1/api-keys': () => ({ body: { items: [], total: 0, page: 1, page_size: 25, needs_attention: 0 } }),
      'GET /teams/t-1/webhooks': () => ({ body: { items: [] } }),
    })
    const member = { ...me, teams: [{ ...me.teams[0], role: verb === 'shows' ? 'admin' : 'viewer', permissions: [...permissions] }] } as Me
    renderWithClient(
      <MemoryRouter initialEntries={['/teams/t-1/settings/webhooks']}>
        <TooltipProvider>
          <Routes>
            <Route path="/teams/:teamId/settings/:tab" element={<SettingsPage me={member} />} />
          </Routes>
        </TooltipProvider>
      </MemoryRouter>,
    )
    if (verb === 'shows') {
      expect(await screen.findByRole('heading', { name: 'Webhooks' }, { timeout: 10_000 })).toBeTruthy()
      expect(screen.getByRole('link', { name: 'Webhooks' })).toBeTruthy()
    } else {
      expect(await screen.findByRole('heading', { name: 'API Keys' }, { timeout: 10_000 })).toBeTruthy()
      expect(screen.queryByRole('link', { name: 'Webhooks' })).toBeNull()
    }
  })
})
