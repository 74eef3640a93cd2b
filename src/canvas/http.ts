/**
 * Same-origin Canvas REST client. The browser never holds a Canvas token: requests go to /api/v1 on our
 * own origin (src/server or the demo service worker answers). No React here; this module runs under Node.
 */
import type { z } from './zod'
import { isAuthMode, setAuthMode } from '../lib/auth-mode'
import { CSRF_HEADER, REFUSED_HEADER } from '../lib/http-protocol'
import { sleep } from '../lib/sleep'
import { CanvasApiError, parseCanvasErrorBody } from './errors'
import { noteAccepted, noteThrottled, retryDelay, schedule, type RequestPriority } from './throttle'

export const API_PREFIX = '/api/v1'

export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[]
export type QueryParams = Record<string, QueryValue>

export interface RequestOptions<S extends z.ZodMiniType> {
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
  /**
   * Called with the headers of a successful (2xx) answer as soon as they are in, before its body is read and checked:
   * a caller that learns from the headers what to ask next (pagination's Link) can ask at once instead of waiting
   * for the whole body. The request can still fail after this (its body unreadable or not what `schema` expects).
   */
  onHeaders?: (headers: Headers) => void
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
export function describeIssues(error: z.core.$ZodError, limit = 3): string {
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
      const body = res.ok ? ((await res.json()) as { csrfToken?: unknown; mode?: unknown }) : null
      const token = typeof body?.csrfToken === 'string' ? body.csrfToken : null
      if (res.ok) rememberCsrfToken(token)
      if (isAuthMode(body?.mode)) setAuthMode(body.mode)
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
 *
 * Nothing else is retried here, for any method. The two retries are refusals made before the request could do
 * anything: Canvas's throttle refuses before its controller runs (throttle.ts), and our server refuses a stale CSRF
 * token before the request reaches Canvas (send). A write whose outcome is unknown (the connection dropped, a
 * gateway's 502/503/504, a timeout: isOutcomeUnknown) is never sent again blindly: it may have been done already,
 * and a custom grade or a publish is not idempotent. The caller reads back what Canvas holds instead.
 */
export async function canvasRequest<S extends z.ZodMiniType>(
  options: RequestOptions<S>,
): Promise<CanvasResponse<z.infer<S>>> {
  const prefix = options.prefix ?? API_PREFIX
  if (!prefix) {
    const response = await send(options)
    if (response.ok) options.onHeaders?.(response.headers)
    return read(response, options)
  }
  const method = options.method ?? 'GET'
  const priority = options.priority ?? (method === 'GET' ? 'read' : 'user-action')
  for (let attempt = 1; ; attempt++) {
    const progress: Progress = { sent: false }
    let response: Response
    try {
      response = await schedule(priority, () => send(options, progress), options.signal)
    } catch (error) {
      // The queue rejects with the signal's reason as soon as it aborts, also while fetch is under way: a timeout
      // then is one after the request went out (its outcome is unknown). Aborted while queued, nothing was sent.
      if (error instanceof CanvasApiError || !progress.sent) throw error
      throw transportError(error, options, method, apiPath(options.path, options.query, prefix), 'sending')
    }
    if (response.ok) options.onHeaders?.(response.headers)
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
async function send(options: RequestOptions<z.ZodMiniType>, progress: Progress = { sent: false }): Promise<Response> {
  const method = options.method ?? 'GET'
  if (method === 'GET') return sendOnce(options, null, progress)
  const response = await sendOnce(options, await csrfTokenForWrite(), progress)
  if (response.status !== 403 || response.headers.get(REFUSED_HEADER) !== 'csrf') return response
  const token = await csrfTokenForWrite(true)
  if (!token) return response
  // Not awaited: cancelling can wait on the stream's source, and the refusal's few bytes need no reading.
  void response.body?.cancel().catch(() => {})
  return sendOnce(options, token, progress)
}

/** Whether fetch has been called for a request (from then on it may have reached Canvas). */
type Progress = { sent: boolean }

async function sendOnce(
  options: RequestOptions<z.ZodMiniType>,
  csrf: string | null,
  progress: Progress,
): Promise<Response> {
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
    progress.sent = true
    return await fetch(path, { method, headers, body, signal: options.signal, credentials: 'same-origin' })
  } catch (error) {
    throw transportError(error, options, method, path, 'sending')
  }
}

/**
 * What fetch or reading the body threw, as a CanvasApiError: kind `timeout` when the caller's signal timed out
 * (AbortSignal.timeout, alone or in AbortSignal.any), `network` for any other failure of the connection. A plain
 * abort (the caller cancelled) is passed on as it is: nobody waits for its outcome.
 */
function transportError(
  error: unknown,
  options: RequestOptions<z.ZodMiniType>,
  method: string,
  path: string,
  stage: 'sending' | 'reading',
): unknown {
  const where = { status: 0, method, path: `${method} ${path}` }
  const signal = options.signal
  if (signal?.aborted) {
    // By name: the DOMException of AbortSignal.timeout need not be this realm's (jsdom, workers).
    const reason: unknown = signal.reason
    if (!(reason instanceof Error && reason.name === 'TimeoutError')) return error
    return new CanvasApiError({ ...where, kind: 'timeout', messages: ['Canvas did not answer in time.'] })
  }
  const detail = error instanceof Error ? error.message : 'network error'
  const write = method !== 'GET'
  return new CanvasApiError({
    ...where,
    kind: 'network',
    messages: [
      stage === 'reading'
        ? `The connection to Canvas broke while its answer was being read (${detail})`
        : write
          ? // fetch cannot tell a connection never made from one lost after the request went out.
            `No answer from Canvas: it could not be reached, or the connection was lost after the request was sent (${detail})`
          : `Could not reach Canvas (${detail})`,
    ],
  })
}

/** The response's body: Canvas's error, or JSON checked against the schema. */
async function read<S extends z.ZodMiniType>(
  response: Response,
  options: RequestOptions<S>,
): Promise<CanvasResponse<z.infer<S>>> {
  const method = options.method ?? 'GET'
  const path = apiPath(options.path, options.query, options.prefix ?? API_PREFIX)
  // Every value of the header names a refusal our server made before the request could reach Canvas.
  const refusedBeforeCanvas = Boolean(response.headers.get(REFUSED_HEADER))
  let text: string
  try {
    text = await response.text()
  } catch (error) {
    throw transportError(error, options, method, path, 'reading')
  }
  if (!response.ok) {
    // Only Canvas's JSON (or its text/plain throttle answer) becomes messages: a gateway's HTML page never does.
    const { messages, errorCode } = parseCanvasErrorBody(text, response.headers.get('content-type'), response.status)
    const loginUrl = response.status === 401 ? loginUrlOf(text) : undefined
    if (loginUrl) {
      signInRequiredHandler?.({ loginUrl, method, path })
      throw new CanvasApiError({
        status: 401,
        kind: 'unauthenticated',
        messages,
        errorCode,
        loginUrl,
        method,
        path: `${method} ${path}`,
        refusedBeforeCanvas,
      })
    }
    throw new CanvasApiError({
      status: response.status,
      messages,
      errorCode,
      method,
      path: `${method} ${path}`,
      refusedBeforeCanvas,
    })
  }
  let json: unknown
  try {
    json = text === '' ? null : JSON.parse(text)
  } catch {
    throw new CanvasApiError({
      status: response.status,
      kind: 'malformed-response',
      method,
      path: `${method} ${path}`,
      refusedBeforeCanvas,
      messages: [`${method} ${stripQuery(path)} did not return JSON`],
    })
  }
  const parsed = (await options.schema).safeParse(json)
  if (!parsed.success) {
    throw new CanvasApiError({
      status: response.status,
      kind: 'malformed-response',
      method,
      path: `${method} ${path}`,
      refusedBeforeCanvas,
      messages: [`${method} ${stripQuery(path)} returned unexpected data: ${describeIssues(parsed.error)}`],
    })
  }
  return { data: parsed.data, headers: response.headers, path }
}

function stripQuery(path: string): string {
  const i = path.indexOf('?')
  return i === -1 ? path : path.slice(0, i)
}
