import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { toast } from 'sonner'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { WebhookDelivery, WebhookEndpoint } from '../../lib/types'
import { stubServer } from '../../test/server'
import { renderTab } from '../../test/tabs'
import { DeliveryLogDialog } from './DeliveryLogDialog'

vi.mock('sonner', () => ({ toast: { success: vi.fn(), error: vi.fn(), warning: vi.fn() } }))

const hook: WebhookEndpoint = {
  id: 'wh-1', url: 'https://example.com/hook', description: '', event_types: ['webhook.test'], enabled: true,
  disabled_reason: null, failing_since: null, created_at: '2026-12-01T00:00:00Z', created_by: 'u-1', updated_at: '2026-12-01T00:00:00Z',
}
const delivery = (n: number, fields: Partial<WebhookDelivery> = {}): WebhookDelivery => ({
  id: `d-${n}`, event_id: `msg_${n}`, event_type: n % 2 ? 'api_key.created' : 'webhook.test', status: 'succeeded', attempts: 1,
  last_status_code: 204, last_duration_ms: 40 + n, last_error: null, next_attempt_at: null,
  created_at: new Date(Date.now() - n * 60_000).toISOString(), finished_at: new Date(Date.now() - n * 60_000).toISOString(), ...fields,
})

afterEach(() => {
  vi.unstubAllGlobals()
  vi.clearAllMocks()
})

describe('DeliveryLogDialog', { timeout: 20_000 }, () => {
  it('pages through the log, and redelivers a row', async () => {
    const all = Array.from({ length: 25 }, (_, i) =>
      i === 0
        ? delivery(1, { status: 'failed', attempts: 9, last_status_code: 500, last_error: 'answered 500', event_type: 'api_key.updated' })
        : delivery(i + 1),
    )
    const redelivered: string[] = []
    stubServer({
      'GET /teams/t-1/webhooks/wh-1/deliveries': (_body, url) => {
        const query = new URLSearchParams(url.split('?')[1])
        const page = Number(query.get('page'))
        const size = Number(query.get('page_size'))
        return { body: { items: all.slice((page - 1) * size, page * size), page, page_size: size, total: all.length } }
      },
      'POST /teams/t-1/webhooks/wh-1/deliveries/d-1/redeliver': () => {
        redelivered.push('d-1')
        all.unshift(delivery(0, { id: 'd-new', status: 'pending', attempts: 0, last_status_code: null, last_duration_ms: null, event_type: 'api_key.updated' }))
        return { status: 202, body: all[0] }
      },
    })
    const user = userEvent.setup()
    renderTab(<DeliveryLogDialog teamId="t-1" endpoint={hook} onClose={() => undefined} />)
    const dialog = await screen.findByRole('dialog', { name: 'Delivery log' })
    expect(within(dialog).getByRole('status', { name: 'Loading the deliveries' })).toBeTruthy()
    await within(dialog).findByText('1–10 of 25')
    expect(within(dialog).getAllByRole('columnheader').map((th) => th.textContent)).toEqual([
      'Time', 'Event', 'Status', 'HTTP', 'Duration', 'Attempts', 'Next attempt', 'Last error', 'Actions',
    ])
    const failed = within(dialog).getByText('answered 500').closest('tr')!
    const cells = [...failed.querySelectorAll('td')].filter((td) => td.dataset.label).map((td) => `${td.dataset.label}: ${td.textContent}`)
    expect(cells.slice(1)).toEqual([
      'Event: api_key.updated', 'Status: Failed', 'HTTP: 500', 'Duration: 41 ms', 'Attempts: 9', 'Next attempt: —', 'Last error: answered 500',
    ])

    await user.click(within(dialog).getByRole('button', { name: /^Next/ }))
    await within(dialog).findByText('11–20 of 25')
    expect(within(dialog).getByText('Page 2 of 3')).toBeTruthy()
    expect(within(dialog).queryByText('answered 500')).toBeNull()

    await user.click(within(dialog).getByRole('button', { name: /^Previous/ }))
    await within(dialog).findByText('answered 500')
    const row = within(dialog).getByText('answered 500').closest('tr')!
    await user.click(within(row).getByRole('button', { name: /^Redeliver api_key\.updated from / }))
    await waitFor(() => expect(redelivered).toEqual(['d-1']))
    await within(dialog).findByText('1–10 of 26')
    expect(within(dialog).getByText('Pending')).toBeTruthy()
    expect(toast.success).toHaveBeenCalledWith('Delivery queued again')
  })

  it('sends a test event from the log and shows its delivery', async () => {
    const all: WebhookDelivery[] = []
    let tests = 0
    stubServer({
      'GET /teams/t-1/webhooks/wh-1/deliveries': () => ({ body: { items: all, page: 1, page_size: 10, total: all.length } }),
      'POST /teams/t-1/webhooks/wh-1/test': () => {
        tests += 1
        all.unshift(delivery(0, { status: 'pending', attempts: 0, last_status_code: null, last_duration_ms: null, event_type: 'webhook.test' }))
        return { status: 202, body: all[0] }
      },
    })
    const user = userEvent.setup()
    renderTab(<DeliveryLogDialog teamId="t-1" endpoint={hook} onClose={() => undefined} />)
    const dialog = await screen.findByRole('dialog', { name: 'Delivery log' })
    await within(dialog).findByText('No deliveries yet. Send a test event to see one here.')
    await user.click(within(dialog).getByRole('button', { name: 'Send test event' }))
    await within(dialog).findByText('webhook.test')
    expect(tests).toBe(1)
    expect(within(dialog).getByText('Pending')).toBeTruthy()
    expect(toast.success).toHaveBeenCalledWith('Test event queued')
    expect(within(dialog).getByRole('button', { name: 'Refresh' })).toBeTruthy()
  })
})
