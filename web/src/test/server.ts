// A stand-in for the server in component tests: answers fetch() from a table of routes.
import { vi } from 'vitest'

export type Route = (body: unknown) => { status?: number; body?: unknown }

export function json(body: unknown, status = 200): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  })
}

// `routes` maps "METHOD /path" (without /api/v1) to an answer; anything else is a 404.
export function stubServer(routes: Record<string, Route>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input).replace(/^\/api\/v1/, '').split('?')[0]
    const route = routes[`${init?.method ?? 'GET'} ${url}`]
    if (!route) return json({ title: 'Not Found', detail: `No route ${url}` }, 404)
    const answer = route(init?.body ? JSON.parse(String(init.body)) : undefined)
    return json(answer.body, answer.status ?? 200)
  })
  vi.stubGlobal('fetch', fetchMock)
  return fetchMock
}
