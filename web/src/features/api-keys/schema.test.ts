import { describe, expect, it } from 'vitest'
import { apiKeySchema } from './schema'

describe('apiKeySchema', () => {
  const create = apiKeySchema(['openai', 'anthropic'], true)
  const edit = apiKeySchema(['openai', 'anthropic'], false)

  it('gives the messages the server gives', () => {
    const result = create.safeParse({ type: '', description: '  ', key: '', is_default: false, labels: [] })
    expect(result.success).toBe(false)
    const messages = Object.fromEntries(
      (result.error?.issues ?? []).map((issue) => [String(issue.path[0]), issue.message]),
    )
    expect(messages).toEqual({
      type: 'Select a valid API provider type',
      description: 'Description is required',
      key: 'Key is required',
    })
  })

  it('lets an edit keep the current key with a blank field', () => {
    expect(edit.safeParse({ type: 'openai', description: 'x', key: '', is_default: false, labels: [] }).success).toBe(true)
  })

  it('asks for the key again when an edit changes the type', () => {
    const editOpenai = apiKeySchema(['openai', 'anthropic'], false, 'openai')
    const moved = editOpenai.safeParse({ type: 'anthropic', description: 'x', key: '', is_default: false, labels: [] })
    expect(moved.success).toBe(false)
    expect(moved.error?.issues[0]?.path).toEqual(['key'])
    expect(moved.error?.issues[0]?.message).toBe('Enter the key again to change its type')
    expect(
      editOpenai.safeParse({ type: 'anthropic', description: 'x', key: 'sk-ant-new', is_default: false, labels: [] }).success,
    ).toBe(true)
    expect(editOpenai.safeParse({ type: 'openai', description: 'x', key: '', is_default: false, labels: [] }).success).toBe(true)
  })

  it('refuses keys with spaces', () => {
    expect(create.safeParse({ type: 'openai', description: 'x', key: 'a b', is_default: false, labels: [] }).success).toBe(false)
  })

  it('trims descriptions', () => {
    const parsed = create.parse({ type: 'openai', description: '  Prod  ', key: 'k', is_default: false, labels: [] })
    expect(parsed.description).toBe('Prod')
  })

  it('refuses more than 10 labels or an invalid one, with the messages the server uses', () => {
    const labels = (list: string[]) => create.safeParse({ type: 'openai', description: 'x', key: 'k', is_default: false, labels: list })
    expect(labels(['env:prod', 'team:search']).success).toBe(true)
    expect(labels('abcdefghijk'.split('')).error?.issues[0]?.message).toBe('At most 10 labels are allowed')
    expect(labels(['env prod']).error?.issues[0]?.message).toBe('A label may contain only letters, digits and . _ : / - (no spaces)')
  })
})
