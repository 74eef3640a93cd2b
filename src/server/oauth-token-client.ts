/**
 * Canvas's OAuth2 token endpoint, as the server calls it (never the browser): `POST /login/oauth2/token` to exchange
 * a code or a refresh token, `DELETE /login/oauth2/token` to revoke. Only the outcome is logged: no token, code or
 * secret ever reaches a log line.
 */
import type { ProxyLog } from './canvas-proxy'
import { isTokenRejected } from './canvas-proxy'
import type { OAuthConfig } from './config'
import { sleep } from '../lib/sleep'
import type { CanvasTokens } from './session-store'
import { canvasUserAgent } from './user-agent'

export type TokenAnswer =
  | {
      ok: true
      accessToken: string
      refreshToken: string | null
      expiresIn: number | null
      user: { id: number; name: string } | null
    }
  | { ok: false; kind: 'rejected' | 'unavailable'; error: string }

/**
 * 'revoked'; 'rejected': Canvas no longer accepts this access token (it may need a refresh to be revoked);
 * 'refused': any other answer but success (the grant is not ours to end); 'unreachable': no answer, or Canvas failed.
 */
export type RevokeAnswer = 'revoked' | 'rejected' | 'refused' | 'unreachable'

const TOKEN_PATH = '/login/oauth2/token'
const THROTTLE_RETRY_MS = [500, 1000, 2000]

/** The `error` (with its description) of an OAuth2 error redirect, or null. */
function redirectError(location: string | null): string | null {
  if (!location) return null
  try {
    const params = new URL(location, 'http://redirect.invalid').searchParams
    const error = params.get('error')
    if (!error) return null
    const description = params.get('error_description')
    return description ? `${error}: ${description}` : error
  } catch {
    return null
  }
}

export function createTokenClient(config: OAuthConfig, log: (entry: ProxyLog) => void) {
  const userAgent = canvasUserAgent(config.publicUrl)
  const logged = (method: string, route: string, started: number, status: number) =>
    log({ method, route, status, ms: Math.round(performance.now() - started) })

  /**
   * POST /login/oauth2/token with the developer key. Canvas charges this endpoint 200 throttle units per call,
   * keyed by the caller (this server's address, for every user at once), so a sign-in rush or concurrent refreshes
   * can be refused with `403 Rate Limit Exceeded`: that is "try again", never a rejected grant. Retried after
   * 0.5, 1 and 2 s (plus up to 20 %); still refused, the answer is 'unavailable', so nobody is signed out for it.
   */
  async function request(fields: Record<string, string>): Promise<TokenAnswer> {
    for (let attempt = 0; ; attempt++) {
      const answer = await requestOnce(fields)
      if (answer !== 'throttled') return answer
      const delay = THROTTLE_RETRY_MS[attempt]
      if (delay === undefined) return { ok: false, kind: 'unavailable', error: 'rate limited' }
      await sleep(delay * (1 + Math.random() * 0.2))
    }
  }

  async function requestOnce(fields: Record<string, string>): Promise<TokenAnswer | 'throttled'> {
    const started = performance.now()
    const route = `canvas:${TOKEN_PATH} (${fields.grant_type})`
    let res: Response
    try {
      res = await fetch(`${config.canvasUrl}${TOKEN_PATH}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
          'User-Agent': userAgent,
        },
        body: new URLSearchParams({
          ...fields,
          client_id: config.clientId,
          client_secret: config.clientSecret,
        }).toString(),
        redirect: 'manual',
        signal: AbortSignal.timeout(config.timeoutMs),
      })
    } catch {
      logged('POST', route, started, 0)
      return { ok: false, kind: 'unavailable', error: 'unreachable' }
    }
    logged('POST', route, started, res.status)
    const text = await res.text().catch(() => '')
    if (res.status === 403 && (/Rate Limit Exceeded/i.test(text) || res.headers.has('x-rate-limit-remaining'))) {
      return 'throttled'
    }
    // A failed code exchange: Canvas may answer with a redirect to the redirect URI carrying `error` (OAuth2's
    // error redirect) instead of a JSON 400; either way the grant was refused.
    if (res.status >= 300 && res.status < 400) {
      const error = redirectError(res.headers.get('location'))
      return error
        ? { ok: false, kind: 'rejected', error }
        : { ok: false, kind: 'unavailable', error: `status ${res.status}` }
    }
    let body: Record<string, unknown> = {}
    try {
      body = JSON.parse(text) as Record<string, unknown>
    } catch {
      // not JSON
    }
    if (res.status !== 200 || typeof body.access_token !== 'string' || body.access_token === '') {
      const error = typeof body.error === 'string' ? body.error : `status ${res.status}`
      return { ok: false, kind: res.status >= 400 && res.status < 500 ? 'rejected' : 'unavailable', error }
    }
    const user = body.user as { id?: unknown; name?: unknown } | undefined
    return {
      ok: true,
      accessToken: body.access_token,
      refreshToken: typeof body.refresh_token === 'string' && body.refresh_token ? body.refresh_token : null,
      expiresIn: typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : null,
      user:
        user && typeof user.id === 'number'
          ? { id: user.id, name: typeof user.name === 'string' ? user.name : '' }
          : null,
    }
  }

  /** DELETE /login/oauth2/token with the access token it revokes. */
  async function revoke(accessToken: string): Promise<RevokeAnswer> {
    const started = performance.now()
    let res: Response
    try {
      res = await fetch(`${config.canvasUrl}${TOKEN_PATH}`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json', 'User-Agent': userAgent },
        redirect: 'manual',
        signal: AbortSignal.timeout(config.timeoutMs),
      })
    } catch {
      logged('DELETE', `canvas:${TOKEN_PATH}`, started, 0)
      return 'unreachable'
    }
    await res.body?.cancel().catch(() => {})
    logged('DELETE', `canvas:${TOKEN_PATH}`, started, res.status)
    if (res.ok) return 'revoked'
    if (res.status >= 500) return 'unreachable'
    return isTokenRejected(res) ? 'rejected' : 'refused'
  }

  return { request, revoke }
}

export type TokenClient = ReturnType<typeof createTokenClient>

/** The tokens to keep from a successful answer (a refresh may leave out the refresh token: keep the old one). */
export function tokensFrom(
  answer: Extract<TokenAnswer, { ok: true }>,
  previousRefresh: string | null,
  now: number,
): CanvasTokens {
  return {
    accessToken: answer.accessToken,
    refreshToken: answer.refreshToken ?? previousRefresh,
    expiresAt: answer.expiresIn === null ? null : now + answer.expiresIn * 1000,
    issuedAt: now,
  }
}
