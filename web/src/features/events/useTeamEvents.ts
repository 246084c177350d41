import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { apiKeyKeys } from '../api-keys/queryKeys'
import type { EventName } from '../../lib/types'
import { memberKeys } from '../members/queryKeys'
import { sessionKeys } from '../session/queryKeys'
import { webhookKeys } from '../webhooks/queryKeys'

// Names from the API document's EventName list (the server's audit::EventName): a name the
// server does not send fails the type check.
// The scheduler's notices move a key's lifecycle status (and the tab's count of keys needing
// attention) without anyone editing it.
const keyEvents: EventName[] = [
  'api_key.created',
  'api_key.updated',
  'api_key.deleted',
  'api_key.expiring',
  'api_key.expired',
  'api_key.rotation_due',
]
const memberEvents: EventName[] = ['member.joined', 'member.role_changed', 'member.removed']
// Another admin's change to an endpoint, or keyward disabling one that kept failing.
const webhookEvents: EventName[] = ['webhook.created', 'webhook.updated', 'webhook.deleted']

// Subscribes to the team's change stream; every change another person makes refetches what it
// touched, so it shows here within a second. The browser reconnects by itself (Last-Event-ID);
// after a reconnect everything is refetched once, since with several servers the new connection
// may land on a server whose replay does not line up with the old one's event ids.
// An empty teamId subscribes to nothing (a role without api_keys:read gets no stream).
export function useTeamEvents(teamId: string): void {
  const client = useQueryClient()
  useEffect(() => {
    if (!teamId) return
    const source = new EventSource(`/api/v1/teams/${encodeURIComponent(teamId)}/events`)
    const onKey = () => void client.invalidateQueries({ queryKey: apiKeyKeys.all(teamId) })
    // A member's change may be this user's own (a new role, or removal): the session holds their
    // role and permissions in each team, which decide the tabs and buttons shown.
    const onMember = () => {
      void client.invalidateQueries({ queryKey: memberKeys.all(teamId) })
      void client.invalidateQueries({ queryKey: sessionKeys.me })
    }
    // The team's settings live in the session (GET /me lists each team's); a new rotation period
    // or warning window re-marks every key.
    const onTeam = () => {
      onKey()
      void client.invalidateQueries({ queryKey: sessionKeys.me })
    }
    const onWebhook = () => void client.invalidateQueries({ queryKey: webhookKeys.all(teamId) })
    keyEvents.forEach((name) => source.addEventListener(name, onKey))
    webhookEvents.forEach((name) => source.addEventListener(name, onWebhook))
    source.addEventListener('team.updated', onTeam)
    memberEvents.forEach((name) => source.addEventListener(name, onMember))
    let opened = false
    source.addEventListener('open', () => {
      if (opened) {
        onKey()
        onMember()
        onWebhook()
      }
      opened = true
    })
    return () => source.close()
  }, [client, teamId])
}
