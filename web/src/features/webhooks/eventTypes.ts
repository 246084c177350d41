import type { WebhookEventType } from '../../lib/types'

// The events an endpoint may subscribe to, grouped as the form shows them.
export const kEventGroups = [
  {
    label: 'API keys',
    events: [
      'api_key.created', 'api_key.updated', 'api_key.deleted', 'api_key.revealed', 'api_key.verified',
      'api_key.resolved', 'api_key.expiring', 'api_key.expired', 'api_key.rotation_due', 'api_key.disabled',
      'api_key.enabled',
    ],
  },
  {
    label: 'Members',
    events: ['member.invited', 'member.joined', 'member.role_changed', 'member.removed', 'invitation.revoked'],
  },
  { label: 'Service tokens', events: ['service_token.created', 'service_token.revoked'] },
  { label: 'Personal access tokens', events: ['personal_token.created', 'personal_token.revoked'] },
  { label: 'Team', events: ['team.updated'] },
  { label: 'Webhooks', events: ['webhook.created', 'webhook.updated', 'webhook.deleted', 'webhook.test'] },
] as const satisfies readonly { label: string; events: readonly WebhookEventType[] }[]

type Listed = (typeof kEventGroups)[number]['events'][number]
// A name the API document adds to WebhookEventType but no group lists fails the type check here.
export const kEveryEventListed: [Exclude<WebhookEventType, Listed>] extends [never] ? true : never = true

export const kEventCount: number = kEventGroups.reduce((sum, group) => sum + group.events.length, 0)
