import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MemoryRouter, Route, Routes } from 'react-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { renderWithClient } from '../test/render'
import { stubServer } from '../test/server'
import { LoginPage } from './LoginPage'

vi.mock('sonner', () => ({ toast: { success: vi.fn(), error: vi.fn() } }))

const password = 'correct horse battery 42'

afterEach(() => vi.unstubAllGlobals())

// Generous: the shared test machine is slow to render the first time.
describe('LoginPage', { timeout: 20_000 }, () => {
  it('signs in, opens the app, and keeps the password nowhere once the page is gone', async () => {
    stubServer({
      'POST /session': () => ({ status: 201, body: { user: { id: 'u-1', email: 'o@example.com', name: 'O' }, csrf_token: 'c' } }),
      'GET /me': () => ({ status: 401, body: { title: 'Unauthorized' } }),
    })
    const user = userEvent.setup()
    const { client } = renderWithClient(
      <MemoryRouter initialEntries={['/login']}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/" element={<p>Signed in</p>} />
        </Routes>
      </MemoryRouter>,
    )
    await user.type(screen.getByLabelText('Email'), 'o@example.com')
    await user.type(screen.getByLabelText('Password'), password)
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByText('Signed in', {}, { timeout: 10_000 })).toBeTruthy()
    const cached = () => JSON.stringify(client.getMutationCache().getAll().map((m) => m.state))
    await vi.waitFor(() => expect(cached()).not.toContain(password))
  })
})
