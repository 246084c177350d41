import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, renderHook, waitFor } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { stubServer } from '../../test/server'
import { apiKeyKeys } from './queryKeys'
import { defaultListParams, useNeedsAttention } from './useNeedsAttention'

afterEach(() => vi.unstubAllGlobals())

function setup(watch: boolean) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={client}>{children}</QueryClientProvider>
  const hook = renderHook(() => useNeedsAttention('t-1', watch), { wrapper })
  return { client, hook }
}
const page = (needs: number) => ({ items: [], total: 0, page: 1, page_size: 25, needs_attention: needs })

describe('useNeedsAttention', () => {
  it('reads the newest cached key list of the team, whatever its filters, without a request', () => {
    const fetchMock = stubServer({})
    const { client, hook } = setup(false)
    expect(hook.result.current).toBeUndefined()
    act(() => void client.setQueryData(apiKeyKeys.list('t-1', { ...defaultListParams, lifecycle: 'expired' }), page(3)))
    expect(hook.result.current).toBe(3)
    act(() => void client.setQueryData(apiKeyKeys.list('t-2', defaultListParams), page(9)))
    expect(hook.result.current).toBe(3)
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('asks for the unfiltered first page when the keys tab is not on screen', async () => {
    const fetchMock = stubServer({ 'GET /teams/t-1/api-keys': () => ({ body: page(2) }) })
    const { hook } = setup(true)
    await waitFor(() => expect(hook.result.current).toBe(2))
    expect(fetchMock).toHaveBeenCalledTimes(1)
  })
})
