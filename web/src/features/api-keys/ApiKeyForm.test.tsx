import { fireEvent, render, screen } from '@testing-library/react'
import userEvent, { type UserEvent } from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../lib/api'
import type { Catalogue } from '../../lib/types'
import { ApiKeyForm } from './ApiKeyForm'

// The type is a Radix Select: open it and pick the option by name.
async function chooseType(user: UserEvent, name: string) {
  await user.click(screen.getByRole('combobox', { name: 'Type' }))
  await user.click(await screen.findByRole('option', { name }))
}

const catalogue: Catalogue = {
  categories: [
    { id: 'ai', name: 'AI/ML Services' },
    { id: 'search', name: 'Search and Discovery' },
  ],
  types: [
    { id: 'openai', name: 'OpenAI', category: 'ai', description: '', key_prefix: 'sk-', key_url: 'https://platform.openai.com/api-keys', verifiable: true },
    { id: 'exa', name: 'Exa', category: 'search', description: '', key_prefix: null, key_url: null, verifiable: false },
  ],
}

describe('ApiKeyForm', () => {
  it('groups the types by category', async () => {
    const user = userEvent.setup()
    render(<ApiKeyForm catalogue={catalogue} submitLabel="Save" onSubmit={vi.fn()} onCancel={vi.fn()} />)
    await user.click(screen.getByRole('combobox', { name: 'Type' }))
    expect(await screen.findByRole('group', { name: 'AI/ML Services' })).toBeTruthy()
    expect(screen.getByRole('group', { name: 'Search and Discovery' })).toBeTruthy()
  })

  it("says what the provider's keys look like and where to get one", async () => {
    const user = userEvent.setup()
    render(<ApiKeyForm catalogue={catalogue} submitLabel="Save" onSubmit={vi.fn()} onCancel={vi.fn()} />)
    await chooseType(user, 'OpenAI')
    expect(screen.getByText('sk-').closest('p')?.textContent).toContain('OpenAI keys start with sk-.')
    expect(screen.getByRole('link', { name: /platform\.openai\.com/ }).getAttribute('href')).toBe('https://platform.openai.com/api-keys')
    await chooseType(user, 'Exa')
    expect(screen.getByText('keyward cannot check this type with its provider.', { exact: false })).toBeTruthy()
  })

  it('trims spaces pasted around a key and says so, instead of refusing it unseen', async () => {
    const user = userEvent.setup()
    const onSubmit = vi.fn().mockResolvedValue(undefined)
    render(<ApiKeyForm catalogue={catalogue} submitLabel="Save" onSubmit={onSubmit} onCancel={vi.fn()} />)
    await chooseType(user, 'OpenAI')
    await user.type(screen.getByLabelText('Description'), 'Pasted')
    screen.getByLabelText('Key').focus()
    await user.paste(' sk-pasted-0001 \n')
    expect(screen.getByLabelText('Key')).toHaveProperty('value', 'sk-pasted-0001')
    expect(screen.getByText('Removed the spaces around the pasted key.')).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(onSubmit).toHaveBeenCalledWith({ type: 'openai', description: 'Pasted', key: 'sk-pasted-0001', is_default: false, labels: [], expires_on: '', rotate_every_days: '', base_url: '' }, false)
  })

  it('shows and hides the key with a button the keyboard reaches', async () => {
    const user = userEvent.setup()
    render(<ApiKeyForm catalogue={catalogue} submitLabel="Save" onSubmit={vi.fn()} onCancel={vi.fn()} />)
    screen.getByLabelText('Key').focus()
    await user.tab()
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Show key' }))
    await user.keyboard('{Enter}')
    expect(screen.getByLabelText('Key').getAttribute('type')).toBe('text')
    expect(screen.getByRole('button', { name: 'Hide key' }).getAttribute('aria-pressed')).toBe('true')
  })

  it('"Save and test" saves and asks for a test', async () => {
    const user = userEvent.setup()
    const onSubmit = vi.fn().mockResolvedValue(undefined)
    render(<ApiKeyForm catalogue={catalogue} submitLabel="Save" onSubmit={onSubmit} onCancel={vi.fn()} />)
    await chooseType(user, 'OpenAI')
    await user.type(screen.getByLabelText('Description'), 'Tested')
    await user.type(screen.getByLabelText('Key'), 'sk-tested-0001')
    await user.click(screen.getByRole('button', { name: 'Save and test' }))
    expect(onSubmit).toHaveBeenCalledWith({ type: 'openai', description: 'Tested', key: 'sk-tested-0001', is_default: false, labels: [], expires_on: '', rotate_every_days: '', base_url: '' }, true)
  })

  it('puts server field errors beside their fields and keeps what was typed', async () => {
    const user = userEvent.setup()
    const onSubmit = vi.fn().mockRejectedValue(
      new ApiError(422, 'Invalid fields', 'Some fields are invalid.', [
        { field: 'description', message: 'Description must be at most 200 characters' },
      ]),
    )
    render(<ApiKeyForm catalogue={catalogue} submitLabel="Save" onSubmit={onSubmit} onCancel={vi.fn()} />)
    await chooseType(user, 'Exa')
    await user.type(screen.getByLabelText('Description'), 'Search key')
    await user.type(screen.getByLabelText('Key'), 'exa-secret-123')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByText('Description must be at most 200 characters')).toBeTruthy()
    expect(screen.getByLabelText('Description')).toHaveProperty('value', 'Search key')
    expect(screen.getByLabelText('Key')).toHaveProperty('value', 'exa-secret-123')
    expect(screen.getByLabelText('Description').getAttribute('aria-invalid')).toBe('true')
  })

  it('shows a duplicate (409) on the key field', async () => {
    const user = userEvent.setup()
    const onSubmit = vi
      .fn()
      .mockRejectedValue(new ApiError(409, 'Conflict', 'This key is already stored in this team as "Prod".'))
    render(<ApiKeyForm catalogue={catalogue} submitLabel="Save" onSubmit={onSubmit} onCancel={vi.fn()} />)
    await chooseType(user, 'OpenAI')
    await user.type(screen.getByLabelText('Description'), 'Copy')
    await user.type(screen.getByLabelText('Key'), 'sk-same')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByText('This key is already stored in this team as "Prod".')).toBeTruthy()
  })

  it('lets an edit keep the current key', async () => {
    const user = userEvent.setup()
    const onSubmit = vi.fn().mockResolvedValue(undefined)
    render(
      <ApiKeyForm
        catalogue={catalogue}
        existing={{
          id: 'k', team_id: 't', type: 'openai', description: 'Prod', key_hint: 'sk-…1234',
          fingerprint: 'f', version: 1, secret_version: 1, is_default: false, created_at: '', updated_at: '',
          created_by: '', last_used_at: null, verify_status: null, verified_at: null, labels: [],
          expires_at: null, rotate_every_days: null, rotation_due_at: null, disabled_at: null, disabled_reason: null, base_url: null, lifecycle_status: 'ok',
        }}
        submitLabel="Update"
        onSubmit={onSubmit}
        onCancel={vi.fn()}
      />,
    )
    expect(screen.getByLabelText('Key').getAttribute('placeholder')).toBe('Leave blank to keep sk-…1234')
    await user.click(screen.getByRole('button', { name: 'Update' }))
    expect(onSubmit).toHaveBeenCalledWith({ type: 'openai', description: 'Prod', key: '', is_default: false, labels: [], expires_on: '', rotate_every_days: '', base_url: '' }, false)
  })

  it('sends the labels typed as chips, and shows a server error on labels beside them', async () => {
    const user = userEvent.setup()
    const onSubmit = vi
      .fn()
      .mockRejectedValueOnce(new ApiError(422, 'Unprocessable', 'Invalid fields', [{ field: 'labels', message: 'At most 10 labels are allowed' }]))
      .mockResolvedValue(undefined)
    render(<ApiKeyForm catalogue={catalogue} submitLabel="Save" onSubmit={onSubmit} onCancel={vi.fn()} />)
    await chooseType(user, 'OpenAI')
    await user.type(screen.getByLabelText('Description'), 'Labelled')
    await user.type(screen.getByLabelText('Key'), 'sk-labelled-0001')
    await user.type(screen.getByRole('textbox', { name: 'Labels' }), 'team:search,env:prod{Enter}')
    expect(screen.getByRole('button', { name: 'Remove label env:prod' })).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(onSubmit).toHaveBeenCalledWith(
      { type: 'openai', description: 'Labelled', key: 'sk-labelled-0001', is_default: false, labels: ['env:prod', 'team:search'], expires_on: '', rotate_every_days: '', base_url: '' },
      false,
    )
    expect(await screen.findByText('At most 10 labels are allowed')).toBeTruthy()
    expect(screen.getByRole('textbox', { name: 'Labels' }).getAttribute('aria-invalid')).toBe('true')
  })

  it('takes an expiry date and a rotation period, with the team period as the hint', async () => {
    const user = userEvent.setup()
    const onSubmit = vi.fn().mockResolvedValue(undefined)
    render(<ApiKeyForm catalogue={catalogue} teamRotateEveryDays={90} submitLabel="Save" onSubmit={onSubmit} onCancel={vi.fn()} />)
    expect(screen.getByText("Empty: the team's period, every 90 days.")).toBeTruthy()
    expect(screen.getByText('Empty: never expires.')).toBeTruthy()
    await chooseType(user, 'Exa')
    await user.type(screen.getByLabelText('Description'), 'Expiring')
    await user.type(screen.getByLabelText('Key'), 'exa-expiring-0001')
    fireEvent.change(screen.getByLabelText('Expires'), { target: { value: '2027-01-31' } })
    await user.type(screen.getByLabelText('Rotate every (days)'), '0')
    expect(await screen.findByText("Rotate every 1 to 3650 days, or leave it empty for the team's period")).toBeTruthy()
    await user.clear(screen.getByLabelText('Rotate every (days)'))
    await user.type(screen.getByLabelText('Rotate every (days)'), '30')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ expires_on: '2027-01-31', rotate_every_days: '30' }), false)
    await user.click(screen.getByRole('button', { name: 'Never (clear the expiry date)' }))
    expect(screen.getByLabelText('Expires')).toHaveProperty('value', '')
  })

  it('puts server errors on expires_at and rotate_every_days beside those fields', async () => {
    const user = userEvent.setup()
    const onSubmit = vi.fn().mockRejectedValue(
      new ApiError(422, 'Invalid fields', 'Some fields are invalid.', [
        { field: 'expires_at', message: 'Expiry must be an RFC 3339 date-time or null' },
        { field: 'rotate_every_days', message: "Rotate every 1 to 3650 days, or null for the team's period" },
      ]),
    )
    render(<ApiKeyForm catalogue={catalogue} submitLabel="Save" onSubmit={onSubmit} onCancel={vi.fn()} />)
    expect(screen.getByText('Empty: no reminder (the team has no rotation period).')).toBeTruthy()
    await chooseType(user, 'Exa')
    await user.type(screen.getByLabelText('Description'), 'Search key')
    await user.type(screen.getByLabelText('Key'), 'exa-secret-123')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByText('Expiry must be an RFC 3339 date-time or null')).toBeTruthy()
    expect(screen.getByLabelText('Expires').getAttribute('aria-invalid')).toBe('true')
    expect(screen.getByText("Rotate every 1 to 3650 days, or null for the team's period")).toBeTruthy()
    expect(screen.getByLabelText('Rotate every (days)').getAttribute('aria-invalid')).toBe('true')
  })
})
