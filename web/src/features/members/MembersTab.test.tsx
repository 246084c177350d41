import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Member, PendingInvitation, TeamMembership } from '../../lib/types'
import { stubServer } from '../../test/server'
import { renderTab } from '../../test/tabs'
import { MembersTab } from './MembersTab'

vi.mock('sonner', () => ({ toast: { success: vi.fn(), error: vi.fn() } }))

const admin = {
  id: 't-1', name: 'Acme', role: 'admin', permissions: ['members:read', 'members:manage'],
} as TeamMembership
const viewer = { id: 't-1', name: 'Acme', role: 'viewer', permissions: ['members:read'] } as TeamMembership
const hour = 3600_000
const members: Member[] = [
  { user_id: 'u-1', name: 'Olive Owner', email: 'olive@example.com', role: 'owner', joined_at: new Date(Date.now() - 50 * hour).toISOString() },
  { user_id: 'u-2', name: 'Adam Admin', email: 'adam@example.com', role: 'admin', joined_at: new Date(Date.now() - 3 * hour).toISOString() },
  { user_id: 'u-3', name: 'Vera Viewer', email: 'vera@example.com', role: 'viewer', joined_at: new Date(Date.now() - 2 * hour).toISOString() },
]
const invitations: PendingInvitation[] = [
  { id: 'i-1', email: 'pat@example.com', role: 'developer', invited_by: 'u-2', created_at: new Date().toISOString(), expires_at: new Date(Date.now() + 48 * hour).toISOString() },
  { id: 'i-2', email: 'gone@example.com', role: 'viewer', invited_by: 'u-9', created_at: new Date().toISOString(), expires_at: new Date(Date.now() + 48 * hour).toISOString() },
]

afterEach(() => vi.unstubAllGlobals())

// Generous: the shared test machine is slow to render the first time.
describe('MembersTab', { timeout: 20_000 }, () => {
  it('shows skeleton rows until the members arrive, then a table with a label on each cell', async () => {
    let answer: (value: void) => void = () => undefined
    const arrived = new Promise<void>((resolve) => (answer = resolve))
    const fetchMock = stubServer({
      'GET /teams/t-1/members': () => ({ body: { items: members } }),
      'GET /teams/t-1/invitations': () => ({ body: { items: [] } }),
    })
    const real = fetchMock.getMockImplementation()!
    fetchMock.mockImplementation(async (...args) => {
      await arrived
      return real(...args)
    })
    renderTab(<MembersTab team={viewer} />)
    expect(screen.getByRole('status', { name: 'Loading the members' })).toBeTruthy()
    answer()
    const row = (await screen.findByRole('cell', { name: 'Vera Viewer' })).closest('tr')!
    expect(screen.queryByRole('status', { name: 'Loading the members' })).toBeNull()
    expect([...row.querySelectorAll('td')].map((td) => td.dataset.label)).toEqual(['Name', 'Email', 'Role', 'Joined'])
    expect(row.closest('table')?.className).toContain('cards-on-phone')
    expect(row.closest('.table-box')).toBeTruthy()
    expect(within(row).getByText('2 hours ago').tagName).toBe('TIME')
    expect(within(row).getByText('viewer')).toBeTruthy()  // a viewer sees roles, changes none
    expect(screen.queryByRole('combobox')).toBeNull()
  })

  it("offers only the roles an admin may give, and never an owner's role", async () => {
    stubServer({
      'GET /teams/t-1/members': () => ({ body: { items: members } }),
      'GET /teams/t-1/invitations': () => ({ body: { items: [] } }),
    })
    const user = userEvent.setup()
    renderTab(<MembersTab team={admin} />)
    const role = await screen.findByRole('combobox', { name: 'Role of Vera Viewer' })
    expect(screen.queryByRole('combobox', { name: 'Role of Olive Owner' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Remove Olive Owner' })).toBeNull()
    await user.click(role)
    const options = (await screen.findAllByRole('option')).map((option) => option.textContent)
    expect(options).toEqual(['admin', 'developer', 'viewer'])
  })

  it('changes a role with the select', async () => {
    const changed: unknown[] = []
    stubServer({
      'GET /teams/t-1/members': () => ({ body: { items: members } }),
      'GET /teams/t-1/invitations': () => ({ body: { items: [] } }),
      'PATCH /teams/t-1/members/u-3': (body) => {
        changed.push(body)
        return { body: { ...members[2], role: 'developer' } }
      },
    })
    const user = userEvent.setup()
    renderTab(<MembersTab team={admin} />)
    await user.click(await screen.findByRole('combobox', { name: 'Role of Vera Viewer' }))
    await user.click(await screen.findByRole('option', { name: 'developer' }))
    await waitFor(() => expect(changed).toEqual([{ role: 'developer' }]))
  })

  it('lists pending invitations with the name of who invited', async () => {
    stubServer({
      'GET /teams/t-1/members': () => ({ body: { items: members } }),
      'GET /teams/t-1/invitations': () => ({ body: { items: invitations } }),
    })
    renderTab(<MembersTab team={admin} />)
    const table = await screen.findByRole('table', { name: 'Pending invitations' })
    const pat = within(table).getByRole('cell', { name: 'pat@example.com' }).closest('tr')!
    expect(within(pat).getByRole('cell', { name: 'Adam Admin' }).dataset.label).toBe('Invited by')
    expect(within(pat).getByText('in 2 days')).toBeTruthy()
    const gone = within(table).getByRole('cell', { name: 'gone@example.com' }).closest('tr')!
    expect(within(gone).getByRole('cell', { name: 'a former member' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Revoke the invitation of pat@example.com' })).toBeTruthy()
  })

  it('names what failed and retries', async () => {
    let fail = true
    stubServer({
      'GET /teams/t-1/members': () =>
        fail ? { status: 503, body: { title: 'Unavailable', detail: 'The database is not answering.' } } : { body: { items: members } },
      'GET /teams/t-1/invitations': () => ({ status: 503, body: { title: 'Unavailable', detail: 'The database is not answering.' } }),
    })
    const user = userEvent.setup()
    renderTab(<MembersTab team={admin} />)
    await waitFor(() =>
      expect(screen.getAllByRole('alert').map((alert) => alert.textContent)).toEqual(
        expect.arrayContaining([
          expect.stringContaining('The members could not be loaded: The database is not answering.'),
          expect.stringContaining('The pending invitations could not be loaded: The database is not answering.'),
        ]),
      ),
    )
    fail = false
    const membersAlert = screen.getAllByRole('alert').find((alert) => alert.textContent?.includes('The members'))!
    await user.click(within(membersAlert).getByRole('button', { name: 'Retry' }))
    expect(await screen.findByRole('cell', { name: 'Vera Viewer' })).toBeTruthy()
  })
})
