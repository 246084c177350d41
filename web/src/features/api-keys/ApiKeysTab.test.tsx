import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ApiKey, Catalogue, TeamMembership } from '../../lib/types'
import { stubServer } from '../../test/server'
import { renderTab as renderInApp } from '../../test/tabs'
import { ApiKeysTab } from './ApiKeysTab'
import { endOfLocalDay } from './expiry'

vi.mock('sonner', () => ({ toast: { success: vi.fn(), error: vi.fn(), warning: vi.fn() } }))

const team = {
  id: 't-1', name: 'Acme', role: 'owner', permissions: ['api_keys:read', 'api_keys:update', 'api_keys:reveal'],
} as TeamMembership
const catalogue: Catalogue = {
  categories: [{ id: 'ai', name: 'AI/ML Services' }],
  types: [{ id: 'openai', name: 'OpenAI', category: 'ai', description: '', key_prefix: 'sk-', key_url: 'https://platform.openai.com/api-keys', verifiable: true }],
}
const apiKey: ApiKey = {
  id: 'k-1', team_id: 't-1', type: 'openai', description: 'Prod', key_hint: 'sk-…0001', fingerprint: 'f',
  version: 1, secret_version: 1, is_default: false, created_at: '2026-12-01T00:00:00Z', updated_at: '2026-12-01T00:00:00Z',
  created_by: 'u-1', last_used_at: null, verify_status: null, verified_at: null, labels: [],
  expires_at: null, rotate_every_days: null, rotation_due_at: null, disabled_at: null, disabled_reason: null, base_url: null, lifecycle_status: 'ok',
}

afterEach(() => vi.unstubAllGlobals())

function renderTab(member: TeamMembership) {
  return renderInApp(<ApiKeysTab team={member} />)
}

// Generous: the shared test machine is slow to render the first time.
describe('ApiKeysTab', { timeout: 20_000 }, () => {
  it('opens a row with Enter into an edit form that is still open, untouched, with focus in it', async () => {
    const fetchMock = stubServer({
      'GET /api-key-types': () => ({ body: catalogue }),
      'GET /teams/t-1/api-keys': () => ({ body: { items: [apiKey], total: 1, page: 1, page_size: 25 } }),
      'PATCH /teams/t-1/api-keys/k-1': () => ({ body: apiKey }),
    })
    const user = userEvent.setup()
    renderTab(team)
    const row = await screen.findByRole('row', { name: 'Edit Prod' }, { timeout: 10_000 })
    row.focus()
    await user.keyboard('{Enter}')
    const dialog = await screen.findByRole('dialog', { name: 'Edit API Key' })
    expect(document.activeElement).toBe(screen.getByLabelText('Description'))
    // Still open after the keystroke has been handled: the Enter did not also submit the form.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(screen.getByRole('dialog', { name: 'Edit API Key' })).toBe(dialog)
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'PATCH')).toBe(false)
  })

  it('does not open the row when Enter is pressed on a button inside it', async () => {
    stubServer({
      'GET /api-key-types': () => ({ body: catalogue }),
      'GET /teams/t-1/api-keys': () => ({ body: { items: [apiKey], total: 1, page: 1, page_size: 25 } }),
      'POST /teams/t-1/api-keys/k-1/reveal': () => ({ body: { key: 'sk-proj-revealed-0001' } }),
    })
    const user = userEvent.setup()
    renderTab(team)
    const reveal = await screen.findByRole('button', { name: 'Reveal key Prod' }, { timeout: 10_000 })
    reveal.focus()
    await user.keyboard('{Enter}')
    expect(await screen.findByText('sk-proj-revealed-0001')).toBeTruthy()
    expect(screen.queryByRole('dialog', { name: 'Edit API Key' })).toBeNull()
  })

  it('keeps a new key nowhere once its dialog has saved it and closed', async () => {
    const plaintext = 'sk-proj-typed-once-0002'
    stubServer({
      'GET /api-key-types': () => ({ body: catalogue }),
      'GET /teams/t-1/api-keys': () => ({ body: { items: [apiKey], total: 1, page: 1, page_size: 25 } }),
      'POST /teams/t-1/api-keys': () => ({ status: 201, body: { ...apiKey, id: 'k-2', description: 'New' } }),
    })
    const user = userEvent.setup()
    const { client } = renderTab({ ...team, permissions: [...team.permissions, 'api_keys:create'] })
    await screen.findByRole('row', { name: 'Edit Prod' }, { timeout: 10_000 })
    await user.click(screen.getByRole('button', { name: 'Create API Key' }))
    const dialog = await screen.findByRole('dialog', { name: 'Create API Key' })
    await user.click(within(dialog).getByRole('combobox', { name: 'Type' }))
    await user.click(await screen.findByRole('option', { name: 'OpenAI' }))
    await user.type(within(dialog).getByLabelText('Description'), 'New')
    await user.type(within(dialog).getByLabelText('Key'), plaintext)
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(document.body.innerHTML).not.toContain(plaintext)
    const cached = () => JSON.stringify(client.getMutationCache().getAll().map((m) => m.state))
    await vi.waitFor(() => expect(cached()).not.toContain(plaintext))
  })

  it('shows labels as chips, and filters by label through the URL', async () => {
    const labelled = { ...apiKey, labels: ['env:prod', 'team:search'] }
    const fetchMock = stubServer({
      'GET /api-key-types': () => ({ body: catalogue }),
      'GET /teams/t-1/api-keys': () => ({ body: { items: [labelled], total: 1, page: 1, page_size: 25 } }),
    })
    const user = userEvent.setup()
    renderInApp(<ApiKeysTab team={team} />, '/?label=team:search')
    expect(await screen.findByRole('list', { name: 'Labels: env:prod, team:search' }, { timeout: 10_000 })).toBeTruthy()
    const listUrls = () =>
      fetchMock.mock.calls.map(([input]) => String(input)).filter((url) => url.includes('/api-keys?'))
    expect(listUrls().at(-1)).toContain('label=team%3Asearch')
    await user.type(screen.getByRole('textbox', { name: 'Filter by label' }), 'env:prod{Enter}')
    await waitFor(() => expect(listUrls().at(-1)).toContain('label=env%3Aprod&label=team%3Asearch'))
    await user.click(screen.getByRole('button', { name: 'Remove label team:search' }))
    await waitFor(() => expect(listUrls().at(-1)).not.toContain('team%3Asearch'))
    await user.click(screen.getByRole('button', { name: 'Clear filters' }))
    await waitFor(() => expect(listUrls().at(-1)).not.toContain('label='))
  })

  it('marks keys that need attention, counts them, and filters by lifecycle through the URL', async () => {
    const expired = { ...apiKey, lifecycle_status: 'expired' as const, expires_at: new Date(Date.now() - 3 * 86_400_000 - 60_000).toISOString() }
    const fetchMock = stubServer({
      'GET /api-key-types': () => ({ body: catalogue }),
      'GET /teams/t-1/api-keys': () => ({ body: { items: [expired], total: 1, page: 1, page_size: 25, needs_attention: 2 } }),
    })
    const user = userEvent.setup()
    renderInApp(<ApiKeysTab team={team} />, '/?lifecycle=expired')
    expect(await screen.findByText('Expired 3 days ago', {}, { timeout: 10_000 })).toBeTruthy()
    const listUrls = () =>
      fetchMock.mock.calls.map(([input]) => String(input)).filter((url) => url.includes('/api-keys?'))
    expect(listUrls().at(-1)).toContain('lifecycle=expired')
    expect(screen.getByRole('combobox', { name: 'Filter by lifecycle' }).textContent).toContain('Expired')
    const quick = screen.getByRole('button', { name: 'Needs attention (2)' })
    expect(quick.getAttribute('aria-pressed')).toBe('false')
    await user.click(quick)
    await waitFor(() => expect(listUrls().at(-1)).toContain('lifecycle=needs_attention'))
    expect(screen.getByRole('button', { name: 'Needs attention (2)' }).getAttribute('aria-pressed')).toBe('true')
    await user.click(screen.getByRole('button', { name: 'Clear filters' }))
    await waitFor(() => expect(listUrls().at(-1)).not.toContain('lifecycle='))
  })

  it('sorts by lifecycle, most urgent first, from the Status header', async () => {
    const fetchMock = stubServer({
      'GET /api-key-types': () => ({ body: catalogue }),
      'GET /teams/t-1/api-keys': () => ({ body: { items: [apiKey], total: 1, page: 1, page_size: 25, needs_attention: 0 } }),
    })
    const user = userEvent.setup()
    renderInApp(<ApiKeysTab team={team} />)
    await screen.findByRole('row', { name: 'Edit Prod' }, { timeout: 10_000 })
    expect(screen.queryByRole('button', { name: /Needs attention/ })).toBeNull()
    await user.click(screen.getByRole('button', { name: 'Status' }))
    const listUrls = () =>
      fetchMock.mock.calls.map(([input]) => String(input)).filter((url) => url.includes('/api-keys?'))
    await waitFor(() => expect(listUrls().at(-1)).toContain('sort=lifecycle&order=asc'))
    expect(screen.getByRole('columnheader', { name: 'Status' }).getAttribute('aria-sort')).toBe('ascending')
  })

  it('creates a key with an expiry and a rotation period, and edits the period alone', async () => {
    const bodies: Record<string, unknown> = {}
    stubServer({
      'GET /api-key-types': () => ({ body: catalogue }),
      'GET /teams/t-1/api-keys': () => ({ body: { items: [apiKey], total: 1, page: 1, page_size: 25, needs_attention: 0 } }),
      'POST /teams/t-1/api-keys': (body) => ((bodies.post = body), { status: 201, body: { ...apiKey, id: 'k-2' } }),
      'PATCH /teams/t-1/api-keys/k-1': (body) => ((bodies.patch = body), { body: apiKey }),
    })
    const user = userEvent.setup()
    renderTab({ ...team, rotate_every_days: 90, permissions: [...team.permissions, 'api_keys:create'] })
    await screen.findByRole('row', { name: 'Edit Prod' }, { timeout: 10_000 })
    await user.click(screen.getByRole('button', { name: 'Create API Key' }))
    const dialog = await screen.findByRole('dialog', { name: 'Create API Key' })
    await user.click(within(dialog).getByRole('combobox', { name: 'Type' }))
    await user.click(await screen.findByRole('option', { name: 'OpenAI' }))
    await user.type(within(dialog).getByLabelText('Description'), 'New')
    await user.type(within(dialog).getByLabelText('Key'), 'sk-proj-expiring-0003')
    fireEvent.change(within(dialog).getByLabelText('Expires'), { target: { value: '2027-01-31' } })
    await user.type(within(dialog).getByLabelText('Rotate every (days)'), '30')
    expect(within(dialog).getByText("Empty: the team's period, every 90 days.")).toBeTruthy()
    await user.click(within(dialog).getByRole('button', { name: 'Save' }))
    await waitFor(() => expect(bodies.post).toMatchObject({ expires_at: endOfLocalDay('2027-01-31'), rotate_every_days: 30 }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())

    await user.click(screen.getByRole('row', { name: 'Edit Prod' }))
    const edit = await screen.findByRole('dialog', { name: 'Edit API Key' })
    await user.type(within(edit).getByLabelText('Rotate every (days)'), '45')
    await user.click(within(edit).getByRole('button', { name: 'Update' }))
    await waitFor(() => expect(bodies.patch).toEqual({ rotate_every_days: 45 }))
  })
})
