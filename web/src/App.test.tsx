import { act, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { OfflineBanner } from './App'
import { markReachable, markUnreachable, whenBack } from './lib/connectivity'

const back = vi.fn()
let healthy = false
const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
  if (String(input) !== '/healthz') throw new Error(`unexpected ${String(input)}`)
  if (!healthy) throw new TypeError('Failed to fetch')
  return new Response('ok', { status: 200 })
})

beforeEach(() => {
  vi.useFakeTimers()
  healthy = false
  back.mockClear()
  fetchMock.mockClear()
  vi.stubGlobal('fetch', fetchMock)
  whenBack(back)
})
afterEach(() => {
  act(() => markReachable())
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const advance = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms))
const countdown = () => screen.getByText(/^Retrying in \d+ s$|^Checking…$/).textContent

describe('OfflineBanner', () => {
  it('shows nothing while the server answers', () => {
    render(<OfflineBanner />)
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('counts down to each retry, backing off 2, 4, 8 then 15 s, and goes once /healthz answers', async () => {
    render(<OfflineBanner />)
    act(() => markUnreachable())
    expect(screen.getByRole('alert').textContent).toBe('keyward cannot be reached. What you typed is kept.')
    expect(countdown()).toBe('Retrying in 2 s')
    await advance(1000)
    expect(countdown()).toBe('Retrying in 1 s')
    expect(fetchMock).not.toHaveBeenCalled()
    await advance(1000)
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(countdown()).toBe('Retrying in 4 s')
    await advance(4000)
    expect(fetchMock).toHaveBeenCalledTimes(2)
    expect(countdown()).toBe('Retrying in 8 s')
    await advance(8000)
    expect(countdown()).toBe('Retrying in 15 s')
    await advance(15000)
    expect(fetchMock).toHaveBeenCalledTimes(4)
    expect(countdown()).toBe('Retrying in 15 s')  // at most 15 s

    healthy = true
    await advance(15000)
    expect(screen.queryByRole('alert')).toBeNull()
    expect(screen.queryByText(/Retrying in/)).toBeNull()
    expect(back).toHaveBeenCalledTimes(1)  // the queries refetch
  })

  it('retries at once with Retry now', async () => {
    render(<OfflineBanner />)
    act(() => markUnreachable())
    await advance(2000)
    expect(countdown()).toBe('Retrying in 4 s')
    healthy = true
    fireEvent.click(screen.getByRole('button', { name: 'Retry now' }))
    await advance(0)
    expect(fetchMock).toHaveBeenCalledTimes(2)
    expect(screen.queryByRole('alert')).toBeNull()
    expect(back).toHaveBeenCalledTimes(1)
  })

  it('a failed Retry now keeps the banner and counts down again', async () => {
    render(<OfflineBanner />)
    act(() => markUnreachable())
    fireEvent.click(screen.getByRole('button', { name: 'Retry now' }))
    await advance(0)
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(screen.getByRole('alert')).toBeTruthy()
    expect(countdown()).toMatch(/^Retrying in \d+ s$/)
    expect(back).not.toHaveBeenCalled()
  })

  it('goes as soon as any request gets through, without waiting for the probe', async () => {
    render(<OfflineBanner />)
    act(() => markUnreachable())
    act(() => markReachable())
    expect(screen.queryByRole('alert')).toBeNull()
    await advance(20000)
    expect(fetchMock).not.toHaveBeenCalled()
  })
})
