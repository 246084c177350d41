// The one HTTP client: same-origin JSON, the CSRF header on every mutation, and errors as values
// the UI can show. Nothing here is ever logged or stored outside memory.

export interface FieldError {
  field: string
  message: string
}

// A problem+json answer from the server.
export class ApiError extends Error {
  readonly status: number
  readonly title: string
  readonly detail: string
  readonly fields: FieldError[]

  constructor(status: number, title: string, detail: string, fields: FieldError[] = []) {
    super(detail || title)
    this.status = status
    this.title = title
    this.detail = detail
    this.fields = fields
  }
}

// The server could not be reached at all.
export class NetworkError extends Error {
  constructor() {
    super('keyward cannot be reached. Your changes are kept; it will retry when it is back.')
  }
}

import { markReachable, markUnreachable } from './connectivity'

let csrfToken = ''

// Set from /api/v1/me or a sign-in answer; kept in memory only.
export function setCsrfToken(token: string): void {
  csrfToken = token
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE'

export interface RequestOptions {
  body?: unknown
  headers?: Record<string, string>
  signal?: AbortSignal
}

export interface ApiResponse<T> {
  data: T
  headers: Headers
}

export async function request<T>(
  method: Method,
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers }
  if (options.body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  let response: Response
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: options.signal,
    })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    markUnreachable()
    throw new NetworkError()
  }
  markReachable()
  if (response.status === 204) return { data: undefined as T, headers: response.headers }
  const text = await response.text()
  let body: unknown
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    body = undefined
  }
  if (!response.ok) {
    const problem = (body ?? {}) as Partial<{
      title: string
      detail: string
      errors: FieldError[]
    }>
    throw new ApiError(
      response.status,
      problem.title ?? response.statusText,
      problem.detail ?? problem.title ?? `Request failed (${response.status})`,
      problem.errors ?? [],
    )
  }
  return { data: body as T, headers: response.headers }
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await request<T>('GET', path, { signal })).data
}

// A message a person can read, for any error a request may raise.
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError || error instanceof NetworkError) return error.message
  return 'Something went wrong. Try again.'
}
