import { describe, expect, it } from 'vitest'
import type { ApiKey } from '../../lib/types'
import { editChanges } from './editChanges'
import { endOfLocalDay, isDate, localDate, rotationDays } from './expiry'

const apiKey: ApiKey = {
  id: 'k-1', team_id: 't-1', type: 'openai', description: 'Prod', key_hint: 'sk-…0001', fingerprint: 'f',
  version: 3, secret_version: 1, is_default: false, created_at: '', updated_at: '', created_by: '', last_used_at: null,
  verify_status: null, verified_at: null, labels: ['env:prod'],
  expires_at: null, rotate_every_days: null, rotation_due_at: null, disabled_at: null, disabled_reason: null, base_url: null, lifecycle_status: 'ok',
}
const unchanged = { type: 'openai', description: 'Prod', key: '', is_default: false, labels: ['env:prod'], expires_on: '', rotate_every_days: '', base_url: '' }

describe('expiry dates', () => {
  it('sends the end of the chosen day in the user time zone, and shows the same day back', () => {
    const moment = endOfLocalDay('2027-01-31')
    expect(moment).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
    const local = new Date(moment!)
    expect([local.getFullYear(), local.getMonth(), local.getDate(), local.getHours(), local.getMinutes()]).toEqual([2027, 0, 31, 23, 59])
    expect(localDate(moment)).toBe('2027-01-31')
    expect(endOfLocalDay('')).toBeNull()
    expect(localDate(null)).toBe('')
  })

  it('knows a real date and reads the rotation field', () => {
    expect(isDate('2028-02-29')).toBe(true)
    expect(isDate('2027-02-29')).toBe(false)
    expect(rotationDays('')).toBeNull()
    expect(rotationDays(' 90 ')).toBe(90)
  })
})

describe('editChanges', () => {
  it('sends only the expiry when only the expiry changed', () => {
    expect(editChanges(apiKey, { ...unchanged, expires_on: '2027-01-31' })).toEqual({ expires_at: endOfLocalDay('2027-01-31') })
  })

  it('sends only the rotation period when only it changed, and null to go back to the team period', () => {
    expect(editChanges(apiKey, { ...unchanged, rotate_every_days: '30' })).toEqual({ rotate_every_days: 30 })
    expect(editChanges({ ...apiKey, rotate_every_days: 30 }, unchanged)).toEqual({ rotate_every_days: null })
  })

  it('clears an expiry with null, and keeps a stored moment whose day is unchanged', () => {
    const expiring = { ...apiKey, expires_at: '2027-01-31T12:00:00Z' }
    expect(editChanges(expiring, unchanged)).toEqual({ expires_at: null })
    expect(editChanges(expiring, { ...unchanged, expires_on: localDate(expiring.expires_at), description: 'New' })).toEqual({ description: 'New' })
  })

  it('sends the description alone when nothing changed', () => {
    expect(editChanges(apiKey, unchanged)).toEqual({ description: 'Prod' })
  })
  it('sends a changed base URL as the server stores it, and null to go back to the type\'s', () => {
    expect(editChanges(apiKey, { ...unchanged, base_url: ' https://eu.example.com/ ', key: 'sk-again' })).toEqual({
      base_url: 'https://eu.example.com', key: 'sk-again',
    })
    expect(editChanges({ ...apiKey, base_url: 'https://eu.example.com' }, { ...unchanged, key: 'sk-again' })).toEqual({ base_url: null, key: 'sk-again' })
  })
})
