// An audit event in words: who did it ("Olive Owner", "Backend (service token)"), a sentence
// for what happened, and its details as labelled fields. Pure functions of the event and of the
// names the tab knows; every EventName has its sentence (the type check says so), and an action
// this client does not know yet still reads as one.
import { fullTimestamp, readableDate } from '../../lib/format'
import type { AuditEvent, EventName } from '../../lib/types'

// The actor as the server sends it: its kind and id, and its name and email where it has them
// (a service token's name; null for someone unknown).
export type AuditActor = AuditEvent['actor']

// What the tab can look up; each answers undefined when it does not know the id.
export interface Names {
  member: (userId: string | null) => string | undefined
  memberEmail: (userId: string | null) => string | undefined
  key: (keyId: string | null) => string | undefined
  keyType: (typeId: string) => string | undefined
  token: (tokenId: string | null) => string | undefined
}

export const noNames: Names = { member: () => undefined, memberEmail: () => undefined, key: () => undefined, keyType: () => undefined, token: () => undefined }

// Every action with the label the filter shows.
export const actionLabels: Record<EventName, string> = {
  'api_key.created': 'API key created',
  'api_key.updated': 'API key changed',
  'api_key.deleted': 'API key deleted',
  'api_key.revealed': 'API key revealed',
  'api_key.verified': 'API key tested',
  'api_key.resolved': 'API key resolved by a service token',
  'member.invited': 'Member invited',
  'member.joined': 'Member joined',
  'member.role_changed': 'Role changed',
  'member.removed': 'Member removed',
  'invitation.revoked': 'Invitation revoked',
  'service_token.created': 'Service token created',
  'service_token.revoked': 'Service token revoked',
  'session.created': 'Signed in',
  'session.deleted': 'Signed out',
  'session.failed': 'Failed sign-in',
  'api_key.expiring': 'API key expiring',
  'api_key.expired': 'API key expired',
  'api_key.rotation_due': 'API key due for rotation',
  'api_key.disabled': 'API key disabled by the gateway',
  'api_key.enabled': 'API key re-enabled',
  'team.updated': 'Team settings changed',
  'webhook.created': 'Webhook endpoint added',
  'webhook.updated': 'Webhook endpoint changed',
  'webhook.deleted': 'Webhook endpoint deleted',
  'personal_token.created': 'Personal access token created',
  'personal_token.revoked': 'Personal access token revoked',
}

export const actionGroups: { label: string; prefix: string }[] = [
  { label: 'API keys', prefix: 'api_key.' },
  { label: 'Members', prefix: 'member.' },
  { label: 'Invitations', prefix: 'invitation.' },
  { label: 'Service tokens', prefix: 'service_token.' },
  { label: 'Personal access tokens', prefix: 'personal_token.' },
  { label: 'Sign-in', prefix: 'session.' },
  { label: 'Team', prefix: 'team.' },
  { label: 'Webhooks', prefix: 'webhook.' },
]

const reasons: Record<string, string> = {
  bad_credentials: 'wrong email or password',
  revoked: 'revoked by hand',
  inviter_left: 'the member who invited left the team',
  inviter_lost_permission: 'the member who invited may no longer give this role',
  creator_left_team: 'its creator left the team',
  creator_lost_permission: 'its creator may no longer manage service tokens',
  holder_left_team: 'its holder left the team',
  holder_lost_permission: 'its holder lost a permission it granted',
  password_reset: "its holder's password was reset",
}

const fieldNames: Record<string, string> = {
  type: 'type',
  description: 'description',
  key: 'key',
  is_default: 'default flag',
  labels: 'labels',
  expires_at: 'expiry',
  rotate_every_days: 'rotation period',
}

// A team setting's new value, in words ("rotation every 90 days").
const teamSettings: Record<string, (value: unknown) => string> = {
  rotate_every_days: (v) => (typeof v === 'number' ? `rotation every ${days(v)}` : 'no rotation period'),
  expiry_warning_days: (v) => `expiry warning ${typeof v === 'number' ? days(v) : 'changed'} ahead`,
  expired_key_policy: (v) => (v === 'refuse' ? 'expired keys refused' : v === 'warn' ? 'expired keys served with a warning' : 'expired key policy changed'),
  secret_versions_kept: (v) => (typeof v === 'number' ? `${v} secret version${v === 1 ? '' : 's'} kept` : 'secret versions kept changed'),
}

function days(count: number): string {
  return count === 1 ? '1 day' : `${count} days`
}

// "on 5 Dec 2026" for a moment in the details, or nothing when it is absent.
function onDate(value: unknown): string {
  return typeof value === 'string' && value !== '' ? ` on ${readableDate(value)}` : ''
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

function capital(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1)
}

function list(words: string[]): string {
  if (words.length <= 1) return words.join('')
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`
}

// The actor's name as the subject of a sentence.
export function actorName(actor: AuditActor, names: Names): string {
  switch (actor.type) {
    case 'user':
      return text(actor.name) ?? names.member(actor.id) ?? text(actor.email) ?? 'A former member'
    case 'service_token': {
      const name = text(actor.name) ?? names.token(actor.id)
      return name ? `${name} (service token)` : 'A service token'
    }
    case 'system':
      return 'keyward'
    default:
      return 'Someone'
  }
}

// The second line of the actor cell: an email, or what kind of actor it is.
export function actorNote(actor: AuditActor, names: Names): string | undefined {
  if (actor.type === 'user') return text(actor.email) ?? names.memberEmail(actor.id)
  if (actor.type === 'service_token') return 'Service token'
  if (actor.type === 'system') return 'Automatic'
  return undefined
}

type Sentence = (who: string, event: AuditEvent, names: Names) => string

const keyRef = (event: AuditEvent, names: Names) => {
  const name = text(event.details.description) ?? names.key(event.target_id)
  return name ? `"${name}"` : 'an API key'
}
const memberRef = (event: AuditEvent, names: Names) => names.member(event.target_id) ?? 'a former member'
const tokenRef = (event: AuditEvent, names: Names) => {
  const name = text(event.details.name) ?? names.token(event.target_id)
  return name ? `the service token "${name}"` : 'a service token'
}
const personalTokenRef = (event: AuditEvent) => {
  const name = text(event.details.name)
  return name ? `the personal access token "${name}"` : 'a personal access token'
}
const webhookRef = (event: AuditEvent) => {
  const name = text(event.details.description) ?? text(event.details.host)
  return name ? `the webhook endpoint "${name}"` : 'a webhook endpoint'
}
const role = (event: AuditEvent) => text(event.details.role) ?? 'a member'

const sentences: Record<EventName, Sentence> = {
  'api_key.created': (who, e, n) => `${who} created ${keyRef(e, n)}`,
  'api_key.updated': (who, e, n) => {
    const fields = Array.isArray(e.details.fields) ? e.details.fields.map((f) => fieldNames[String(f)] ?? String(f)) : []
    return fields.length ? `${who} changed the ${list(fields)} of ${keyRef(e, n)}` : `${who} changed ${keyRef(e, n)}`
  },
  'api_key.deleted': (who, e, n) => `${who} deleted ${keyRef(e, n)}`,
  'api_key.revealed': (who, e, n) => `${who} revealed ${keyRef(e, n)}`,
  'api_key.verified': (who, e, n) => {
    const status = text(e.details.status)
    return `${who} tested ${keyRef(e, n)}${status ? `: ${status}` : ''}`
  },
  'api_key.resolved': (who, e, n) => {
    const count = typeof e.details.count === 'number' ? e.details.count : 1
    const gateway = typeof e.details.gateway_calls === 'number' ? e.details.gateway_calls : 0
    const times = (k: number) => (k > 1 ? ` ${k} times` : '')
    // Calls through the gateway sent the key to its provider; the application never held it.
    if (gateway === count) return `${who} called the provider with ${keyRef(e, n)} through the gateway${times(count)}`
    const through = gateway > 0 ? ` (${gateway} through the gateway)` : ''
    return `${who} resolved ${keyRef(e, n)}${times(count)}${through}`
  },
  'member.invited': (who, e) => `${who} invited ${text(e.details.email) ?? 'someone'} as ${role(e)}`,
  'member.joined': (who, e) => {
    if (e.details.via === 'setup') return `${who} set up keyward and this team`
    if (e.details.via === 'team_created') return `${who} created the team`
    return `${who} joined as ${role(e)}`
  },
  'member.role_changed': (who, e, n) =>
    `${who} changed the role of ${memberRef(e, n)} to ${text(e.details.to) ?? 'another role'}`,
  'member.removed': (who, e, n) => `${who} removed ${n.member(e.target_id) ?? 'a member'} (${role(e)})`,
  'invitation.revoked': (who, e) => {
    const whose = `the invitation of ${text(e.details.email) ?? 'someone'}`
    const reason = text(e.details.reason)
    if (!reason || reason === 'revoked') return `${who} revoked ${whose}`
    return `${capital(whose)} was withdrawn: ${reasons[reason] ?? reason}`
  },
  'service_token.created': (who, e, n) => `${who} created ${tokenRef(e, n)}`,
  'service_token.revoked': (who, e, n) => {
    const reason = text(e.details.reason)
    if (!reason) return `${who} revoked ${tokenRef(e, n)}`
    return `${capital(tokenRef(e, n))} was revoked: ${reasons[reason] ?? reason}`
  },
  'session.created': (who) => `${who} signed in`,
  'session.deleted': (who) => `${who} signed out`,
  'session.failed': (_who, e) => {
    const email = text(e.details.email)
    return email ? `Someone failed to sign in as ${email}` : 'Someone failed to sign in'
  },
  'api_key.expiring': (who, e, n) => `${who} noticed that ${keyRef(e, n)} expires${onDate(e.details.expires_at)}`,
  'api_key.expired': (who, e, n) => `${who} noticed that ${keyRef(e, n)} expired${onDate(e.details.expires_at)}`,
  'api_key.disabled': (who, e, n) => {
    const reason = typeof e.details.reason === 'string' ? `: ${e.details.reason}` : ''
    return `${who} disabled ${keyRef(e, n)}${reason}`
  },
  'api_key.enabled': (who, e, n) => `${who} re-enabled ${keyRef(e, n)}`,
  'api_key.rotation_due': (who, e, n) => {
    const since = onDate(e.details.rotation_due_at)
    return `${who} noticed that ${keyRef(e, n)} is due for rotation${since ? ` (since${since.slice(3)})` : ''}`
  },
  'team.updated': (who, e) => {
    const fields = Array.isArray(e.details.fields) ? e.details.fields.map(String) : []
    const changes = fields.map((f) => teamSettings[f]?.(e.details[f]) ?? f.replace(/_/g, ' '))
    return changes.length ? `${who} changed the team settings: ${list(changes)}` : `${who} changed the team settings`
  },
  'webhook.created': (who, e) => `${who} added ${webhookRef(e)}`,
  'webhook.updated': (who, e) => {
    if (e.details.enabled === false) return `${who} paused ${webhookRef(e)}`
    if (e.details.enabled === true) return `${who} enabled ${webhookRef(e)}`
    return `${who} changed ${webhookRef(e)}`
  },
  'webhook.deleted': (who, e) => `${who} deleted ${webhookRef(e)}`,
  'personal_token.created': (who, e) => {
    const permissions = Array.isArray(e.details.permissions) ? e.details.permissions.map(String) : []
    return `${who} created ${personalTokenRef(e)}${permissions.length ? ` for ${list(permissions)}` : ''}`
  },
  'personal_token.revoked': (who, e) => {
    const reason = text(e.details.reason)
    if (!reason) return `${who} revoked ${personalTokenRef(e)}`
    return `${capital(personalTokenRef(e))} was revoked: ${reasons[reason] ?? reason}`
  },
}

// The personal access token a user acted through, from the event's details; undefined for none.
export function viaToken(event: AuditEvent): string | undefined {
  const via = event.details.via_token
  if (via === null || typeof via !== 'object' || Array.isArray(via)) return undefined
  return text((via as Record<string, unknown>).name) ?? 'a token'
}

// What happened, as a sentence; an action through a personal access token says which.
export function describeEvent(event: AuditEvent, names: Names): string {
  const who = actorName(event.actor as AuditActor, names)
  const sentence = (sentences as Record<string, Sentence | undefined>)[event.action]
  const said = sentence ? sentence(who, event, names) : `${who}: ${event.action}`
  const token = viaToken(event)
  return token ? `${said} (via token "${token}")` : said
}

const labels: Record<string, string> = {
  description: 'Key',
  type: 'Type',
  fields: 'Changed',
  status: 'Result',
  count: 'Calls',
  first_at: 'First call',
  last_at: 'Last call',
  email: 'Email',
  role: 'Role',
  from: 'Old role',
  to: 'New role',
  reason: 'Reason',
  via: 'How',
  invitation_id: 'Invitation id',
  name: 'Name',
  types: 'Scope',
  created_at: 'Created',
  created_by: 'Created by',
  expires_at: 'Expires',
  last_used_at: 'Last used',
  revoked_at: 'Revoked',
  labels: 'Labels',
  rotation_due_at: 'Rotation due',
  rotate_every_days: 'Rotate every (days)',
  expiry_warning_days: 'Warn before expiry (days)',
  expired_key_policy: 'Expired keys',
  secret_versions_kept: 'Secret versions kept',
  host: 'Receiver',
  event_types: 'Events',
  enabled: 'Enabled',
  via_token: 'Through token',
  permissions: 'Permissions',
  user_id: 'Holder',
}

const times = new Set(['first_at', 'last_at', 'created_at', 'expires_at', 'last_used_at', 'revoked_at', 'rotation_due_at'])

function label(key: string): string {
  return labels[key] ?? capital(key.replace(/_/g, ' '))
}

function value(key: string, raw: unknown, names: Names): string {
  if (raw === null || raw === undefined || raw === '') return times.has(key) ? 'Never' : '—'
  if (times.has(key) && typeof raw === 'string') return fullTimestamp(raw)
  if (key === 'type' && typeof raw === 'string') return names.keyType(raw) ?? raw
  if (key === 'types' && Array.isArray(raw)) return raw.map((t) => names.keyType(String(t)) ?? String(t)).join(', ')
  if (key === 'fields' && Array.isArray(raw)) return raw.map((f) => fieldNames[String(f)] ?? String(f)).join(', ')
  if ((key === 'created_by' || key === 'user_id') && typeof raw === 'string') return names.member(raw) ?? 'a former member'
  if (key === 'reason' && typeof raw === 'string') return reasons[raw] ?? raw
  if (Array.isArray(raw)) return raw.map((item) => value('', item, names)).join(', ')
  if (typeof raw === 'object') {
    return Object.entries(raw as Record<string, unknown>).map(([k, v]) => `${label(k)}: ${value(k, v, names)}`).join('; ')
  }
  return String(raw)
}

// The event's details and where it came from, as [label, value] pairs for a <dl>.
export function detailFields(event: AuditEvent, names: Names): [string, string][] {
  const fields: [string, string][] = Object.entries(event.details).map(([key, raw]) => [label(key), value(key, raw, names)])
  if (event.target_id) fields.push(['Target id', event.target_id])
  if (event.actor.id) fields.push(['Actor id', event.actor.id])
  if (event.ip) fields.push(['IP address', event.ip])
  if (event.user_agent) fields.push(['Browser', event.user_agent])
  return fields
}
