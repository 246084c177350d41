import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { TeamMembership } from '../../lib/types'
import { renderWithClient } from '../../test/render'
import { stubServer } from '../../test/server'
import { InviteForm } from './InviteForm'

vi.mock('sonner', () => ({ toast: { success: vi.fn(), error: vi.fn() } }))

const team = { id: 't-1', name: 'Acme', role: 'admin', permissions: ['members:read', 'members:manage'] } as TeamMembership

afterEach(() => vi.unstubAllGlobals())

// Generous: the shared test machine is slow to render the first time.
describe('InviteForm', { timeout: 20_000 }, () => {
  it('checks the email beside the field before asking the server', async () => {
    const fetchMock = stubServer({})
    const user = userEvent.setup()
    renderWithClient(<InviteForm team={team} />)
    await user.type(screen.getByLabelText('Email'), 'not an address')
    await user.click(screen.getByRole('button', { name: 'Invite' }))
    expect(await screen.findByText('Enter a valid email address')).toBeTruthy()
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true')
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('offers only the roles this member may give', () => {
    stubServer({})
    renderWithClient(<InviteForm team={team} />)
    const options = [...screen.getByLabelText<HTMLSelectElement>('Role').options].map((o) => o.value)
    expect(options).toEqual(['admin', 'developer', 'viewer'])
  })

  it('puts server field errors beside their fields and keeps what was typed', async () => {
    stubServer({
      'POST /teams/t-1/invitations': () => ({
        status: 422,
        body: { title: 'Invalid fields', detail: 'Some fields are invalid.', errors: [{ field: 'email', message: 'Enter the email address in plain letters (a domain with accents in its xn-- form)' }] },
      }),
    })
    const user = userEvent.setup()
    renderWithClient(<InviteForm team={team} />)
    await user.type(screen.getByLabelText('Email'), 'pat@example.com')
    await user.click(screen.getByRole('button', { name: 'Invite' }))
    expect(await screen.findByText('Enter the email address in plain letters', { exact: false })).toBeTruthy()
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true')
    expect(screen.getByLabelText('Email')).toHaveProperty('value', 'pat@example.com')
  })

  it('shows the new link once and empties the email', async () => {
    stubServer({
      'POST /teams/t-1/invitations': (body) => ({
        status: 201,
        body: { id: 'i-1', ...(body as object), token: 'tok', url: 'http://kw/invitations/accept#token=tok', expires_at: '2026-12-11T00:00:00Z' },
      }),
      'GET /teams/t-1/members': () => ({ body: { items: [] } }),
      'GET /teams/t-1/invitations': () => ({ body: { items: [] } }),
    })
    const user = userEvent.setup()
    renderWithClient(<InviteForm team={team} />)
    await user.type(screen.getByLabelText('Email'), 'pat@example.com')
    await user.selectOptions(screen.getByLabelText('Role'), 'viewer')
    await user.click(screen.getByRole('button', { name: 'Invite' }))
    const notice = await screen.findByRole('status')
    expect(notice.textContent).toContain('Send this link to pat@example.com (viewer)')
    expect(notice.querySelector('code')?.textContent).toBe('http://kw/invitations/accept#token=tok')
    expect(screen.getByRole('button', { name: 'Copy link' })).toBeTruthy()
    expect(screen.getByLabelText('Email')).toHaveProperty('value', '')
  })

  it('keeps the link nowhere once the form is gone', async () => {
    stubServer({
      'POST /teams/t-1/invitations': (body) => ({
        status: 201,
        body: { id: 'i-1', ...(body as object), token: 'tok-gone', url: 'http://kw/invitations/accept#token=tok-gone', expires_at: '2026-12-11T00:00:00Z' },
      }),
      'GET /teams/t-1/members': () => ({ body: { items: [] } }),
      'GET /teams/t-1/invitations': () => ({ body: { items: [] } }),
    })
    const user = userEvent.setup()
    const { client, unmount } = renderWithClient(<InviteForm team={team} />)
    await user.type(screen.getByLabelText('Email'), 'pat@example.com')
    await user.click(screen.getByRole('button', { name: 'Invite' }))
    await screen.findByRole('status')
    const cached = () => JSON.stringify(client.getMutationCache().getAll().map((m) => m.state))
    expect(cached()).toContain('tok-gone')
    unmount()
    await vi.waitFor(() => expect(cached()).not.toContain('tok-gone'))
  })
})
