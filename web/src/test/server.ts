// A stand-in for the server in component tests: answers fetch() from a table of routes.
import { vi } from 'vitest'

// `url` is the whole path asked for, with its query (a paged list's page).
export type Route = (body: unknown, url: string) => { status?: number; body?: unknown }

export function json(body: unknown, status = 200): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  })
}

// `routes` maps "METHOD /path" (without /api/v1) to an answer; anything else is a 404.
export function stubServer(routes: Record<string, Route>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const full = String(input).replace(/^\/api\/v1/, '')
    const url = full.split('?')[0]
    const route = routes[`${init?.method ?? 'GET'} ${url}`]
    if (!route) return json({ title: 'Not Found', detail: `No route ${url}` }, 404)
    const answer = route(init?.body ? JSON.parse(String(init.body)) : undefined, full)
    return json(answer.body, answer.status ?? 200)
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}
