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
  | 'malformed-response'

export class CanvasApiError extends Error {
  readonly status: number
  readonly messages: string[]
  readonly path: string
  readonly kind: CanvasErrorKind
  readonly errorCode: string | undefined
  /** Live OAuth mode: the user's sign-in has ended; this same-origin URL signs in again (server's 401 body). */
  readonly loginUrl: string | undefined

  constructor(init: {
    status: number
    messages: string[]
    path: string
    kind?: CanvasErrorKind
    errorCode?: string
    loginUrl?: string
  }) {
    const kind = init.kind ?? kindFromStatus(init.status, init.messages)
    super(`${init.messages[0] ?? `Canvas answered ${init.status}`} (${init.path})`)
    this.name = 'CanvasApiError'
    this.status = init.status
    this.messages = init.messages
    this.path = init.path
    this.kind = kind
    this.errorCode = init.errorCode
    this.loginUrl = init.loginUrl
  }

  /** The first Canvas message, or a plain fallback. */
  get canvasMessage(): string {
    return this.messages[0] ?? `Canvas answered ${this.status}`
  }
}

export function isCanvasApiError(error: unknown): error is CanvasApiError {
  return error instanceof CanvasApiError
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
 */
export function parseCanvasErrorBody(
  body: string,
  contentType: string | null,
): { messages: string[]; errorCode?: string } {
  const text = body.trim()
  const looksJson = (contentType ?? '').includes('json') || text.startsWith('{') || text.startsWith('[')
  if (!looksJson) return { messages: text ? [text] : [] }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return { messages: text ? [text] : [] }
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
