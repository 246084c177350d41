import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { apiKeyKeys } from '../api-keys/queryKeys'
import { memberKeys } from '../members/queryKeys'
import { serviceTokenKeys } from '../service-tokens/queryKeys'
import { sessionKeys } from '../session/queryKeys'
import { webhookKeys } from '../webhooks/queryKeys'
import { useTeamEvents } from './useTeamEvents'

// An EventSource that the test drives by hand.
class FakeEventSource {
  static last: FakeEventSource | undefined
  readonly listeners = new Map<string, (() => void)[]>()
  constructor(readonly url: string) {
    FakeEventSource.last = this
  }
  addEventListener(name: string, listener: () => void) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener])
  }
  emit(name: string) {
    for (const listener of this.listeners.get(name) ?? []) listener()
  }
  close() {}
}

afterEach(() => vi.unstubAllGlobals())

function setup() {
  vi.stubGlobal('EventSource', FakeEventSource)
  const client = new QueryClient()
  for (const key of [apiKeyKeys.lists('t-1'), memberKeys.list('t-1'), serviceTokenKeys.list('t-1'), memberKeys.list('t-2'), sessionKeys.me,
    webhookKeys.list('t-1'), webhookKeys.deliveryPage('t-1', 'wh-1', { page: 1, pageSize: 10 }), webhookKeys.list('t-2')]) {
    client.setQueryData(key, { items: [] })
  }
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>
  renderHook(() => useTeamEvents('t-1'), { wrapper })
  const stale = () =>
    client
      .getQueryCache()
      .getAll()
      .filter((query) => query.state.isInvalidated)
      .map((query) => query.queryKey)
  return { source: FakeEventSource.last!, stale }
}

describe('useTeamEvents', () => {
  it("refetches the team's members, found by their query-key factory, when a member changes", () => {
    const { source, stale } = setup()
    expect(source.url).toBe('/api/v1/teams/t-1/events')
    source.emit('member.joined')
    expect(stale()).toContainEqual(memberKeys.list('t-1'))
  })

  it.each(['member.joined', 'member.role_changed', 'member.removed'])(
    "refetches the signed-in user's session on %s, so their own new role shows without a reload",
    (name) => {
      const { source, stale } = setup()
      source.emit(name)
      expect(stale()).toEqual([memberKeys.list('t-1'), sessionKeys.me])
    },
  )

  it('leaves the session alone when a key changes', () => {
    const { source, stale } = setup()
    source.emit('api_key.deleted')
    expect(stale()).not.toContainEqual(sessionKeys.me)
  })

  it("refetches the team's keys when a key changes", () => {
    const { source, stale } = setup()
    source.emit('api_key.created')
    expect(stale()).toEqual([apiKeyKeys.lists('t-1')])
  })

  it.each(['api_key.expiring', 'api_key.expired', 'api_key.rotation_due'])('refetches the key lists on %s', (name) => {
    const { source, stale } = setup()
    source.emit(name)
    expect(stale()).toEqual([apiKeyKeys.lists('t-1')])
  })

  it('refetches the key lists and the session (which holds the team settings) on team.updated', () => {
    const { source, stale } = setup()
    source.emit('team.updated')
    expect(stale()).toEqual([apiKeyKeys.lists('t-1'), sessionKeys.me])
  })

  it.each(['webhook.created', 'webhook.updated', 'webhook.deleted'])("refetches the team's webhook endpoints and delivery logs on %s", (name) => {
    const { source, stale } = setup()
    source.emit(name)
    expect(stale()).toEqual([webhookKeys.list('t-1'), webhookKeys.deliveryPage('t-1', 'wh-1', { page: 1, pageSize: 10 })])
  })
})
