import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../lib/api'
import type { Catalogue } from '../../lib/types'
import { ApiKeyForm } from './ApiKeyForm'

const catalogue: Catalogue = {
  categories: [
    { id: 'ai', name: 'AI/ML Services' },
    { id: 'search', name: 'Search and Discovery' },
  ],
  types: [
    { id: 'openai', name: 'OpenAI', category: 'ai', description: '', key_prefix: 'sk-', verifiable: true },
    { id: 'exa', name: 'Exa', category: 'search', description: '', key_prefix: null, verifiable: false },
  ],
}

describe('ApiKeyForm', () => {
  it('groups the types by category', () => {
    render(<ApiKeyForm catalogue={catalogue} submitLabel="Save" onSubmit={vi.fn()} onCancel={vi.fn()} />)
    expect(screen.getByRole('group', { name: 'AI/ML Services' })).toBeTruthy()
    expect(screen.getByRole('group', { name: 'Search and Discovery' })).toBeTruthy()
  })

  it('puts server field errors beside their fields and keeps what was typed', async () => {
    const user = userEvent.setup()
    const onSubmit = vi.fn().mockRejectedValue(
      new ApiError(422, 'Invalid fields', 'Some fields are invalid.', [
        { field: 'description', message: 'Description must be at most 200 characters' },
      ]),
    )
    render(<ApiKeyForm catalogue={catalogue} submitLabel="Save" onSubmit={onSubmit} onCancel={vi.fn()} />)
    await user.selectOptions(screen.getByLabelText('Type'), 'exa')
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
    await user.selectOptions(screen.getByLabelText('Type'), 'openai')
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
          fingerprint: 'f', version: 1, is_default: false, created_at: '', updated_at: '',
          created_by: '', last_used_at: null, verify_status: null, verified_at: null,
        }}
        submitLabel="Update"
        onSubmit={onSubmit}
        onCancel={vi.fn()}
      />,
    )
    expect(screen.getByLabelText('Key').getAttribute('placeholder')).toBe('Leave blank to keep sk-…1234')
    await user.click(screen.getByRole('button', { name: 'Update' }))
    expect(onSubmit).toHaveBeenCalledWith({ type: 'openai', description: 'Prod', key: '', is_default: false })
  })
})
