// Whether the server answers. Requests report what they saw; while it is unreachable a probe
// asks /healthz every few seconds, and when it answers again every query refetches.
import { useSyncExternalStore } from 'react'

type Listener = () => void

let reachable = true
const listeners = new Set<Listener>()
let probe: ReturnType<typeof setInterval> | undefined
let onBack: (() => void) | undefined

const kProbeIntervalMs = 2000

function set(value: boolean): void {
  if (value === reachable) return
  reachable = value
  listeners.forEach((listener) => listener())
  if (!value && probe === undefined) {
    probe = setInterval(() => {
      fetch('/healthz', { cache: 'no-store' })
        .then((response) => {
          if (response.ok) markReachable()
        })
        .catch(() => undefined)
    }, kProbeIntervalMs)
  }
  if (value && probe !== undefined) {
    clearInterval(probe)
    probe = undefined
    onBack?.()
  }
}

export function markUnreachable(): void {
  set(false)
}

export function markReachable(): void {
  set(true)
}

// What to do when the server is back (the app refetches its queries).
export function whenBack(action: () => void): void {
  onBack = action
}

export function useServerReachable(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    () => reachable,
  )
}
