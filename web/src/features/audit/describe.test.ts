import { describe, expect, it } from 'vitest'
import type { AuditEvent, EventName } from '../../lib/types'
import { readableDate } from '../../lib/format'
import { actionLabels, actorName, describeEvent, detailFields, noNames, type Names } from './describe'

const names: Names = {
  member: (id) => ({ 'u-olivia': 'Olivia', 'u-vera': 'Vera' })[id ?? ''],
  memberEmail: (id) => ({ 'u-olivia': 'olivia@example.com' })[id ?? ''],
  key: (id) => ({ 'k-1': 'Production GPT', 'k-2': 'Claude production' })[id ?? ''],
  keyType: (id) => ({ openai: 'OpenAI', anthropic: 'Anthropic' })[id],
  token: (id) => ({ 'st-1': 'Backend' })[id ?? ''],
}

function event(action: string, details: Record<string, unknown> = {}, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: 'e-1', at: '2026-12-01T10:00:00Z', actor: { type: 'user', id: 'u-olivia', name: null, email: null }, action: action as EventName,
    target_id: null, ip: '203.0.113.7', user_agent: 'Firefox', details, ...overrides,
  }
}
const byToken = { actor: { type: 'service_token', id: 'st-1', name: null, email: null } }

describe('describeEvent', () => {
  it.each<[string, AuditEvent, string]>([
    ['a reveal, by key id', event('api_key.revealed', {}, { target_id: 'k-1' }), 'Olivia revealed "Production GPT"'],
    ['a creation', event('api_key.created', { type: 'openai', description: 'Web search' }), 'Olivia created "Web search"'],
    ['an edit', event('api_key.updated', { fields: ['description', 'is_default'] }, { target_id: 'k-1' }), 'Olivia changed the description and default flag of "Production GPT"'],
    ['a deletion', event('api_key.deleted', { type: 'openai', description: 'Old' }), 'Olivia deleted "Old"'],
    ['a test', event('api_key.verified', { status: 'valid' }, { target_id: 'k-1' }), 'Olivia tested "Production GPT": valid'],
    ['a resolve', event('api_key.resolved', { count: 1 }, { ...byToken, target_id: 'k-2' }), 'Backend (service token) resolved "Claude production"'],
    ['resolves counted', event('api_key.resolved', { count: 12 }, { ...byToken, target_id: 'k-2' }), 'Backend (service token) resolved "Claude production" 12 times'],
    ['gateway calls', event('api_key.resolved', { count: 3, gateway_calls: 3 }, { ...byToken, target_id: 'k-2' }), 'Backend (service token) called the provider with "Claude production" through the gateway 3 times'],
    ['both', event('api_key.resolved', { count: 5, gateway_calls: 2 }, { ...byToken, target_id: 'k-2' }), 'Backend (service token) resolved "Claude production" 5 times (2 through the gateway)'],
    ['a key gone', event('api_key.revealed', {}, { target_id: 'k-gone' }), 'Olivia revealed an API key'],
    ['an invitation', event('member.invited', { email: 'pat@example.com', role: 'developer' }), 'Olivia invited pat@example.com as developer'],
    ['a join', event('member.joined', { role: 'viewer', invitation_id: 'i-1' }, { actor: { type: 'user', id: 'u-vera', name: null, email: null } }), 'Vera joined as viewer'],
    ['the setup', event('member.joined', { role: 'owner', via: 'setup' }), 'Olivia set up keyward and this team'],
    ['a new team', event('member.joined', { role: 'owner', via: 'team_created' }), 'Olivia created the team'],
    ['a role change', event('member.role_changed', { from: 'viewer', to: 'developer' }, { target_id: 'u-vera' }), 'Olivia changed the role of Vera to developer'],
    ['a removal', event('member.removed', { role: 'developer' }, { target_id: 'u-left' }), 'Olivia removed a member (developer)'],
    ['a revoked invitation', event('invitation.revoked', { email: 'pat@example.com', role: 'viewer', reason: 'revoked' }), 'Olivia revoked the invitation of pat@example.com'],
    ['a withdrawn invitation', event('invitation.revoked', { email: 'pat@example.com', role: 'viewer', reason: 'inviter_left' }), 'The invitation of pat@example.com was withdrawn: the member who invited left the team'],
    ['a new token', event('service_token.created', { name: 'Backend', types: ['anthropic'] }), 'Olivia created the service token "Backend"'],
    ['a revoked token', event('service_token.revoked', {}, { target_id: 'st-1' }), 'Olivia revoked the service token "Backend"'],
    ['a token of a leaver', event('service_token.revoked', { reason: 'creator_left_team', created_by: 'u-vera' }, { target_id: 'st-9' }), 'A service token was revoked: its creator left the team'],
    ['a personal token made', event('personal_token.created', { name: 'laptop', permissions: ['api_keys:read', 'api_keys:reveal'] }), 'Olivia created the personal access token "laptop" for api_keys:read and api_keys:reveal'],
    ['a personal token of a leaver', event('personal_token.revoked', { name: 'laptop', reason: 'holder_left_team' }), 'The personal access token "laptop" was revoked: its holder left the team'],
    ['an action through a personal token', event('api_key.revealed', { via_token: { id: 'pt-1', name: 'laptop' } }, { target_id: 'k-1' }), 'Olivia revealed "Production GPT" (via token "laptop")'],
    ['a sign-in', event('session.created'), 'Olivia signed in'],
    ['a sign-out', event('session.deleted'), 'Olivia signed out'],
    ['a failed sign-in', event('session.failed', { reason: 'bad_credentials', email: 'x@example.com' }, { actor: { type: 'anonymous', id: null, name: null, email: null } }), 'Someone failed to sign in as x@example.com'],
    ['a failed sign-in, no email', event('session.failed', { reason: 'bad_credentials' }, { actor: { type: 'anonymous', id: null, name: null, email: null } }), 'Someone failed to sign in'],
    ['a team setting', event('team.updated', { fields: ['rotate_every_days'], rotate_every_days: 90 }), 'Olivia changed the team settings: rotation every 90 days'],
    ['team settings', event('team.updated', { fields: ['expired_key_policy', 'expiry_warning_days', 'rotate_every_days'], expired_key_policy: 'refuse', expiry_warning_days: 7, rotate_every_days: null }), 'Olivia changed the team settings: expired keys refused, expiry warning 7 days ahead and no rotation period'],
    ['a new webhook', event('webhook.created', { host: 'https://hooks.example.com', event_types: ['api_key.created'], description: 'Ops' }), 'Olivia added the webhook endpoint "Ops"'],
    ['a paused webhook', event('webhook.updated', { fields: ['enabled'], enabled: false, description: '' }), 'Olivia paused a webhook endpoint'],
    ['a deleted webhook', event('webhook.deleted', { host: 'https://hooks.example.com', description: '' }), 'Olivia deleted the webhook endpoint "https://hooks.example.com"'],
  ])('says what happened: %s', (_name, input, sentence) => {
    expect(describeEvent(input, names)).toBe(sentence)
  })

  it('says what the scheduler noticed, with the date', () => {
    const system = { actor: { type: 'system', id: null, name: null, email: null }, target_id: 'k-1' }
    const at = '2026-12-10T12:00:00Z'
    expect(describeEvent(event('api_key.expiring', { description: 'Web search', expires_at: at }, system), names)).toBe(`keyward noticed that "Web search" expires on ${readableDate(at)}`)
    expect(describeEvent(event('api_key.expired', { expires_at: at }, system), names)).toBe(`keyward noticed that "Production GPT" expired on ${readableDate(at)}`)
    expect(describeEvent(event('api_key.rotation_due', { description: 'Web search', rotation_due_at: at }, system), names)).toBe(`keyward noticed that "Web search" is due for rotation (since ${readableDate(at)})`)
  })

  it('has a sentence for every action of the API', () => {
    for (const action of Object.keys(actionLabels)) {
      expect(describeEvent(event(action), noNames)).not.toContain(action)
    }
  })

  it('still reads for an action this client does not know', () => {
    expect(describeEvent(event('team.renamed'), names)).toBe('Olivia: team.renamed')
  })
})

describe('actorName', () => {
  it("takes the name the server sends, else the member's, else the email", () => {
    expect(actorName({ type: 'user', id: 'u-olivia', name: 'Olivia Owner', email: 'o@example.com' }, names)).toBe('Olivia Owner')
    expect(actorName({ type: 'user', id: 'u-olivia', name: null, email: null }, names)).toBe('Olivia')
    expect(actorName({ type: 'user', id: 'u-gone', name: null, email: 'gone@example.com' }, names)).toBe('gone@example.com')
    expect(actorName({ type: 'user', id: 'u-gone', name: null, email: null }, names)).toBe('A former member')
    expect(actorName({ type: 'service_token', id: 'st-x', name: 'Cron', email: null }, names)).toBe('Cron (service token)')
    expect(actorName({ type: 'service_token', id: 'st-x', name: null, email: null }, names)).toBe('A service token')
    expect(actorName({ type: 'anonymous', id: null, name: null, email: null }, names)).toBe('Someone')
  })
})

describe('detailFields', () => {
  it('labels each detail in words, never as JSON', () => {
    const fields = detailFields(
      event('service_token.created', { name: 'Backend', types: ['anthropic', 'openai'], created_by: 'u-olivia', expires_at: null }, { target_id: 'st-1' }),
      names,
    )
    expect(fields).toEqual([
      ['Name', 'Backend'],
      ['Scope', 'Anthropic, OpenAI'],
      ['Created by', 'Olivia'],
      ['Expires', 'Never'],
      ['Target id', 'st-1'],
      ['Actor id', 'u-olivia'],
      ['IP address', '203.0.113.7'],
      ['Browser', 'Firefox'],
    ])
    expect(JSON.stringify(fields)).not.toContain('{')
  })
})
