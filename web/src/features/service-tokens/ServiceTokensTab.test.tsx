import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Catalogue, ServiceToken } from '../../lib/types'
import { stubServer } from '../../test/server'
import { renderTab } from '../../test/tabs'
import { ServiceTokensTab } from './ServiceTokensTab'

vi.mock('sonner', () => ({ toast: { success: vi.fn(), error: vi.fn(), warning: vi.fn() } }))

const secret = 'kw_st_shown-once-0123456789abcdef'
const catalogue: Catalogue = {
  categories: [{ id: 'ai', name: 'AI/ML Services' }],
  types: [
    { id: 'anthropic', name: 'Anthropic', category: 'ai', description: '', key_prefix: 'sk-ant-', key_url: null, verifiable: true },
    { id: 'openai', name: 'OpenAI', category: 'ai', description: '', key_prefix: 'sk-', key_url: 'https://platform.openai.com/api-keys', verifiable: true },
  ],
}
const listed: ServiceToken = {
  id: 'st-1', name: 'Backend', types: ['anthropic'], created_at: '2026-12-01T00:00:00Z', created_by: 'u-1',
  expires_at: null, last_used_at: null, revoked_at: null, labels: [], requests_per_minute: null, requests_per_month: null,
}

function server() {
  const tokens: ServiceToken[] = []
  return stubServer({
    'GET /api-key-types': () => ({ body: catalogue }),
    'GET /teams/t-1/service-tokens': () => ({ body: { items: tokens } }),
    'GET /teams/t-1/members': () => ({ body: { items: [] } }),
    'POST /teams/t-1/service-tokens': () => {
      tokens.push(listed)
      return { status: 201, body: { ...listed, token: secret } }
    },
  })
}

afterEach(() => vi.unstubAllGlobals())

// Generous: the shared test machine is slow to render the first time.
describe('ServiceTokensTab', { timeout: 20_000 }, () => {
  it('forgets the new token, in the mutation cache too, as soon as its dialog closes', async () => {
    server()
    const user = userEvent.setup()
    const { client } = renderTab(<ServiceTokensTab teamId="t-1" />)
    await user.type(screen.getByLabelText('Name'), 'Backend')
    await user.click(await screen.findByLabelText('Anthropic'))
    await user.click(screen.getByRole('button', { name: 'Create token' }))

    const dialog = await screen.findByRole('dialog', { name: 'Copy your new service token' })
    expect(dialog.textContent).toContain(secret)
    const cached = () =>
      JSON.stringify(client.getMutationCache().getAll().map((mutation) => mutation.state)) +
      JSON.stringify(client.getQueryCache().getAll().map((query) => query.state.data))
    expect(cached()).toContain(secret)  // shown: the mutation holds it, and only the mutation

    await user.click(screen.getByRole('button', { name: 'Done' }))
    expect(cached()).not.toContain(secret)
    expect(client.getMutationCache().getAll()).toHaveLength(0)
    expect(document.body.innerHTML).not.toContain(secret)
    expect(await screen.findByRole('cell', { name: 'Backend' })).toBeTruthy()
  })

  it('forgets the token when the dialog is closed with Escape', async () => {
    server()
    const user = userEvent.setup()
    const { client } = renderTab(<ServiceTokensTab teamId="t-1" />)
    await user.type(screen.getByLabelText('Name'), 'Backend')
    await user.click(await screen.findByLabelText('Anthropic'))
    await user.click(screen.getByRole('button', { name: 'Create token' }))
    const dialog = await screen.findByRole('dialog', { name: 'Copy your new service token' })
    fireEvent.keyDown(dialog, { key: 'Escape' })
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(JSON.stringify(client.getMutationCache().getAll().map((m) => m.state))).not.toContain(secret)
  })

  it('puts server field errors beside their fields', async () => {
    stubServer({
      'GET /api-key-types': () => ({ body: catalogue }),
      'GET /teams/t-1/service-tokens': () => ({ body: { items: [] } }),
      'POST /teams/t-1/service-tokens': () => ({
        status: 422,
        body: { title: 'Invalid fields', detail: 'Some fields are invalid.', errors: [{ field: 'name', message: 'Name contains characters that are not allowed' }] },
      }),
    })
    const user = userEvent.setup()
    renderTab(<ServiceTokensTab teamId="t-1" />)
    await user.type(screen.getByLabelText('Name'), 'Back end')
    await user.click(await screen.findByLabelText('OpenAI'))
    await user.click(screen.getByRole('button', { name: 'Create token' }))
    expect(await screen.findByText('Name contains characters that are not allowed')).toBeTruthy()
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true')
    expect(screen.getByLabelText('Name')).toHaveProperty('value', 'Back end')
  })

  it('shows skeleton rows, then every token with its scope, creator, times and status', async () => {
    const day = 24 * 3600_000
    const tokens: ServiceToken[] = [
      { ...listed, created_at: new Date(Date.now() - 3 * day).toISOString(), last_used_at: new Date(Date.now() - 2 * 3600_000).toISOString() },
      {
        id: 'st-2', name: 'Old cron', types: ['anthropic', 'openai'], created_at: new Date(Date.now() - 40 * day).toISOString(),
        created_by: 'u-gone', expires_at: new Date(Date.now() - day).toISOString(), last_used_at: null, revoked_at: null, labels: [],
        requests_per_minute: 60, requests_per_month: null,
      },
    ]
    stubServer({
      'GET /api-key-types': () => ({ body: catalogue }),
      'GET /teams/t-1/service-tokens': () => ({ body: { items: tokens } }),
      'GET /teams/t-1/members': () => ({
        body: { items: [{ user_id: 'u-1', name: 'Olive Owner', email: 'olive@example.com', role: 'owner', joined_at: '2026-01-01T00:00:00Z' }] },
      }),
    })
    renderTab(<ServiceTokensTab teamId="t-1" />)
    expect(screen.getByRole('status', { name: 'Loading the service tokens' })).toBeTruthy()
    const backend = (await screen.findByRole('cell', { name: 'Backend' })).closest('tr')!
    expect(backend.closest('table')?.className).toContain('cards-on-phone')
    expect(screen.getAllByRole('columnheader').map((th) => th.textContent)).toEqual([
      'Name', 'Scope', 'Created by', 'Created', 'Expires', 'Last used', 'Status', 'Actions',
    ])
    const cells = (row: Element) =>
      [...row.querySelectorAll('td')].filter((td) => td.dataset.label).map((td) => `${td.dataset.label}: ${td.textContent}`)
    await waitFor(() => expect(cells(backend)).toContain('Created by: Olive Owner'))
    expect(cells(backend)).toEqual([
      'Name: Backend', 'Scope: Anthropic', 'Created by: Olive Owner', 'Created: 3 days ago', 'Expires: Never',
      'Last used: 2 hours ago', 'Status: Active',
    ])
    const old = screen.getByRole('cell', { name: 'Old cron' }).closest('tr')!
    expect(cells(old)).toEqual([
      'Name: Old cron', 'Scope: Anthropic, OpenAI · 60/min', 'Created by: a former member', 'Created: 1 month ago',
      'Expires: 1 day ago', 'Last used: Never', 'Status: Expired',
    ])
    expect(screen.getByRole('button', { name: 'Revoke Backend' })).toBeTruthy()
  })

  it('names what failed and retries', async () => {
    let fail = true
    stubServer({
      'GET /api-key-types': () => ({ body: catalogue }),
      'GET /teams/t-1/service-tokens': () =>
        fail ? { status: 503, body: { title: 'Unavailable', detail: 'The database is not answering.' } } : { body: { items: [listed] } },
      'GET /teams/t-1/members': () => ({ body: { items: [] } }),
    })
    const user = userEvent.setup()
    renderTab(<ServiceTokensTab teamId="t-1" />)
    const alert = await screen.findByText('The service tokens could not be loaded: The database is not answering.')
    fail = false
    await user.click(within(alert.closest('[role="alert"]') as HTMLElement).getByRole('button', { name: 'Retry' }))
    expect(await screen.findByRole('cell', { name: 'Backend' })).toBeTruthy()
  })

  it('sends the labels a token is restricted to', async () => {
    const fetchMock = server()
    const user = userEvent.setup()
    renderTab(<ServiceTokensTab teamId="t-1" />)
    await user.type(screen.getByLabelText('Name'), 'Backend')
    await user.click(await screen.findByLabelText('Anthropic'))
    await user.type(screen.getByRole('textbox', { name: 'Only keys labelled (optional)' }), 'env:prod{Enter}')
    await user.click(screen.getByRole('button', { name: 'Create token' }))
    await screen.findByRole('dialog', { name: 'Copy your new service token' })
    const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST')
    expect(JSON.parse(String(post?.[1]?.body))).toMatchObject({ name: 'Backend', types: ['anthropic'], labels: ['env:prod'] })
  })

  it('sends the gateway limits typed, checks them, and leaves out those left empty', async () => {
    const fetchMock = server()
    const user = userEvent.setup()
    renderTab(<ServiceTokensTab teamId="t-1" />)
    await user.type(screen.getByLabelText('Name'), 'Metered')
    await user.click(await screen.findByLabelText('Anthropic'))
    await user.type(screen.getByLabelText('Gateway requests a minute'), '0')
    await user.click(screen.getByRole('button', { name: 'Create token' }))
    expect(await screen.findByText('Allow 1 to 1000000 requests a minute, or none')).toBeTruthy()
    await user.clear(screen.getByLabelText('Gateway requests a minute'))
    await user.type(screen.getByLabelText('Gateway requests a minute'), '120')
    await user.click(screen.getByRole('button', { name: 'Create token' }))
    await screen.findByRole('dialog', { name: 'Copy your new service token' })
    const post = fetchMock.mock.calls.find(([, init]) => init?.method === 'POST')
    const body = JSON.parse(String(post?.[1]?.body))
    expect(body).toMatchObject({ name: 'Metered', requests_per_minute: 120 })
    expect('requests_per_month' in body).toBe(false)
  })

  it('shows the gateway examples, filled with this server, once the panel is opened', async () => {
    server()
    renderTab(<ServiceTokensTab teamId="t-1" />)
    const user = userEvent.setup()
    await user.click(await screen.findByText('Use from your application'))
    const code = await screen.findByLabelText('OpenAI (Python) example')
    expect(code.textContent).toContain(`base_url="${window.location.origin}/gateway/openai/v1"`)
    await user.click(screen.getByRole('button', { name: 'Anthropic' }))
    expect(screen.getByRole('button', { name: 'Anthropic' }).getAttribute('aria-pressed')).toBe('true')
    expect((await screen.findByLabelText('Anthropic example')).textContent).toContain(
      `baseURL: '${window.location.origin}/gateway/anthropic'`,
    )
    expect(screen.getByRole('button', { name: 'Copy the Anthropic example' })).toBeTruthy()
  })
})
