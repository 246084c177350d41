import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ApiKeyUsage } from '../../lib/types'
import { stubServer } from '../../test/server'
import { renderTab } from '../../test/tabs'
import { UsageSection } from './UsageSection'

const counts = (requests: number, errors: number) => ({
  requests, errors, status_2xx: requests - errors, status_3xx: 0, status_4xx: errors, status_5xx: 0, failed: 0,
  bytes_in: 10 * requests, bytes_out: 100 * requests, latency_ms_avg: requests ? 212.4 : 0,
  input_tokens: 30 * requests, output_tokens: 5 * requests,
})

function usage(days: [string, number, number][]): ApiKeyUsage {
  const total = days.reduce<[number, number]>((sum, [, r, e]) => [sum[0] + r, sum[1] + e], [0, 0])
  return {
    api_key_id: 'k-1', from: days[0]?.[0] ?? '', to: days[days.length - 1]?.[0] ?? '',
    days: days.map(([date, r, e]) => ({ date, ...counts(r, e) })),
    service_tokens: total[0] ? [{ service_token_id: 'st-12345678-abcd', ...counts(total[0], total[1]) }] : [],
    total: counts(total[0], total[1]),
  }
}

afterEach(() => vi.unstubAllGlobals())

describe('UsageSection', { timeout: 20_000 }, () => {
  it('loads the usage only when opened, and shows totals, a bar per day and each token by name', async () => {
    const fetchMock = stubServer({
      'GET /teams/t-1/api-keys/k-1/usage': () => ({
        body: usage([['2026-12-03', 0, 0], ['2026-12-04', 1200, 12], ['2026-12-05', 3, 1]]),
      }),
      'GET /teams/t-1/service-tokens': () => ({ body: { items: [{ id: 'st-12345678-abcd', name: 'Billing app' }] } }),
    })
    const user = userEvent.setup()
    renderTab(<UsageSection teamId="t-1" apiKeyId="k-1" canListTokens />)
    expect(fetchMock).not.toHaveBeenCalled()
    await user.click(screen.getByRole('button', { name: 'Usage' }))
    expect(await screen.findByText('1,203 calls', { exact: false })).toBeTruthy()
    expect(screen.getByText(/13 errors, 36,090 input tokens, 6,015 output tokens, 212 ms/)).toBeTruthy()
    const chart = screen.getByRole('img', { name: /Calls per day from 2026-12-03 to 2026-12-05/ })
    expect(chart.querySelectorAll('title')).toHaveLength(3)
    expect(chart.querySelector('title')?.textContent).toBe('2026-12-03: 0 calls')
    expect(chart.querySelectorAll('title')[1]?.textContent).toBe('2026-12-04: 1,200 calls, 12 errors')
    const table = screen.getByRole('table', { name: 'Calls per service token' })
    expect(await within(table).findByText('Billing app')).toBeTruthy()
    await user.click(screen.getByRole('button', { name: 'Hide usage' }))
    expect(screen.queryByRole('img')).toBeNull()
  })

  it('says so when the gateway never used the key, and names tokens by id without the permission', async () => {
    const fetchMock = stubServer({
      'GET /teams/t-1/api-keys/k-1/usage': () => ({ body: usage([['2026-12-04', 0, 0], ['2026-12-05', 0, 0]]) }),
    })
    const user = userEvent.setup()
    renderTab(<UsageSection teamId="t-1" apiKeyId="k-1" canListTokens={false} />)
    await user.click(screen.getByRole('button', { name: 'Usage' }))
    expect(await screen.findByText('No calls through the gateway from 2026-12-04 to 2026-12-05.')).toBeTruthy()
    expect(fetchMock.mock.calls.some(([url]) => String(url).includes('service-tokens'))).toBe(false)
  })

  it('offers a retry when the usage does not load', async () => {
    let fail = true
    stubServer({
      'GET /teams/t-1/api-keys/k-1/usage': () =>
        fail
          ? { status: 503, body: { title: 'Service unavailable', detail: 'The database is busy.' } }
          : { body: usage([['2026-12-05', 2, 0]]) },
    })
    const user = userEvent.setup()
    renderTab(<UsageSection teamId="t-1" apiKeyId="k-1" canListTokens={false} />)
    await user.click(screen.getByRole('button', { name: 'Usage' }))
    expect(await screen.findByRole('alert')).toBeTruthy()
    fail = false
    await user.click(screen.getByRole('button', { name: 'Retry' }))
    expect(await screen.findByRole('img', { name: /Calls per day from 2026-12-05/ })).toBeTruthy()
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.getByRole('cell', { name: 'Token st-12345' })).toBeTruthy()
  })
})
