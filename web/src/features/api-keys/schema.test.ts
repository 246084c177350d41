import { describe, expect, it } from 'vitest'
import { apiKeySchema } from './schema'

describe('apiKeySchema', () => {
  const create = apiKeySchema(['openai', 'anthropic'], true)
  const edit = apiKeySchema(['openai', 'anthropic'], false)

  it('gives the messages the server gives', () => {
    const result = create.safeParse({ type: '', description: '  ', key: '', is_default: false, labels: [], expires_on: '', rotate_every_days: '', base_url: '' })
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
    expect(edit.safeParse({ type: 'openai', description: 'x', key: '', is_default: false, labels: [], expires_on: '', rotate_every_days: '', base_url: '' }).success).toBe(true)
  })

  it('asks for the key again when an edit changes the type', () => {
    const editOpenai = apiKeySchema(['openai', 'anthropic'], false, { type: 'openai', base_url: null })
    const moved = editOpenai.safeParse({ type: 'anthropic', description: 'x', key: '', is_default: false, labels: [], expires_on: '', rotate_every_days: '', base_url: '' })
    expect(moved.success).toBe(false)
    expect(moved.error?.issues[0]?.path).toEqual(['key'])
    expect(moved.error?.issues[0]?.message).toBe('Enter the key again to change its type')
    expect(
      editOpenai.safeParse({ type: 'anthropic', description: 'x', key: 'sk-ant-new', is_default: false, labels: [], expires_on: '', rotate_every_days: '', base_url: '' }).success,
    ).toBe(true)
    expect(editOpenai.safeParse({ type: 'openai', description: 'x', key: '', is_default: false, labels: [], expires_on: '', rotate_every_days: '', base_url: '' }).success).toBe(true)
  })

  it('refuses keys with spaces', () => {
    expect(create.safeParse({ type: 'openai', description: 'x', key: 'a b', is_default: false, labels: [], expires_on: '', rotate_every_days: '', base_url: '' }).success).toBe(false)
  })

  it('trims descriptions', () => {
    const parsed = create.parse({ type: 'openai', description: '  Prod  ', key: 'k', is_default: false, labels: [], expires_on: '', rotate_every_days: '', base_url: '' })
    expect(parsed.description).toBe('Prod')
  })

  it('refuses more than 10 labels or an invalid one, with the messages the server uses', () => {
    const labels = (list: string[]) => create.safeParse({ type: 'openai', description: 'x', key: 'k', is_default: false, labels: list, expires_on: '', rotate_every_days: '', base_url: '' })
    expect(labels(['env:prod', 'team:search']).success).toBe(true)
    expect(labels('abcdefghijk'.split('')).error?.issues[0]?.message).toBe('At most 10 labels are allowed')
    expect(labels(['env prod']).error?.issues[0]?.message).toBe('A label may contain only letters, digits and . _ : / - (no spaces)')
  })

  it('takes an empty expiry and rotation, a date and whole days from 1 to 3650', () => {
    const base = { type: 'openai', description: 'x', key: '', is_default: false, labels: [] }
    expect(edit.safeParse({ ...base, expires_on: '2027-01-31', rotate_every_days: '90', base_url: '' }).success).toBe(true)
    expect(edit.safeParse({ ...base, expires_on: '', rotate_every_days: '', base_url: '' }).success).toBe(true)
    const messages = (values: object) =>
      (edit.safeParse({ ...base, expires_on: '', rotate_every_days: '', base_url: '', ...values }).error?.issues ?? []).map((i) => [i.path[0], i.message])
    expect(messages({ rotate_every_days: '0' })).toEqual([['rotate_every_days', "Rotate every 1 to 3650 days, or leave it empty for the team's period"]])
    expect(messages({ rotate_every_days: '3651' })).toHaveLength(1)
    expect(messages({ rotate_every_days: '1.5' })).toHaveLength(1)
    expect(messages({ expires_on: '2027-02-30' })).toEqual([['expires_on', 'Enter a date, or leave it empty for never']])
  })
  it('takes an https:// base URL only, and asks for the key again when an edit changes it', () => {
    const values = { type: 'openai', description: 'x', key: '', is_default: false, labels: [], expires_on: '', rotate_every_days: '', base_url: '' }
    const create = apiKeySchema(['openai'], false)
    const problem = (base_url: string) => create.safeParse({ ...values, base_url }).error?.issues[0]?.message
    expect(problem('http://api.example.com')).toBe('The base URL must start with https://')
    expect(problem('https://u:p@api.example.com')).toBe('The base URL must not carry a user name or password')
    expect(problem('https://api.example.com/v1?x=1')).toBe('The base URL must not have a ?query')
    expect(problem('not a url')).toBe('Enter a valid URL like https://example-resource.openai.azure.com/openai')
    expect(create.safeParse({ ...values, base_url: 'https://example-resource.openai.azure.com/openai/' }).success).toBe(true)
    expect(create.safeParse({ ...values, base_url: '' }).success).toBe(true)

    const edit = apiKeySchema(['openai'], false, { type: 'openai', base_url: 'https://eu.example.com' })
    const moved = edit.safeParse({ ...values, base_url: 'https://elsewhere.example.com' })
    expect(moved.error?.issues[0]?.path).toEqual(['key'])
    expect(moved.error?.issues[0]?.message).toBe('Enter the key again to change its base URL')
    expect(edit.safeParse({ ...values, base_url: '' }).success).toBe(false)  // back to the type's: a move too
    expect(edit.safeParse({ ...values, base_url: 'https://eu.example.com/' }).success).toBe(true)  // the same URL
    expect(edit.safeParse({ ...values, key: 'sk-again', base_url: 'https://elsewhere.example.com' }).success).toBe(true)
  })
})
