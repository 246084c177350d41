import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { toast } from 'sonner'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { WebhookEndpoint } from '../../lib/types'
import { stubServer } from '../../test/server'
import { renderTab } from '../../test/tabs'
import { WebhooksTab } from './WebhooksTab'

vi.mock('sonner', () => ({ toast: { success: vi.fn(), error: vi.fn(), warning: vi.fn() } }))

const secret = 'whsec_c2hvd24tb25jZS0wMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc='
const day = 24 * 3600_000
const endpoint = (fields: Partial<WebhookEndpoint>): WebhookEndpoint => ({
  id: 'wh-1', url: 'https://hooks.example.com/keyward', description: 'Ops alerts', event_types: ['api_key.expired'],
  enabled: true, disabled_reason: null, failing_since: null, created_at: new Date(Date.now() - 2 * day).toISOString(),
  created_by: 'u-1', updated_at: new Date(Date.now() - day).toISOString(), ...fields,
})

afterEach(() => {
  vi.unstubAllGlobals()
  vi.clearAllMocks()
})

// Generous: the shared test machine is slow to render the first time.
describe('WebhooksTab', { timeout: 20_000 }, () => {
  it('explains webhooks when there are none', async () => {
    stubServer({ 'GET /teams/t-1/webhooks': () => ({ body: { items: [] } }) })
    renderTab(<WebhooksTab teamId="t-1" />)
    expect(screen.getByRole('status', { name: 'Loading the webhook endpoints' })).toBeTruthy()
    expect(await screen.findByText(/No webhook endpoints yet\. A webhook sends the team's events/)).toBeTruthy()
    expect(screen.queryByRole('region', { name: 'Disabled webhook endpoints' })).toBeNull()
  })

  it('lists the endpoints with their status, and says at the top which one keyward disabled', async () => {
    let patched: unknown = null
    const failing = endpoint({
      id: 'wh-2', url: 'https://down.example.com/hook', description: '', enabled: false,
      disabled_reason: 'failing for 3 days', failing_since: new Date(Date.now() - 3 * day).toISOString(),
      event_types: ['api_key.created', 'api_key.updated', 'member.joined'],
    })
    const items = [endpoint({}), endpoint({ id: 'wh-3', url: 'https://paused.example.com/', enabled: false }), failing]
    stubServer({
      'GET /teams/t-1/webhooks': () => ({ body: { items } }),
      'PATCH /teams/t-1/webhooks/wh-2': (body) => {
        patched = body
        items[2] = { ...failing, enabled: true, disabled_reason: null, failing_since: null }
        return { body: items[2] }
      },
    })
    const user = userEvent.setup()
    renderTab(<WebhooksTab teamId="t-1" />)
    const notice = await screen.findByRole('region', { name: 'Disabled webhook endpoints' })
    expect(notice.textContent).toContain('keyward disabled a webhook endpoint')
    expect(notice.textContent).toContain('https://down.example.com/hook: failing for 3 days (since 3 days ago)')

    const row = (url: string) => screen.getByText(url, { selector: '.webhook-url' }).closest('tr')!
    expect(within(row('https://hooks.example.com/keyward')).getByText('Enabled')).toBeTruthy()
    expect(within(row('https://hooks.example.com/keyward')).getByText('api_key.expired')).toBeTruthy()
    expect(within(row('https://paused.example.com/')).getByText('Paused')).toBeTruthy()
    const down = row('https://down.example.com/hook')
    expect(within(down).getByText('Disabled — failing for 3 days')).toBeTruthy()
    expect(down.textContent).toContain('Failing since 3 days ago')
    expect(within(down).getByText('3 events')).toBeTruthy()
    expect(screen.getAllByRole('columnheader').map((th) => th.textContent)).toEqual([
      'URL', 'Description', 'Events', 'Status', 'Created', 'Actions',
    ])

    await user.click(within(notice).getByRole('button', { name: 'Enable https://down.example.com/hook again' }))
    await waitFor(() => expect(patched).toEqual({ enabled: true }))
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Disabled webhook endpoints' })).toBeNull())
    expect(toast.success).toHaveBeenCalledWith('Webhook endpoint enabled')
  })

  it('creates an endpoint with the chosen events, shows its secret once, then forgets it', async () => {
    const items: WebhookEndpoint[] = []
    let sent: unknown = null
    stubServer({
      'GET /teams/t-1/webhooks': () => ({ body: { items } }),
      'POST /teams/t-1/webhooks': (body) => {
        sent = body
        items.push(endpoint({ url: 'https://example.com/hook', description: 'CI', event_types: ['member.joined'] }))
        return { status: 201, body: { ...items[0], secret } }
      },
    })
    const user = userEvent.setup()
    const { client } = renderTab(<WebhooksTab teamId="t-1" />)
    await screen.findByText(/No webhook endpoints yet/)
    await user.click(screen.getByRole('button', { name: 'Add endpoint' }))
    const dialog = await screen.findByRole('dialog', { name: 'Add webhook endpoint' })
    await user.type(within(dialog).getByLabelText('Endpoint URL'), 'https://example.com/hook')
    await user.type(within(dialog).getByLabelText('Description (optional)'), 'CI')
    await user.click(within(dialog).getByLabelText('All members events'))
    await user.click(within(dialog).getByLabelText('member.invited'))
    await user.click(within(dialog).getByLabelText('webhook.test'))
    await user.click(within(dialog).getByRole('button', { name: 'Add endpoint' }))

    const shown = await screen.findByRole('dialog', { name: 'Copy your webhook signing secret' })
    expect(sent).toEqual({
      url: 'https://example.com/hook', description: 'CI',
      event_types: ['member.joined', 'member.role_changed', 'member.removed', 'invitation.revoked', 'webhook.test'],
    })
    expect(shown.textContent).toContain(secret)
    expect(shown.textContent).toContain("you won't see it again")
    expect(shown.textContent).toContain("import { Webhook } from 'standardwebhooks'")
    expect(within(shown).getByRole('button', { name: 'Copy secret' })).toBeTruthy()
    const cached = () =>
      JSON.stringify(client.getMutationCache().getAll().map((mutation) => mutation.state)) +
      JSON.stringify(client.getQueryCache().getAll().map((query) => query.state.data))
    expect(cached()).toContain(secret)  // shown: the mutation holds it, and only the mutation

    await user.click(within(shown).getByRole('button', { name: 'Done' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(cached()).not.toContain(secret)
    expect(document.body.innerHTML).not.toContain(secret)
    expect(await screen.findByText('https://example.com/hook', { selector: '.webhook-url' })).toBeTruthy()
  })

  it('forgets the secret when its dialog is closed with Escape', async () => {
    stubServer({
      'GET /teams/t-1/webhooks': () => ({ body: { items: [] } }),
      'POST /teams/t-1/webhooks': () => ({ status: 201, body: { ...endpoint({}), secret } }),
    })
    const user = userEvent.setup()
    const { client } = renderTab(<WebhooksTab teamId="t-1" />)
    await user.click(await screen.findByRole('button', { name: 'Add endpoint' }))
    const dialog = await screen.findByRole('dialog', { name: 'Add webhook endpoint' })
    await user.type(within(dialog).getByLabelText('Endpoint URL'), 'https://hooks.example.com/keyward')
    await user.click(within(dialog).getByLabelText('api_key.expired'))
    await user.click(within(dialog).getByRole('button', { name: 'Add endpoint' }))
    const shown = await screen.findByRole('dialog', { name: 'Copy your webhook signing secret' })
    fireEvent.keyDown(shown, { key: 'Escape' })
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(JSON.stringify(client.getMutationCache().getAll().map((m) => m.state))).not.toContain(secret)
  })

  it('checks the form before sending: an https:// URL and at least one event', async () => {
    const fetchMock = stubServer({ 'GET /teams/t-1/webhooks': () => ({ body: { items: [] } }) })
    const user = userEvent.setup()
    renderTab(<WebhooksTab teamId="t-1" />)
    await user.click(await screen.findByRole('button', { name: 'Add endpoint' }))
    const dialog = await screen.findByRole('dialog', { name: 'Add webhook endpoint' })
    const url = within(dialog).getByLabelText('Endpoint URL')
    expect(document.activeElement).toBe(url)
    await user.type(url, 'http://example.com/hook')
    await user.click(within(dialog).getByRole('button', { name: 'Add endpoint' }))
    expect(await within(dialog).findByText('Enter an https:// URL')).toBeTruthy()
    expect(within(dialog).getByText('Select at least one event')).toBeTruthy()
    expect(url.getAttribute('aria-invalid')).toBe('true')
    expect(fetchMock.mock.calls.filter(([, init]) => init?.method === 'POST')).toHaveLength(0)
  })

  it('puts server field errors beside their fields and keeps what was typed', async () => {
    stubServer({
      'GET /teams/t-1/webhooks': () => ({ body: { items: [] } }),
      'POST /teams/t-1/webhooks': () => ({
        status: 422,
        body: { title: 'Invalid fields', detail: 'Some fields are invalid.', errors: [{ field: 'url', message: 'The host must be a public address' }] },
      }),
    })
    const user = userEvent.setup()
    renderTab(<WebhooksTab teamId="t-1" />)
    await user.click(await screen.findByRole('button', { name: 'Add endpoint' }))
    const dialog = await screen.findByRole('dialog', { name: 'Add webhook endpoint' })
    await user.type(within(dialog).getByLabelText('Endpoint URL'), 'https://10.0.0.1/hook')
    await user.click(within(dialog).getByLabelText('team.updated'))
    await user.click(within(dialog).getByRole('button', { name: 'Add endpoint' }))
    expect(await within(dialog).findByText('The host must be a public address')).toBeTruthy()
    expect(within(dialog).getByLabelText('Endpoint URL').getAttribute('aria-invalid')).toBe('true')
    expect(within(dialog).getByLabelText('Endpoint URL')).toHaveProperty('value', 'https://10.0.0.1/hook')
    expect(toast.error).not.toHaveBeenCalled()
  })

  it('edits an endpoint, sending only what changed', async () => {
    let patched: unknown = null
    stubServer({
      'GET /teams/t-1/webhooks': () => ({ body: { items: [endpoint({})] } }),
      'PATCH /teams/t-1/webhooks/wh-1': (body) => {
        patched = body
        return { body: endpoint({ description: 'Pager' }) }
      },
    })
    const user = userEvent.setup()
    renderTab(<WebhooksTab teamId="t-1" />)
    const trigger = await screen.findByRole('button', { name: 'Actions for https://hooks.example.com/keyward' })
    trigger.focus()
    await user.keyboard('{Enter}')
    await user.click(await screen.findByRole('menuitem', { name: 'Edit' }))
    const dialog = await screen.findByRole('dialog', { name: 'Edit webhook endpoint' })
    expect(within(dialog).getByLabelText('api_key.expired')).toHaveProperty('checked', true)
    const description = within(dialog).getByLabelText('Description (optional)')
    await user.clear(description)
    await user.type(description, 'Pager')
    await user.click(within(dialog).getByRole('button', { name: 'Save changes' }))
    await waitFor(() => expect(patched).toEqual({ description: 'Pager' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
  })
})
