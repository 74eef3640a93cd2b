/**
 * CSRF tokens: every state-changing request must carry `X-CSRF-Token`, a value only this server's own pages can
 * learn (from `GET /session`, which another origin cannot read). A custom header cannot be added to a cross-site
 * form post or `no-cors` fetch without a CORS preflight, which this server never grants; together with the
 * Origin check (request-guard.ts) that makes a forged request impossible.
 *
 * OAuth mode: the token is the session's (oauth.ts). Token and demo modes have no session: one random token per
 * server process. After a restart the app's copy is stale; the server refuses with `X-Moderation-Desk-Refused:
 * csrf` and the app fetches the new one and retries once (safe: nothing reached Canvas).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { CSRF_HEADER } from '../lib/http-protocol'

export const CSRF_MISSING_MESSAGE =
  'The request is missing its CSRF token (X-CSRF-Token). Reload the page and try again.'

export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url')

/** Constant-time comparison of two secrets (length differences end it early, which reveals only the length). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** Whether the request's X-CSRF-Token header is `expected`. */
export function hasCsrfToken(req: IncomingMessage, expected: string): boolean {
  const header = req.headers[CSRF_HEADER.toLowerCase()]
  return typeof header === 'string' && sameSecret(header, expected)
}
