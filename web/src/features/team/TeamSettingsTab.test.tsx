import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { TeamMembership } from '../../lib/types'
import { stubServer } from '../../test/server'
import { renderTab } from '../../test/tabs'
import { TeamSettingsTab } from './TeamSettingsTab'

vi.mock('sonner', () => ({ toast: { success: vi.fn(), error: vi.fn(), warning: vi.fn() } }))

const team = {
  id: 't-1', name: 'Acme', role: 'owner', permissions: ['team:manage'], created_at: '', secret_versions_kept: 10,
  rotate_every_days: null, expiry_warning_days: 14, expired_key_policy: 'warn', reverify_every_days: null, gateway_disable_after: 3,
} as TeamMembership

afterEach(() => vi.unstubAllGlobals())

describe('TeamSettingsTab', { timeout: 20_000 }, () => {
  it('shows the settings and saves only what changed', async () => {
    let body: unknown
    stubServer({ 'PATCH /teams/t-1': (sent) => ((body = sent), { body: { ...team, rotate_every_days: 90 } }) })
    const user = userEvent.setup()
    renderTab(<TeamSettingsTab team={team} />)
    expect(screen.getByLabelText('Warn before a key expires (days)')).toHaveProperty('value', '14')
    expect(screen.getByRole('button', { name: 'Save team settings' })).toHaveProperty('disabled', true)
    await user.type(screen.getByLabelText('Rotate keys every (days)'), '90')
    await user.click(screen.getByRole('button', { name: 'Save team settings' }))
    await waitFor(() => expect(body).toEqual({ rotate_every_days: 90 }))
  })

  it('turns the providers re-check on and off', async () => {
    const sent: unknown[] = []
    stubServer({ 'PATCH /teams/t-1': (body) => (sent.push(body), { body: { ...team, reverify_every_days: 30 } }) })
    const user = userEvent.setup()
    renderTab(<TeamSettingsTab team={team} />)
    await user.type(screen.getByLabelText('Check keys with their providers every (days)'), '400')
    expect(await screen.findByText('Check keys every 1 to 365 days, or leave it empty for never')).toBeTruthy()
    await user.clear(screen.getByLabelText('Check keys with their providers every (days)'))
    await user.type(screen.getByLabelText('Check keys with their providers every (days)'), '30')
    await user.click(screen.getByRole('button', { name: 'Save team settings' }))
    await waitFor(() => expect(sent).toEqual([{ reverify_every_days: 30 }]))
  })

  it('sets how many rejections in a row disable a key in the gateway', async () => {
    const sent: unknown[] = []
    stubServer({ 'PATCH /teams/t-1': (body) => (sent.push(body), { body: { ...team, gateway_disable_after: 5 } }) })
    const user = userEvent.setup()
    renderTab(<TeamSettingsTab team={team} />)
    const streak = screen.getByLabelText('Disable a key after this many rejections in a row')
    expect((streak as HTMLInputElement).value).toBe('3')
    await user.clear(streak)
    await user.type(streak, '0')
    expect(await screen.findByText('Disable a key after 1 to 100 rejections in a row')).toBeTruthy()
    await user.clear(streak)
    await user.type(streak, '5')
    await user.click(screen.getByRole('button', { name: 'Save team settings' }))
    await waitFor(() => expect(sent).toEqual([{ gateway_disable_after: 5 }]))
  })

  it('checks the ranges and puts server field errors beside their fields', async () => {
    stubServer({
      'PATCH /teams/t-1': () => ({
        status: 422,
        body: { title: 'Invalid fields', detail: 'Some fields are invalid.', errors: [{ field: 'secret_versions_kept', message: 'Keep 1 to 100 versions' }] },
      }),
    })
    const user = userEvent.setup()
    renderTab(<TeamSettingsTab team={team} />)
    await user.clear(screen.getByLabelText('Warn before a key expires (days)'))
    await user.type(screen.getByLabelText('Warn before a key expires (days)'), '400')
    expect(await screen.findByText('Warn 1 to 365 days before a key expires')).toBeTruthy()
    await user.clear(screen.getByLabelText('Warn before a key expires (days)'))
    await user.type(screen.getByLabelText('Warn before a key expires (days)'), '7')
    await user.clear(screen.getByLabelText('Secret versions kept per key'))
    await user.type(screen.getByLabelText('Secret versions kept per key'), '5')
    await user.click(screen.getByRole('button', { name: 'Save team settings' }))
    expect(await screen.findByText('Keep 1 to 100 versions')).toBeTruthy()
    expect(screen.getByLabelText('Secret versions kept per key').getAttribute('aria-invalid')).toBe('true')
  })
})
