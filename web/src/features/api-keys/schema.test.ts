import { describe, expect, it } from 'vitest'
import { apiKeySchema } from './schema'

describe('apiKeySchema', () => {
  const create = apiKeySchema(['openai', 'anthropic'], true)
  const edit = apiKeySchema(['openai', 'anthropic'], false)

  it('gives the messages the server gives', () => {
    const result = create.safeParse({ type: '', description: '  ', key: '', is_default: false, labels: [], expires_on: '', rotate_every_days: '' })
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
    expect(edit.safeParse({ type: 'openai', description: 'x', key: '', is_default: false, labels: [], expires_on: '', rotate_every_days: '' }).success).toBe(true)
  })

  it('asks for the key again when an edit changes the type', () => {
    const editOpenai = apiKeySchema(['openai', 'anthropic'], false, 'openai')
    const moved = editOpenai.safeParse({ type: 'anthropic', description: 'x', key: '', is_default: false, labels: [], expires_on: '', rotate_every_days: '' })
    expect(moved.success).toBe(false)
    expect(moved.error?.issues[0]?.path).toEqual(['key'])
    expect(moved.error?.issues[0]?.message).toBe('Enter the key again to change its type')
    expect(
      editOpenai.safeParse({ type: 'anthropic', description: 'x', key: 'sk-ant-new', is_default: false, labels: [], expires_on: '', rotate_every_days: '' }).success,
    ).toBe(true)
    expect(editOpenai.safeParse({ type: 'openai', description: 'x', key: '', is_default: false, labels: [], expires_on: '', rotate_every_days: '' }).success).toBe(true)
  })

  it('refuses keys with spaces', () => {
    expect(create.safeParse({ type: 'openai', description: 'x', key: 'a b', is_default: false, labels: [], expires_on: '', rotate_every_days: '' }).success).toBe(false)
  })

  it('trims descriptions', () => {
    const parsed = create.parse({ type: 'openai', description: '  Prod  ', key: 'k', is_default: false, labels: [], expires_on: '', rotate_every_days: '' })
    expect(parsed.description).toBe('Prod')
  })

  it('refuses more than 10 labels or an invalid one, with the messages the server uses', () => {
    const labels = (list: string[]) => create.safeParse({ type: 'openai', description: 'x', key: 'k', is_default: false, labels: list, expires_on: '', rotate_every_days: '' })
    expect(labels(['env:prod', 'team:search']).success).toBe(true)
    expect(labels('abcdefghijk'.split('')).error?.issues[0]?.message).toBe('At most 10 labels are allowed')
    expect(labels(['env prod']).error?.issues[0]?.message).toBe('A label may contain only letters, digits and . _ : / - (no spaces)')
  })

  it('takes an empty expiry and rotation, a date and whole days from 1 to 3650', () => {
    const base = { type: 'openai', description: 'x', key: '', is_default: false, labels: [] }
    expect(edit.safeParse({ ...base, expires_on: '2027-01-31', rotate_every_days: '90' }).success).toBe(true)
    expect(edit.safeParse({ ...base, expires_on: '', rotate_every_days: '' }).success).toBe(true)
    const messages = (values: object) =>
      (edit.safeParse({ ...base, expires_on: '', rotate_every_days: '', ...values }).error?.issues ?? []).map((i) => [i.path[0], i.message])
    expect(messages({ rotate_every_days: '0' })).toEqual([['rotate_every_days', "Rotate every 1 to 3650 days, or leave it empty for the team's period"]])
    expect(messages({ rotate_every_days: '3651' })).toHaveLength(1)
    expect(messages({ rotate_every_days: '1.5' })).toHaveLength(1)
    expect(messages({ expires_on: '2027-02-30' })).toEqual([['expires_on', 'Enter a date, or leave it empty for never']])
  })
})
