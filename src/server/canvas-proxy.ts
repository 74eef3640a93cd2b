import type { IncomingMessage, ServerResponse } from 'node:http'
import { isFormContentType, isJsonContentType } from '../lib/http-protocol'
import { matchRoute } from './api-allowlist'
import { canvasUserAgent } from './user-agent'

export type ProxyLog = { method: string; route: string; status: number; ms: number }

export type CanvasProxyOptions = {
  /** Sent to Canvas as User-Agent (user-agent.ts); the browser's is never passed on. */
  userAgent?: string
  /** Canvas's origin, e.g. https://canvas.example.edu (validated by config). */
  canvasUrl: string
  /** The Canvas token for this browser request (token mode: the configured one; OAuth: the session's). */
  getToken: (req: IncomingMessage) => string | null | Promise<string | null>
  /** Upstream time limit; a slower Canvas gets a 504. */
  timeoutMs?: number
  /** Largest request body forwarded. */
  maxBodyBytes?: number
  log?: (entry: ProxyLog) => void
  /**
   * Called when Canvas rejects the token (401 with WWW-Authenticate: expired, revoked or unknown token) of a
   * request that carried one; a returned token is tried once more (OAuth mode refreshes). Permission 401s
   * ("user not authorized to perform that action", no WWW-Authenticate) are passed through untouched.
   */
  onUnauthorized?: (req: IncomingMessage) => Promise<string | null>
  /**
   * When Canvas still rejects the token (or redirects to its login page): the answer the browser gets
   * instead of Canvas's (OAuth mode: 401 with a message and the login_url to sign in again).
   */
  signInRequired?: (req: IncomingMessage) => { status: number; body: unknown }
}

/** Canvas's answer to a missing, expired, revoked or unknown token: 401 with WWW-Authenticate. */
export const isTokenRejected = (res: Response) => res.status === 401 && res.headers.has('www-authenticate')

// Request headers a browser may pass on to Canvas. Everything else (cookies, Authorization, Origin,
// forwarding headers, hop-by-hop headers) is dropped.
const FORWARDED_REQUEST_HEADERS = ['accept', 'content-type', 'accept-language', 'if-none-match']
// Canvas response headers the browser gets. Notably not Set-Cookie: Canvas's session cookies stay here.
// Not Cache-Control: every answer is `no-store` (Canvas sends `max-age=0, private, must-revalidate`, which still
// lets a browser keep grades in its disk cache on a shared computer).
const PASSED_RESPONSE_HEADERS = [
  'content-type',
  'etag',
  'x-rate-limit-remaining',
  'x-request-cost',
  'www-authenticate',
  'retry-after',
]
// A path the proxy will even look at: plain segments, no dot segments, no encoded slashes or controls.
const SAFE_PATH = /^\/api\/v1(\/[A-Za-z0-9_:.-]+)*$/
const SAFE_QUERY = /^[A-Za-z0-9_.~%=&+:,\-[\]]*$/
/**
 * Parameters Canvas acts on that the dashboard never sends: `as_user_id` (masquerading: act as another user),
 * `access_token`/`api_key` (a token other than the server's), `_method` (Rails' method override in a form body:
 * a POST that Canvas treats as DELETE or PUT). Refused in the query and in the body, in any bracket form.
 */
export const FORBIDDEN_PARAMS = new Set(['as_user_id', 'access_token', 'api_key', '_method'])
/** Body types the proxy forwards: the app sends JSON; Canvas also reads form bodies, whose keys are checked too. */

const baseName = (key: string) => {
  const i = key.indexOf('[')
  return i === -1 ? key : key.slice(0, i)
}

/** The first forbidden parameter in a query string or form body, if any. */
export function forbiddenParam(params: URLSearchParams | Iterable<string>): string | null {
  const keys = params instanceof URLSearchParams ? params.keys() : params
  for (const key of keys) if (FORBIDDEN_PARAMS.has(baseName(key))) return baseName(key)
  return null
}

/** "1.5 seconds", "2 seconds", "30 seconds", "1 second": the time limit as set, not rounded to a wrong figure. */
export function formatSeconds(ms: number): string {
  const s = ms >= 10_000 ? Math.round(ms / 1000) : Math.round(ms / 100) / 10
  return `${s} ${s === 1 ? 'second' : 'seconds'}`
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers })
  res.end(JSON.stringify(body))
}

const refuse = (res: ServerResponse, status: number, message: string) =>
  sendJson(res, status, { errors: [{ message }] })

/** Why a request body may not go to Canvas: a type the app never sends, JSON that does not parse, a forbidden key. */
function bodyProblem(body: Buffer, contentType: string | undefined): { status: number; message: string } | null {
  const type = contentType ?? ''
  let keys: Iterable<string>
  if (isJsonContentType(type)) {
    let parsed: unknown
    try {
      parsed = JSON.parse(body.toString('utf8'))
    } catch {
      return { status: 400, message: 'The request body is not valid JSON.' }
    }
    keys = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? Object.keys(parsed) : []
  } else if (isFormContentType(type)) {
    keys = new URLSearchParams(body.toString('utf8')).keys()
  } else {
    return {
      status: 415,
      message: 'Moderation Desk forwards request bodies to Canvas only as JSON (Content-Type: application/json).',
    }
  }
  const forbidden = forbiddenParam(keys)
  return forbidden
    ? { status: 400, message: `Moderation Desk does not forward the parameter "${forbidden}" to Canvas.` }
    : null
}

/** Rewrites Canvas's absolute Link URLs to same-origin paths; drops any entry pointing elsewhere. */
export function rewriteLinkHeader(link: string, canvasOrigin: string): string {
  return link
    .split(/,(?=\s*<)/)
    .map((part) => {
      const m = /^\s*<([^>]*)>(.*)$/.exec(part)
      if (!m) return null
      const [, target = '', params = ''] = m
      let url: URL
      try {
        url = new URL(target, canvasOrigin)
      } catch {
        return null
      }
      if (url.origin !== canvasOrigin || !url.pathname.startsWith('/api/v1/')) return null
      return `<${url.pathname}${url.search}>${params}`
    })
    .filter((p): p is string => p !== null)
    .join(',')
}

/**
 * Forwards an allowed /api/v1 request to Canvas with the server-held token. Statuses and bodies come back
 * unchanged (Canvas's error bodies, the rate-limit 403 and its headers included).
 */
export function createCanvasProxy(opts: CanvasProxyOptions) {
  const canvasOrigin = new URL(opts.canvasUrl).origin
  const timeoutMs = opts.timeoutMs ?? 30_000
  const maxBody = opts.maxBodyBytes ?? 1_000_000
  const userAgent = opts.userAgent ?? canvasUserAgent()

  return async function proxy(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now()
    const method = req.method ?? 'GET'
    const raw = req.url ?? ''
    let routeName = 'refused'
    const done = (status: number) =>
      opts.log?.({ method, route: routeName, status, ms: Math.round(performance.now() - started) })

    // Absolute-form request targets ("GET http://other.host/…") and anything not a plain path are refused:
    // the upstream is always Canvas, never a URL the client names.
    const q = raw.indexOf('?')
    const pathname = q === -1 ? raw : raw.slice(0, q)
    const search = q === -1 ? '' : raw.slice(q + 1)
    if (!SAFE_PATH.test(pathname) || /\/\.{1,2}(\/|$)/.test(pathname) || !SAFE_QUERY.test(search)) {
      refuse(res, 400, 'This path is not a Canvas API path the dashboard uses.')
      return done(400)
    }
    const route = matchRoute(method, pathname)
    if (route === null) {
      refuse(res, 404, `Moderation Desk does not forward ${pathname.replace(/\d+/g, ':id')} to Canvas.`)
      return done(404)
    }
    if (route === 'method') {
      refuse(res, 405, `Moderation Desk does not forward ${method} requests to this Canvas API path.`)
      return done(405)
    }
    routeName = route.template
    const forbidden = forbiddenParam(new URLSearchParams(search))
    if (forbidden) {
      refuse(res, 400, `Moderation Desk does not forward the parameter "${forbidden}" to Canvas.`)
      return done(400)
    }

    let body: Buffer | undefined
    if (method !== 'GET' && method !== 'HEAD') {
      const chunks: Buffer[] = []
      let size = 0
      for await (const chunk of req) {
        size += (chunk as Buffer).length
        if (size > maxBody) {
          refuse(res, 413, 'The request body is too large.')
          return done(413)
        }
        chunks.push(chunk as Buffer)
      }
      body = Buffer.concat(chunks)
      if (body.length > 0) {
        const problem = bodyProblem(body, req.headers['content-type'])
        if (problem) {
          refuse(res, problem.status, problem.message)
          return done(problem.status)
        }
      }
    }

    const send = async (token: string | null) => {
      const headers = new Headers()
      for (const name of FORWARDED_REQUEST_HEADERS) {
        const v = req.headers[name]
        if (typeof v === 'string') headers.set(name, v)
      }
      if (token) headers.set('authorization', `Bearer ${token}`)
      headers.set('user-agent', userAgent)
      return fetch(`${canvasOrigin}${pathname}${search ? `?${search}` : ''}`, {
        method,
        headers,
        body,
        redirect: 'manual', // never follow Canvas elsewhere (e.g. a login redirect)
        signal: AbortSignal.timeout(timeoutMs),
      })
    }

    let upstream: Response
    try {
      const token = await opts.getToken(req)
      upstream = await send(token)
      if (isTokenRejected(upstream) && token && opts.onUnauthorized) {
        const fresh = await opts.onUnauthorized(req)
        if (fresh) {
          await upstream.body?.cancel().catch(() => {})
          upstream = await send(fresh)
        }
      }
    } catch (err) {
      const timedOut = err instanceof DOMException && err.name === 'TimeoutError'
      if (timedOut) refuse(res, 504, `Canvas did not answer within ${formatSeconds(timeoutMs)}.`)
      else refuse(res, 502, 'Canvas could not be reached.')
      return done(timedOut ? 504 : 502)
    }

    const out: Record<string, string> = {}
    for (const name of PASSED_RESPONSE_HEADERS) {
      const v = upstream.headers.get(name)
      if (v !== null) out[name] = v
    }
    const link = upstream.headers.get('link')
    if (link) {
      const rewritten = rewriteLinkHeader(link, canvasOrigin)
      if (rewritten) out.link = rewritten
    }
    if (opts.signInRequired && isTokenRejected(upstream)) {
      await upstream.body?.cancel().catch(() => {})
      const answer = opts.signInRequired(req)
      sendJson(res, answer.status, answer.body)
      return done(answer.status)
    }
    if (upstream.status >= 300 && upstream.status < 400) {
      // Canvas redirects API calls only to its login page: tell the app to re-authenticate.
      await upstream.body?.cancel().catch(() => {})
      const answer = opts.signInRequired?.(req) ?? {
        status: 401,
        body: { errors: [{ message: 'Canvas asked to sign in again.' }] },
      }
      sendJson(res, answer.status, answer.body)
      return done(answer.status)
    }
    let payload: Buffer
    try {
      payload = Buffer.from(await upstream.arrayBuffer())
    } catch {
      refuse(res, 502, 'Canvas closed the connection mid-answer.')
      return done(502)
    }
    res.writeHead(upstream.status, { ...out, 'cache-control': 'no-store' })
    res.end(payload)
    done(upstream.status)
  }
}
