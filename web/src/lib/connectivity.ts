// Whether the server answers. Requests report what they saw; while it is unreachable a probe
// asks /healthz after 2, 4, 8 and then every 15 seconds (or at once, when asked), and when it
// answers again every query refetches.
import { useSyncExternalStore } from 'react'

export interface Connectivity {
  reachable: boolean
  retryAt: number | null  // when the next probe runs (Date.now() ms); null while one is running
}

type Listener = () => void

export const kRetryDelaysMs = [2000, 4000, 8000, 15000] as const
const kMaxDelayMs = 15000

let state: Connectivity = { reachable: true, retryAt: null }
const listeners = new Set<Listener>()
let timer: ReturnType<typeof setTimeout> | undefined
let failedProbes = 0
let onBack: (() => void) | undefined

function publish(next: Connectivity): void {
  state = next
  listeners.forEach((listener) => listener())
}

function schedule(): void {
  const delay = kRetryDelaysMs[Math.min(failedProbes, kRetryDelaysMs.length - 1)] ?? kMaxDelayMs
  clearTimeout(timer)
  timer = setTimeout(() => void probe(), delay)
  publish({ reachable: false, retryAt: Date.now() + delay })
}

async function probe(): Promise<void> {
  clearTimeout(timer)
  timer = undefined
  publish({ reachable: false, retryAt: null })
  const ok = await fetch('/healthz', { cache: 'no-store' }).then(
    (response) => response.ok,
    () => false,
  )
  if (state.reachable) return  // a request got through meanwhile
  if (ok) {
    markReachable()
    return
  }
  failedProbes += 1
  schedule()
}

export function markUnreachable(): void {
  if (!state.reachable) return
  failedProbes = 0
  schedule()
}

export function markReachable(): void {
  if (state.reachable) return
  clearTimeout(timer)
  timer = undefined
  publish({ reachable: true, retryAt: null })
  onBack?.()
}

// "Retry now": probes at once instead of waiting for the countdown.
export function retryNow(): void {
  if (state.reachable || state.retryAt === null) return
  void probe()
}

// What to do when the server is back (the app refetches its queries).
export function whenBack(action: () => void): void {
  onBack = action
}

export function useConnectivity(): Connectivity {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    () => state,
  )
}

export function useServerReachable(): boolean {
  return useConnectivity().reachable
}
