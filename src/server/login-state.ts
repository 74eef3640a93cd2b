/**
 * Sign-ins that have not finished yet (OAuth `state` → where to return), kept in a signed, short-lived cookie
 * instead of the server's memory: a flood of `GET /login` then costs the server nothing and cannot push real
 * users' pending sign-ins out of a full table. The cookie binds the state to the browser that started the
 * sign-in (login CSRF), as a server-side session did; its HMAC key is derived from the developer key's secret,
 * so a sign-in survives a restart and works across several server processes.
 */
import { createHmac } from 'node:crypto'
import { sameSecret } from './csrf'

export type PendingLogin = { state: string; returnTo: string; createdAt: number }

/** Several tabs may be signing in at once; the oldest give way first. */
const MAX_PENDING = 3
/** Browsers keep cookies up to 4,096 bytes (name, value and attributes); stay well under. */
const MAX_VALUE_BYTES = 3_000

export function createLoginStateCodec(
  secret: string,
  opts: { pendingMs: number; now: () => number; purpose?: string },
) {
  // `purpose` separates the keys of cookies made for different things (the OAuth sign-in, LTI's login state).
  const key = createHmac('sha256', secret)
    .update(opts.purpose ?? 'moderation-desk/login-state/v1')
    .digest()
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url')

  function encode(entries: PendingLogin[]): string {
    const payload = Buffer.from(JSON.stringify(entries.map((e) => [e.state, e.returnTo, e.createdAt]))).toString(
      'base64url',
    )
    return `${payload}.${sign(payload)}`
  }

  /** The live entries of a cookie value; [] for a missing, forged, damaged or expired one. */
  function decode(value: string | undefined): PendingLogin[] {
    if (!value) return []
    const dot = value.indexOf('.')
    if (dot <= 0) return []
    const payload = value.slice(0, dot)
    if (!sameSecret(value.slice(dot + 1), sign(payload))) return []
    let raw: unknown
    try {
      raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
    } catch {
      return []
    }
    if (!Array.isArray(raw)) return []
    const t = opts.now()
    return raw
      .filter(
        (e): e is [string, string, number] =>
          Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'string' && typeof e[2] === 'number',
      )
      .map(([state, returnTo, createdAt]) => ({ state, returnTo, createdAt }))
      .filter((e) => t - e.createdAt <= opts.pendingMs && e.createdAt <= t)
  }

  /** `entries` plus a new one, trimmed to what fits in a cookie (newest kept). */
  function add(entries: PendingLogin[], entry: PendingLogin): PendingLogin[] {
    const next = [...entries, entry].slice(-MAX_PENDING)
    while (next.length > 1 && encode(next).length > MAX_VALUE_BYTES) next.shift()
    return next
  }

  return { encode, decode, add }
}
