/**
 * Same-origin Canvas REST client. The browser never holds a Canvas token: requests go to /api/v1 on our
 * own origin (src/server or the demo service worker answers). No React here; this module runs under Node.
 */
import type { z } from 'zod'
import { CSRF_HEADER, REFUSED_HEADER } from '../lib/http-protocol'
import { sleep } from '../lib/sleep'
import { CanvasApiError, parseCanvasErrorBody } from './errors'
import { noteAccepted, noteThrottled, retryDelay, schedule, type RequestPriority } from './throttle'

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
  /** A schema, or a schema still loading (it is awaited only after the request has gone out). */
  schema: S | PromiseLike<S>
  signal?: AbortSignal
  /** Non-Canvas same-origin endpoints (the demo session) pass `''`; they skip Canvas's throttle queue. */
  prefix?: string
  /** Order in the throttle queue (throttle.ts). Default: `user-action` for writes, `read` for GET. */
  priority?: RequestPriority
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

/** Same-origin request headers of the server (src/server/csrf.ts, src/server/oauth.ts). */
export const CSRF_COOKIE = 'md_csrf'
export const RETURN_TO_HEADER = 'X-Return-To'

export type SignInRequired = { loginUrl: string; method: string; path: string }
let signInRequiredHandler: ((info: SignInRequired) => void) | null = null

/**
 * Called when the server answers 401 with a `login_url` (OAuth mode: the user's Canvas sign-in has ended and
 * could not be renewed). The app navigates to sign in again. A 401 without `login_url` is a Canvas permission
 * error and does not call this. Returns a function that removes the handler.
 */
export function onSignInRequired(handler: (info: SignInRequired) => void): () => void {
  signInRequiredHandler = handler
  return () => {
    if (signInRequiredHandler === handler) signInRequiredHandler = null
  }
}

/** The `md_csrf` cookie (OAuth mode; `__Host-md_csrf` over https), or null. */
export function csrfCookie(): string | null {
  if (typeof document === 'undefined') return null
  const found = new Map<string, string>()
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0) found.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim())
  }
  return found.get(`__Host-${CSRF_COOKIE}`) || found.get(CSRF_COOKIE) || null
}

/**
 * The CSRF token every state-changing request carries as X-CSRF-Token. The server hands it out in GET /session
 * (every mode; OAuth mode also as the md_csrf cookie). Kept in memory; fetched on the first write when nothing
 * has told us yet. null where there is no server (the service-worker demo), which then needs none.
 */
let knownCsrfToken: string | null | undefined // undefined: not asked yet; null: this server has none
let csrfLookup: Promise<string | null> | null = null

export function rememberCsrfToken(token: string | null | undefined): void {
  knownCsrfToken = token ?? null
}

/** Forget what we know of the token (tests; the next write asks GET /session again). */
export function forgetCsrfToken(): void {
  knownCsrfToken = undefined
  csrfLookup = null
}

async function csrfTokenForWrite(fresh = false): Promise<string | null> {
  if (fresh) forgetCsrfToken()
  if (knownCsrfToken !== undefined) return knownCsrfToken
  if (!fresh) {
    const cookie = csrfCookie()
    if (cookie) return cookie
  }
  csrfLookup ??= (async () => {
    try {
      const res = await fetch('/session', { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      const body = res.ok ? ((await res.json()) as { csrfToken?: unknown }) : null
      const token = typeof body?.csrfToken === 'string' ? body.csrfToken : null
      if (res.ok) rememberCsrfToken(token)
      return token
    } catch {
      return null
    } finally {
      csrfLookup = null
    }
  })()
  return csrfLookup
}

/** The page the app is on (path + query + hash), for coming back after signing in; null outside a browser page. */
export function currentPagePath(): string | null {
  if (typeof window === 'undefined' || !window.location) return null
  const { pathname, search, hash } = window.location
  return `${pathname}${search}${hash}`
}

/** Header values must be printable ASCII; the location is percent-encoded except (sometimes) the hash. */
const headerSafe = (value: string) => /^[\x20-\x7e]*$/.test(value)

function loginUrlOf(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { login_url?: unknown }
    const url = body?.login_url
    return typeof url === 'string' && url.startsWith('/') && !url.startsWith('//') ? url : undefined
  } catch {
    return undefined
  }
}

/**
 * One Canvas API request: queued under Canvas's throttle (throttle.ts), retried after a back-off when Canvas
 * refuses it with 403 Rate Limit Exceeded, and its body checked against `schema`. The queue's slot is held only
 * until the response arrives: reading and checking the body happens outside it, so a busy main thread does not
 * keep the next request from going out.
 */
export async function canvasRequest<S extends z.ZodType>(
  options: RequestOptions<S>,
): Promise<CanvasResponse<z.infer<S>>> {
  const prefix = options.prefix ?? API_PREFIX
  if (!prefix) return read(await send(options), options)
  const priority = options.priority ?? ((options.method ?? 'GET') === 'GET' ? 'read' : 'user-action')
  for (let attempt = 1; ; attempt++) {
    const response = await schedule(priority, () => send(options), options.signal)
    try {
      const result = await read(response, options)
      noteAccepted()
      return result
    } catch (error) {
      if (!(error instanceof CanvasApiError) || error.kind !== 'rate-limited') throw error
      noteThrottled()
      const delay = retryDelay(attempt)
      if (delay === undefined) throw error
      await sleep(delay, options.signal)
    }
  }
}

/**
 * Sends the request. A write the server refused for a stale CSRF token (it restarted, or the session's token
 * changed) is sent once more with a fresh token: the server refused it before it reached Canvas.
 */
async function send(options: RequestOptions<z.ZodType>): Promise<Response> {
  const method = options.method ?? 'GET'
  if (method === 'GET') return sendOnce(options, null)
  const response = await sendOnce(options, await csrfTokenForWrite())
  if (response.status !== 403 || response.headers.get(REFUSED_HEADER) !== 'csrf') return response
  const token = await csrfTokenForWrite(true)
  if (!token) return response
  // Not awaited: cancelling can wait on the stream's source, and the refusal's few bytes need no reading.
  void response.body?.cancel().catch(() => {})
  return sendOnce(options, token)
}

async function sendOnce(options: RequestOptions<z.ZodType>, csrf: string | null): Promise<Response> {
  const method = options.method ?? 'GET'
  const path = apiPath(options.path, options.query, options.prefix ?? API_PREFIX)
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (csrf) headers[CSRF_HEADER] = csrf
  const here = currentPagePath()
  if (here !== null) headers[RETURN_TO_HEADER] = headerSafe(here) ? here : window.location.pathname
  let body: string | undefined
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(options.json)
  }
  try {
    return await fetch(path, { method, headers, body, signal: options.signal, credentials: 'same-origin' })
  } catch (error) {
    if (options.signal?.aborted) throw error
    throw new CanvasApiError({
      status: 0,
      kind: 'network',
      path: `${method} ${path}`,
      messages: [`Could not reach Canvas (${error instanceof Error ? error.message : 'network error'})`],
    })
  }
}

/** The response's body: Canvas's error, or JSON checked against the schema. */
async function read<S extends z.ZodType>(
  response: Response,
  options: RequestOptions<S>,
): Promise<CanvasResponse<z.infer<S>>> {
  const method = options.method ?? 'GET'
  const path = apiPath(options.path, options.query, options.prefix ?? API_PREFIX)
  const text = await response.text()
  if (!response.ok) {
    const { messages, errorCode } = parseCanvasErrorBody(text, response.headers.get('content-type'))
    const loginUrl = response.status === 401 ? loginUrlOf(text) : undefined
    if (loginUrl) {
      signInRequiredHandler?.({ loginUrl, method, path })
      throw new CanvasApiError({
        status: 401,
        kind: 'unauthenticated',
        messages,
        errorCode,
        loginUrl,
        path: `${method} ${path}`,
      })
    }
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
  const parsed = (await options.schema).safeParse(json)
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
