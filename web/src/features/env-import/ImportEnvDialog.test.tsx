import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Catalogue } from '../../lib/types'
import { stubServer } from '../../test/server'
import { renderTab } from '../../test/tabs'
import { ImportEnvDialog } from './ImportEnvDialog'

const catalogue: Catalogue = {
  categories: [{ id: 'ai', name: 'AI/ML Services' }],
  types: [
    { id: 'openai', name: 'OpenAI', category: 'ai', description: '', key_prefix: 'sk-', key_url: null, verifiable: true },
    { id: 'exa', name: 'Exa', category: 'search', description: '', key_prefix: '', key_url: null, verifiable: true },
  ],
}

afterEach(() => vi.unstubAllGlobals())

describe('ImportEnvDialog', { timeout: 20_000 }, () => {
  it('reviews the mapping, creates the chosen keys one by one and reports held ones as skipped', async () => {
    const sent: unknown[] = []
    stubServer({
      'POST /teams/t-1/api-keys': (body) => {
        sent.push(body)
        const held = (body as { key: string }).key === 'sk-held-000000000001'
        return held ? { status: 409, body: { title: 'Conflict', detail: 'The team already holds this key' } } : { status: 201, body: {} }
      },
    })
    const user = userEvent.setup()
    const onClose = vi.fn()
    renderTab(<ImportEnvDialog teamId="t-1" catalogue={catalogue} open onClose={onClose} />)
    const box = screen.getByLabelText('Paste a .env file or drop one here')
    await user.click(box)
    await user.paste('OPENAI_API_KEY=sk-held-000000000001\nSEARCH=exa-new-00000000000002\nPORT=8080\n')
    await user.click(screen.getByRole('button', { name: 'Review' }))

    // Values show as hints, never whole; an unknown name waits for a type.
    expect(document.body.textContent).not.toContain('exa-new-00000000000002')
    expect(screen.getByRole('button', { name: 'Import 1 key' })).toBeTruthy()
    await user.selectOptions(screen.getByLabelText('Type of SEARCH'), 'exa')
    await user.click(screen.getByRole('button', { name: 'Import 2 keys' }))

    expect(await screen.findByText('1 created, 2 skipped, 0 failed')).toBeTruthy()
    expect(sent).toEqual([
      { type: 'openai', description: 'OPENAI_API_KEY', key: 'sk-held-000000000001' },
      { type: 'exa', description: 'SEARCH', key: 'exa-new-00000000000002' },
    ])
    expect(screen.getByText(/The team already holds this key/)).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Done' }))
    expect(onClose).toHaveBeenCalled()
  })
})
