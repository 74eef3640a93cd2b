/**
 * Same-origin Canvas REST client. The browser never holds a Canvas token: requests go to /api/v1 on our
 * own origin (src/server or the demo service worker answers). No React here; this module runs under Node.
 */
import type { z } from 'zod'
import { CanvasApiError, parseCanvasErrorBody } from './errors'

export const API_PREFIX = '/api/v1'

export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[]
export type QueryParams = Record<string, QueryValue>

export interface RequestOptions<S extends z.ZodType> {
  /** `/courses/1/...` (prefixed with /api/v1) or an already same-origin path such as `/api/v1/...?page=2`. */
  path: string
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE'
  query?: QueryParams
  /** Sent as a JSON body. */
  json?: unknown
  schema: S
  signal?: AbortSignal
  /** Non-Canvas same-origin endpoints (the demo session) pass `''`. */
  prefix?: string
}

export interface CanvasResponse<T> {
  data: T
  headers: Headers
  /** The path+query actually requested, for error messages. */
  path: string
}

export function buildQuery(query: QueryParams | undefined): string {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v))
    else params.append(key, String(value))
  }
  const s = params.toString()
  return s ? `?${s}` : ''
}

export function apiPath(path: string, query?: QueryParams, prefix = API_PREFIX): string {
  const base = !prefix || path.startsWith(prefix) ? path : `${prefix}${path.startsWith('/') ? '' : '/'}${path}`
  if (!query) return base
  const q = buildQuery(query)
  if (!q) return base
  return base.includes('?') ? `${base}&${q.slice(1)}` : `${base}${q}`
}

/** Describe zod issues in one line: `[3].provisional_grades[0].score: expected number, received string`. */
export function describeIssues(error: z.ZodError, limit = 3): string {
  const parts = error.issues.slice(0, limit).map((issue) => {
    const where = issue.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, '')
    return `${where || '(root)'}: ${issue.message}`
  })
  const more = error.issues.length > limit ? ` (and ${error.issues.length - limit} more)` : ''
  return parts.join('; ') + more
}

export async function canvasRequest<S extends z.ZodType>(options: RequestOptions<S>): Promise<CanvasResponse<z.infer<S>>> {
  const method = options.method ?? 'GET'
  const path = apiPath(options.path, options.query, options.prefix ?? API_PREFIX)
  const headers: Record<string, string> = { Accept: 'application/json' }
  let body: string | undefined
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.json)
  }
  let response: Response
  try {
    response = await fetch(path, { method, headers, body, signal: options.signal, credentials: 'same-origin' })
  } catch (error) {
    if (options.signal?.aborted) throw error
    throw new CanvasApiError({
      status: 0,
      kind: 'network',
      path: `${method} ${path}`,
      messages: [`Could not reach Canvas (${error instanceof Error ? error.message : 'network error'})`],
    })
  }
  const text = await response.text()
  if (!response.ok) {
    const { messages, errorCode } = parseCanvasErrorBody(text, response.headers.get('content-type'))
    throw new CanvasApiError({ status: response.status, messages, errorCode, path: `${method} ${path}` })
  }
  let json: unknown
  try {
    json = text === '' ? null : JSON.parse(text)
  } catch {
    throw new CanvasApiError({
      status: response.status,
      kind: 'malformed-response',
      path: `${method} ${path}`,
      messages: [`${method} ${stripQuery(path)} did not return JSON`],
    })
  }
  const parsed = options.schema.safeParse(json)
  if (!parsed.success) {
    throw new CanvasApiError({
      status: response.status,
      kind: 'malformed-response',
      path: `${method} ${path}`,
      messages: [`${method} ${stripQuery(path)} returned unexpected data: ${describeIssues(parsed.error)}`],
    })
  }
  return { data: parsed.data, headers: response.headers, path }
}

function stripQuery(path: string): string {
  const i = path.indexOf('?')
  return i === -1 ? path : path.slice(0, i)
}
