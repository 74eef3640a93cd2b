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

/**
 * Canvas's request throttle (app/middleware/request_throttle.rb, LeakyBucket): a bucket per caller that is "full"
 * at 600 units, leaks 10 units a second, and holds back 50 units while a request is under way; the token endpoint
 * adds 200 units per token it issues (oauth2_provider_controller.rb, `oauth_token_additional_request_cost`). The
 * caller is this server's address, for every user at once: three sign-ins or renewals in a row fill the bucket,
 * and a refused call must wait until it has drained below 550: some seconds after a few, up to 25 s after a burst.
 * Hence waits that double up to 8 s (15.5 s in all, each plus up to 20 %); still refused after them, the answer
 * is 'unavailable' (try again later).
 */
export const THROTTLE_RETRY_MS: readonly number[] = [500, 1000, 2000, 4000, 8000]

/**
 * Older Canvas does not renew an access token changed less than 5 s ago (`recent_refresh_threshold`,
 * lib/canvas/oauth/grant_types/refresh_token.rb, setting `oauth_refresh_token_spam_interval`) and then answers 200
 * with `"access_token": null`, since it keeps only a hash of the token (canvas-lms issue #1410). A renewal answered
 * so is tried once more after this long. (Current Canvas renews every time.)
 */
export const RECENT_REFRESH_WAIT_MS = 5500

export type TokenClientOptions = {
  /** Waits before each retry of a call refused for the throttle (tests shorten them). */
  throttleRetryMs?: readonly number[]
  /** Wait before renewing again after a renewal answered without an access token. */
  recentRefreshWaitMs?: number
}

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

export function createTokenClient(config: OAuthConfig, log: (entry: ProxyLog) => void, opts: TokenClientOptions = {}) {
  const userAgent = canvasUserAgent(config.publicUrl)
  const throttleRetryMs = opts.throttleRetryMs ?? THROTTLE_RETRY_MS
  const recentRefreshWaitMs = opts.recentRefreshWaitMs ?? RECENT_REFRESH_WAIT_MS
  const logged = (method: string, route: string, started: number, status: number) =>
    log({ method, route, status, ms: Math.round(performance.now() - started) })

  /**
   * POST /login/oauth2/token with the developer key. A call refused with `403 Rate Limit Exceeded` (see
   * THROTTLE_RETRY_MS) is "try again", never a rejected grant: it is retried with back-off and, still refused,
   * answered 'unavailable', so nobody is signed out for it. A renewal answered without a token (see
   * RECENT_REFRESH_WAIT_MS) is tried once more, then 'unavailable' too.
   */
  async function request(fields: Record<string, string>): Promise<TokenAnswer> {
    let throttled = 0
    let waitedForRecentRefresh = false
    for (;;) {
      const answer = await requestOnce(fields)
      if (answer === 'throttled') {
        const delay = throttleRetryMs[throttled++]
        if (delay === undefined) return { ok: false, kind: 'unavailable', error: 'rate limited' }
        await sleep(delay * (1 + Math.random() * 0.2))
      } else if (answer === 'no access token') {
        if (fields.grant_type !== 'refresh_token' || waitedForRecentRefresh)
          return { ok: false, kind: 'unavailable', error: 'no access token' }
        waitedForRecentRefresh = true
        await sleep(recentRefreshWaitMs)
      } else {
        return answer
      }
    }
  }

  async function requestOnce(fields: Record<string, string>): Promise<TokenAnswer | 'throttled' | 'no access token'> {
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
      const parsed: unknown = JSON.parse(text)
      if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>
    } catch {
      // not JSON
    }
    if (res.status === 200 && (typeof body.access_token !== 'string' || body.access_token === ''))
      return 'no access token'
    if (res.status !== 200 || typeof body.access_token !== 'string') {
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
