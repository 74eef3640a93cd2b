import type { IncomingMessage, ServerResponse } from 'node:http'
import { REFUSED_HEADER, isFormContentType, isJsonContentType } from '../lib/http-protocol'
import {
  answerFromGraphql,
  graphqlRequestFor,
  POST_OPERATION_PATH,
  type PostOperationName,
} from '../lib/post-operations'
import { matchRoute } from './api-allowlist'
import { compressAnswer, encodingHeaders } from './compress-answer'
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
const SAFE_PATH = /^\/api\/(v1|md)(\/[A-Za-z0-9_:.-]+)*$/
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

/**
 * Marks an answer the proxy makes itself when the request surely never reached Canvas (refused before forwarding,
 * or the connection to Canvas could not be opened): the client then knows nothing in Canvas changed
 * (src/canvas/errors.ts isOutcomeUnknown). Canvas's own answers and failures of unknown outcome never carry it.
 */
export const NOT_SENT = 'not-sent'

/** Canvas's GraphQL endpoint (config/routes.rb: post "/api/graphql", outside /api/v1). */
const GRAPHQL_PATH = '/api/graphql'

const refuse = (res: ServerResponse, status: number, message: string) =>
  sendJson(res, status, { errors: [{ message }] }, { [REFUSED_HEADER]: NOT_SENT })

/** An answer of the proxy's own after the request may have reached Canvas: no refusal header. */
const answerUnsure = (res: ServerResponse, status: number, message: string) =>
  sendJson(res, status, { errors: [{ message }] })

/** Methods that only read: a lost answer changed nothing in Canvas. */
const isWrite = (method: string) => method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS'

/**
 * Error codes of a connection to Canvas that was never opened, so no byte of the request went out: the name did not
 * resolve, nothing listens there, no route to it, undici gave up connecting, or the TLS certificate was not accepted
 * (checked in the handshake, before the request is written). Node's X509 certificate error codes (docs: tls, "X509
 * certificate error codes") and the host name check's ERR_TLS_CERT_ALTNAME_INVALID.
 */
const NOT_OPENED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CRL_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CRL_NOT_YET_VALID',
  'CRL_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'ERROR_IN_CRL_LAST_UPDATE_FIELD',
  'ERROR_IN_CRL_NEXT_UPDATE_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
])
/** System calls made before a connection exists. EHOSTUNREACH from a `read` or `write` is a connection lost. */
const BEFORE_CONNECTION_SYSCALLS = new Set(['connect', 'getaddrinfo'])

/** Whether one error (a cause of fetch's "fetch failed") says the connection was never opened. */
function notOpened(error: { code?: unknown; syscall?: unknown; errors?: unknown }): boolean {
  // Node tries each address of the name in turn (autoSelectFamily): every attempt must have failed to connect.
  if (Array.isArray(error.errors) && error.errors.length > 0)
    return error.errors.every((e) => e !== null && typeof e === 'object' && notOpened(e))
  if (typeof error.code !== 'string' || !NOT_OPENED_CODES.has(error.code)) return false
  return (
    error.syscall === undefined || (typeof error.syscall === 'string' && BEFORE_CONNECTION_SYSCALLS.has(error.syscall))
  )
}

/**
 * What a rejected fetch to Canvas says about the request: `timeout` (our time limit ran out, before or after the
 * request went out), `not-sent` (the connection was never opened: fetch's error, or its cause, or the cause's
 * cause, carries a code of NOT_OPENED_CODES), or `unknown` (the connection was reset or closed, ECONNRESET,
 * UND_ERR_SOCKET "other side closed", or anything else: the request may have reached Canvas and been acted on).
 */
export function classifyFetchFailure(error: unknown): 'timeout' | 'not-sent' | 'unknown' {
  // AbortSignal.timeout's DOMException, from fetch or from reading the body.
  if (error instanceof Error && error.name === 'TimeoutError') return 'timeout'
  let current: unknown = error
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth++) {
    const e = current as { code?: unknown; errors?: unknown; cause?: unknown }
    // The first error in the chain that names a code (or lists attempts) decides.
    if (typeof e.code === 'string' || Array.isArray(e.errors)) return notOpened(e) ? 'not-sent' : 'unknown'
    current = e.cause
  }
  return 'unknown'
}

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
 *
 * Its own answers say whether the request reached Canvas: a refusal before forwarding, and a 502 when the connection
 * to Canvas could not be opened, carry `X-Moderation-Desk-Refused: not-sent` (nothing changed); a connection lost
 * after that, a timeout, or an answer cut short do not, and their messages say a change may or may not have been made.
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
    // A named posting operation (lib/post-operations.ts): sent to Canvas as its fixed GraphQL document, never as text
    // from the browser. /api/graphql itself is on no allowlist.
    const operation = POST_OPERATION_PATH.exec(pathname)
    const route = operation
      ? ({ template: `/api/md/courses/:id/assignments/:id/${operation[3]}` } as const)
      : matchRoute(method, pathname)
    if (operation && method !== 'POST') {
      refuse(res, 405, 'Moderation Desk’s posting operations take POST only.')
      return done(405)
    }
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
      if (operation) {
        let input: unknown = null
        try {
          input = JSON.parse(body.toString('utf8'))
        } catch {
          // refused below as not a JSON object
        }
        const built = graphqlRequestFor(operation[3]!, operation[2]!, input)
        if ('refused' in built) {
          sendJson(res, built.refused.status, built.refused.body, { [REFUSED_HEADER]: NOT_SENT })
          return done(built.refused.status)
        }
        body = Buffer.from(JSON.stringify(built.body))
      } else if (body.length > 0) {
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
      if (operation) headers.set('content-type', 'application/json')
      const target = operation ? GRAPHQL_PATH : `${pathname}${search ? `?${search}` : ''}`
      return fetch(`${canvasOrigin}${target}`, {
        method,
        headers,
        body,
        redirect: 'manual', // never follow Canvas elsewhere (e.g. a login redirect)
        signal: AbortSignal.timeout(timeoutMs),
      })
    }

    const write = isWrite(method)
    const mayHaveBeenMade = write ? ', so the change may or may not have been made' : ''
    const timedOut = () => {
      answerUnsure(res, 504, `Canvas did not answer within ${formatSeconds(timeoutMs)}${mayHaveBeenMade}.`)
      return done(504)
    }
    let upstream: Response
    // Nothing has gone to Canvas before the first fetch. From then on the error decides (classifyFetchFailure): one
    // from the token refresh after Canvas's 401 counts as unknown, like anything it cannot place; a retry after that
    // 401 that could not connect is `not-sent` (Canvas refused the first try's token before acting on it).
    let sending = false
    try {
      const token = await opts.getToken(req)
      sending = true
      upstream = await send(token)
      if (isTokenRejected(upstream) && token && opts.onUnauthorized) {
        const fresh = await opts.onUnauthorized(req)
        if (fresh) {
          await upstream.body?.cancel().catch(() => {})
          upstream = await send(fresh)
        }
      }
    } catch (err) {
      const failure = sending ? classifyFetchFailure(err) : 'not-sent'
      if (failure === 'timeout') return timedOut()
      if (failure === 'not-sent') {
        refuse(
          res,
          502,
          write
            ? 'Canvas could not be reached, so nothing was sent to it and nothing in Canvas has changed.'
            : 'Canvas could not be reached, so nothing was sent to it.',
        )
      } else {
        answerUnsure(res, 502, `The connection to Canvas dropped before its answer came back${mayHaveBeenMade}.`)
      }
      return done(502)
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
      // Canvas refused the token before acting on the request (and renewing it failed): nothing changed, so even a
      // 503 "try again" of the renewal is marked as not done.
      sendJson(res, answer.status, answer.body, { [REFUSED_HEADER]: NOT_SENT })
      return done(answer.status)
    }
    if (upstream.status >= 300 && upstream.status < 400) {
      // Canvas redirects API calls only to its login page: tell the app to re-authenticate.
      await upstream.body?.cancel().catch(() => {})
      const answer = opts.signInRequired?.(req) ?? {
        status: 401,
        body: { errors: [{ message: 'Canvas asked to sign in again.' }] },
      }
      sendJson(res, answer.status, answer.body, { [REFUSED_HEADER]: NOT_SENT })
      return done(answer.status)
    }
    let payload: Buffer
    try {
      payload = Buffer.from(await upstream.arrayBuffer())
    } catch (err) {
      if (classifyFetchFailure(err) === 'timeout') return timedOut()
      answerUnsure(res, 502, `Canvas closed the connection mid-answer${mayHaveBeenMade}.`)
      return done(502)
    }
    if (operation) {
      let json: unknown
      try {
        json = JSON.parse(payload.toString('utf8'))
      } catch {
        json = undefined
      }
      if (json !== undefined) {
        const answer = answerFromGraphql(operation[3] as PostOperationName, upstream.status, json)
        sendJson(res, answer.status, answer.body)
        return done(answer.status)
      }
    }
    const packed = await compressAnswer(req, upstream.headers.get('content-type'), payload)
    // Canvas's ETag names its uncompressed body: for another encoding of it, only a weak one is true (RFC 9110 §8.8.3).
    if (packed.encoding && out.etag && !out.etag.startsWith('W/')) out.etag = `W/${out.etag}`
    res.writeHead(upstream.status, {
      ...out,
      'cache-control': 'no-store',
      ...encodingHeaders(packed.encoding, packed.body.length),
    })
    res.end(packed.body)
    done(upstream.status)
  }
}
