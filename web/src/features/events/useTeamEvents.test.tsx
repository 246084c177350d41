import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { apiKeyKeys } from '../api-keys/queryKeys'
import { memberKeys } from '../members/queryKeys'
import { serviceTokenKeys } from '../service-tokens/queryKeys'
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
  for (const key of [apiKeyKeys.lists('t-1'), memberKeys.list('t-1'), serviceTokenKeys.list('t-1'), memberKeys.list('t-2')]) {
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
    source.emit('member.role_changed')
    expect(stale()).toEqual([memberKeys.list('t-1')])
  })

  it("refetches the team's keys when a key changes", () => {
    const { source, stale } = setup()
    source.emit('api_key.created')
    expect(stale()).toEqual([apiKeyKeys.lists('t-1')])
  })
})
