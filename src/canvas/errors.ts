/**
 * Canvas error bodies come in several shapes (contract §6.2, §2.x, §6.3). CanvasApiError normalises them
 * into a status plus the human-readable messages Canvas sent, so callers never parse bodies themselves.
 */

export type CanvasErrorKind =
  | 'unauthenticated'
  | 'unauthorized'
  | 'rate-limited'
  | 'not-found'
  | 'bad-request'
  | 'unprocessable'
  | 'server'
  | 'network'
  /** The caller's signal timed out (AbortSignal.timeout) after the request had gone out. */
  | 'timeout'
  | 'malformed-response'

export class CanvasApiError extends Error {
  readonly status: number
  readonly messages: string[]
  /** `METHOD /path?query` of the request. */
  readonly path: string
  /** The request's HTTP method: given, or read from the start of `path`; undefined if neither says. */
  readonly method: string | undefined
  readonly kind: CanvasErrorKind
  readonly errorCode: string | undefined
  /** Live OAuth mode: the user's sign-in has ended; this same-origin URL signs in again (server's 401 body). */
  readonly loginUrl: string | undefined
  /**
   * The answer is our server's own, made without the request reaching Canvas: it carried X-Moderation-Desk-Refused
   * (src/server/canvas-proxy.ts `not-sent`: refused before forwarding, or Canvas could not be connected to;
   * app-server.ts `host`, `origin`, `csrf`). Nothing in Canvas changed.
   */
  readonly refusedBeforeCanvas: boolean

  constructor(init: {
    status: number
    messages: string[]
    path: string
    method?: string
    kind?: CanvasErrorKind
    errorCode?: string
    loginUrl?: string
    refusedBeforeCanvas?: boolean
  }) {
    const kind = init.kind ?? kindFromStatus(init.status, init.messages)
    super(`${init.messages[0] ?? `Canvas answered ${init.status}`} (${init.path})`)
    this.name = 'CanvasApiError'
    this.status = init.status
    this.messages = init.messages
    this.path = init.path
    this.method = (init.method ?? METHOD_PREFIX.exec(init.path)?.[1])?.toUpperCase()
    this.kind = kind
    this.errorCode = init.errorCode
    this.loginUrl = init.loginUrl
    this.refusedBeforeCanvas = init.refusedBeforeCanvas ?? false
  }

  /** The first Canvas message, or a plain fallback. */
  get canvasMessage(): string {
    return this.messages[0] ?? `Canvas answered ${this.status}`
  }
}

export function isCanvasApiError(error: unknown): error is CanvasApiError {
  return error instanceof CanvasApiError
}

const METHOD_PREFIX = /^(GET|HEAD|OPTIONS|POST|PUT|PATCH|DELETE) /i

/** Methods that only read: nothing in Canvas changes, so a failed one is simply a failure (and may be repeated). */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Statuses a gateway in front of Canvas (or our own server's proxy, src/server/canvas-proxy.ts) answers when Canvas's
 * own answer did not come through: 502 (the upstream closed or could not be reached), 503 (unavailable), 504 (it
 * took too long). The request may have reached Canvas and done its work all the same, unless our server says it
 * did not (refusedBeforeCanvas).
 */
const GATEWAY_STATUSES = new Set([502, 503, 504])

/**
 * Whether a failed request may nonetheless have taken effect in Canvas, so that what Canvas holds must be read back
 * rather than assumed unchanged (issue #14: a failure whose outcome is unknown is not a rollback). True for a write
 * (any method but GET, HEAD, OPTIONS) that failed with
 * - a network failure (kind `network`: fetch rejected, or the connection broke while the answer was being read):
 *   the request may have been sent in full before the connection went;
 * - a timeout of the caller's signal after the request went out (kind `timeout`);
 * - 502, 503 or 504 (a gateway's answer, not Canvas's; GATEWAY_STATUSES);
 * - a 2xx whose body could not be read as what the endpoint returns (kind `malformed-response`): Canvas said it
 *   did it, but what it holds now is not known.
 * False for an answer our server marked as made before the request reached Canvas (refusedBeforeCanvas: e.g. its
 * 502 when the connection to Canvas could not be opened), and for everything else: 4xx (Canvas, or our server,
 * refused it: nothing changed; the throttle's 403 is refused before Canvas's controller runs, throttle.ts), a 500
 * (Canvas's own error answer, treated as a failure; whether a 500 can leave part of a write applied is not checked
 * here), anything that is not a CanvasApiError (a request aborted while still queued never went out), and every
 * read: a read changes nothing, so its outcome is never in doubt; it can simply be made again.
 */
export function isOutcomeUnknown(error: unknown): boolean {
  if (!(error instanceof CanvasApiError)) return false
  if (error.method === undefined || READ_METHODS.has(error.method)) return false
  if (error.refusedBeforeCanvas) return false
  if (error.kind === 'network' || error.kind === 'timeout') return true
  if (error.kind === 'malformed-response') return error.status >= 200 && error.status < 300
  return GATEWAY_STATUSES.has(error.status)
}

/** Standard reason phrases (RFC 9110 §15; 429 from RFC 6585), for errors whose body is not Canvas's. */
const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  421: 'Misdirected Request',
  422: 'Unprocessable Content',
  426: 'Upgrade Required',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
  507: 'Insufficient Storage',
  511: 'Network Authentication Required',
}

/** `502 Bad Gateway`: the status and its standard reason phrase (just the number for one without a phrase). */
export function statusWords(status: number): string {
  const reason = REASONS[status]
  return reason ? `${status} ${reason}` : String(status)
}

/**
 * The message of an error answer whose body is not Canvas's JSON (a gateway's HTML page, a proxy's plain text):
 * plain words from the status code, never the body.
 */
export function notCanvasMessage(status: number): string {
  return `Canvas (or a gateway in front of it) answered ${statusWords(status)}.`
}

const RATE_LIMIT_TEXT = /rate limit exceeded/i

function kindFromStatus(status: number, messages: string[]): CanvasErrorKind {
  if (status === 403 && messages.some((m) => RATE_LIMIT_TEXT.test(m))) return 'rate-limited'
  if (status === 401 || status === 403) {
    return messages.some((m) => /authorization required|invalid access token/i.test(m))
      ? 'unauthenticated'
      : 'unauthorized'
  }
  if (status === 404) return 'not-found'
  if (status === 422) return 'unprocessable'
  if (status >= 400 && status < 500) return 'bad-request'
  if (status === 0) return 'network'
  return 'server'
}

/**
 * Pull every message out of a Canvas error body. Handles (contract §6.2):
 * - `{"errors":[{"message":"..."}]}` (+ optional `status`, `error_code`, `error_report_id`)
 * - `{"errors":{"base":"...","error_code":"..."}}` (non-API gradebook endpoint)
 * - `{"message":"..."}` (moderation controllers)
 * - `{"error":"..."}` (Submissions API grade errors)
 * - `[]` (moderated_students with no ids)
 * - text/plain `403 Forbidden (Rate Limit Exceeded)` (throttling, §6.3)
 * Any other body that is not JSON (a gateway's HTML page such as nginx's `502 Bad Gateway`, a proxy's text) never
 * becomes a message: it gives notCanvasMessage(status), or no message when the status is not given.
 */
export function parseCanvasErrorBody(
  body: string,
  contentType: string | null,
  status?: number,
): { messages: string[]; errorCode?: string } {
  const text = body.trim()
  const notCanvas = () => ({ messages: status === undefined ? [] : [notCanvasMessage(status)] })
  const looksJson = (contentType ?? '').includes('json') || text.startsWith('{') || text.startsWith('[')
  if (!looksJson) {
    if (text === '') return notCanvas()
    // Canvas's own throttle answer is text/plain (request_throttle.rb); keep it, it names what happened.
    const isHtml = /html/i.test(contentType ?? '') || text.startsWith('<')
    if (!isHtml && (status === undefined || status === 403) && RATE_LIMIT_TEXT.test(text) && text.length < 200)
      return { messages: [text] }
    return notCanvas()
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return notCanvas()
  }
  const messages: string[] = []
  let errorCode: string | undefined
  if (Array.isArray(parsed)) return { messages }
  if (parsed && typeof parsed === 'object') {
    const obj = parsed as Record<string, unknown>
    if (typeof obj.message === 'string') messages.push(obj.message)
    if (typeof obj.error === 'string') messages.push(obj.error)
    const errors = obj.errors
    if (Array.isArray(errors)) {
      for (const e of errors) {
        if (typeof e === 'string') messages.push(e)
        else if (e && typeof e === 'object') {
          const m = (e as Record<string, unknown>).message
          if (typeof m === 'string') messages.push(m)
          const code = (e as Record<string, unknown>).error_code
          if (typeof code === 'string') errorCode ??= code
        }
      }
    } else if (errors && typeof errors === 'object') {
      for (const [key, value] of Object.entries(errors as Record<string, unknown>)) {
        if (key === 'error_code' && typeof value === 'string') errorCode = value
        else if (typeof value === 'string') messages.push(value)
        else if (Array.isArray(value)) {
          for (const v of value) {
            if (typeof v === 'string') messages.push(`${key} ${v}`)
            else if (v && typeof v === 'object' && typeof (v as { message?: unknown }).message === 'string') {
              messages.push((v as { message: string }).message)
            }
          }
        }
      }
    }
    if (typeof obj.error_code === 'string') errorCode ??= obj.error_code
  }
  return { messages, errorCode }
}
