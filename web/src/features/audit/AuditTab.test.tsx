import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useLocation } from 'react-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AuditEvent, Member } from '../../lib/types'
import { stubServer } from '../../test/server'
import { renderTab } from '../../test/tabs'
import { AuditTab } from './AuditTab'

vi.mock('sonner', () => ({ toast: { success: vi.fn(), error: vi.fn() } }))

const members: Member[] = [
  { user_id: 'u-1', name: 'Olivia', email: 'olivia@example.com', role: 'owner', joined_at: '2026-01-01T00:00:00Z' },
  { user_id: 'u-2', name: 'Vera', email: 'vera@example.com', role: 'developer', joined_at: '2026-01-02T00:00:00Z' },
]
const reveal: AuditEvent = {
  id: 'e-1', at: new Date(Date.now() - 3 * 3600_000).toISOString(),
  actor: { type: 'user', id: 'u-1', name: 'Olivia', email: 'olivia@example.com' } as AuditEvent['actor'],
  action: 'api_key.revealed', target_id: 'k-1', ip: '203.0.113.7', user_agent: 'Firefox', details: {},
}
const roleChange: AuditEvent = {
  ...reveal, id: 'e-2', action: 'member.role_changed', target_id: 'u-2', details: { from: 'viewer', to: 'developer' },
}

function Location() {
  return <output data-testid="location">{useLocation().search}</output>
}

function server(pages: (query: URLSearchParams) => AuditEvent[] | 'fail' | 'wait') {
  const asked: URLSearchParams[] = []
  const fetchMock = stubServer({
    'GET /teams/t-1/members': () => ({ body: { items: members } }),
    'GET /teams/t-1/api-keys': () => ({ body: { items: [{ id: 'k-1', description: 'Production GPT' }], page: 1, page_size: 100, total: 1 } }),
    'GET /teams/t-1/service-tokens': () => ({ body: { items: [] } }),
    'GET /api-key-types': () => ({ body: { categories: [], types: [] } }),
  })
  const routes = fetchMock.getMockImplementation()!
  let release: () => void = () => undefined
  fetchMock.mockImplementation(async (input, init) => {
    const url = new URL(String(input), 'http://kw')
    if (url.pathname !== '/api/v1/teams/t-1/audit-events') return routes(input, init)
    asked.push(url.searchParams)
    const answer = pages(url.searchParams)
    if (answer === 'wait') await new Promise<void>((resolve) => (release = resolve))
    if (answer === 'fail') {
      return new Response(JSON.stringify({ title: 'Unavailable', detail: 'The database is not answering.' }), { status: 503 })
    }
    const items = answer === 'wait' ? [roleChange] : answer
    return new Response(JSON.stringify({ items, page: 1, page_size: 25, total: items.length }), { status: 200 })
  })
  return { asked, release: () => release() }
}

afterEach(() => vi.unstubAllGlobals())

// Generous: the shared test machine is slow to render the first time.
describe('AuditTab', { timeout: 20_000 }, () => {
  it('shows skeleton rows, then who did what in a sentence, with the details as a list', async () => {
    server(() => [reveal, roleChange])
    renderTab(<AuditTab teamId="t-1" />)
    expect(screen.getByRole('status', { name: 'Loading the audit log' })).toBeTruthy()
    const sentence = await screen.findByText('Olivia revealed "Production GPT"')
    expect(screen.getByText('Olivia changed the role of Vera to developer')).toBeTruthy()
    const row = sentence.closest('tr')!
    expect([...row.querySelectorAll('td')].map((td) => td.dataset.label)).toEqual(['When', 'Actor', 'What happened'])
    expect(within(row).getByText('olivia@example.com')).toBeTruthy()
    expect(within(row).getByText('3 hours ago').tagName).toBe('TIME')
    expect(sentence.tagName).toBe('SUMMARY')
    const list = row.querySelector('details > dl')!
    expect(list.className).toBe('details-list')
    expect([...list.querySelectorAll('dt')].map((dt) => dt.textContent)).toEqual(['Target id', 'Actor id', 'IP address', 'Browser'])
    expect(row.textContent).toContain('IP address203.0.113.7')
    expect(row.textContent).not.toContain('{')
  })

  it('filters by action and actor, in the URL and on the server, back to page 1', async () => {
    const { asked } = server((query) => (query.get('action') ? [roleChange] : [reveal, roleChange]))
    const user = userEvent.setup()
    renderTab(
      <>
        <AuditTab teamId="t-1" />
        <Location />
      </>,
      '/?page=3',
    )
    await screen.findByText('Olivia revealed "Production GPT"')
    expect(asked.at(-1)?.get('page')).toBe('3')

    await user.click(screen.getByRole('combobox', { name: 'Action' }))
    await user.click(await screen.findByRole('option', { name: 'Role changed' }))
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('?action=member.role_changed'))
    await waitFor(() => expect(screen.queryByText('Olivia revealed "Production GPT"')).toBeNull())
    expect(asked.at(-1)?.get('action')).toBe('member.role_changed')
    expect(asked.at(-1)?.get('page')).toBe('1')

    await user.click(screen.getByRole('combobox', { name: 'Actor' }))
    await user.click(await screen.findByRole('option', { name: 'Vera' }))
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('?action=member.role_changed&actor=u-2'))
    await waitFor(() => expect(asked.at(-1)?.get('actor')).toBe('u-2'))
    expect(asked.at(-1)?.get('action')).toBe('member.role_changed')

    await user.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]!)
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe(''))
  })

  it('keeps the rows on screen under a progress bar while the next filter loads', async () => {
    const control = server((query) => (query.get('action') ? 'wait' : [reveal]))
    const user = userEvent.setup()
    renderTab(<AuditTab teamId="t-1" />)
    await screen.findByText('Olivia revealed "Production GPT"')
    await user.click(screen.getByRole('combobox', { name: 'Action' }))
    await user.click(await screen.findByRole('option', { name: 'Role changed' }))
    expect(await screen.findByRole('progressbar', { name: 'Loading the audit log' })).toBeTruthy()
    expect(screen.getByText('Olivia revealed "Production GPT"')).toBeTruthy()
    control.release()
    await screen.findByText('Olivia changed the role of Vera to developer')
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull())
  })

  it('names what failed and retries', async () => {
    let fail = true
    server(() => (fail ? 'fail' : [reveal]))
    const user = userEvent.setup()
    renderTab(<AuditTab teamId="t-1" />)
    const message = await screen.findByText('The audit log could not be loaded: The database is not answering.')
    fail = false
    await user.click(within(message.closest('[role="alert"]') as HTMLElement).getByRole('button', { name: 'Retry' }))
    expect(await screen.findByText('Olivia revealed "Production GPT"')).toBeTruthy()
  })
})
