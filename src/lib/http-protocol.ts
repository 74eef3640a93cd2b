/**
 * What the app's server and its client agree on over HTTP (src/server/csrf.ts, request-guard.ts; src/canvas/http.ts),
 * and the content types both the server's proxy and the simulator check.
 */

/** Every state-changing request carries the server's CSRF token in this header. */
export const CSRF_HEADER = 'X-CSRF-Token'
/**
 * The server names why it refused a request: `host`, `origin` or `csrf` (the client retries `csrf` once), or
 * `not-sent` for any other answer of its own made before the request reached Canvas. Any value means nothing changed.
 */
export const REFUSED_HEADER = 'X-Moderation-Desk-Refused'

/** `application/json`, with or without parameters (`; charset=utf-8`), in any case. */
export const isJsonContentType = (type: string | null | undefined) =>
  /^application\/json\s*(;|$)/i.test((type ?? '').trim())

/** `application/x-www-form-urlencoded`, with or without parameters. */
export const isFormContentType = (type: string | null | undefined) =>
  /^application\/x-www-form-urlencoded\s*(;|$)/i.test((type ?? '').trim())
