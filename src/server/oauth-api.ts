/**
 * OAuth mode's glue between sessions and the Canvas proxy: which session's token a request uses, renewing it a
 * little before it expires and once more when Canvas rejects it, and what the browser is told when there is no
 * usable token. Also ends a session's grant at Canvas on sign-out.
 *
 * Renewals are shared: the concurrent API calls of a session wait for one, and so does every session of this
 * process that holds the same refresh token; for 5 s after a renewal, asking again gets its answer without a call
 * to Canvas (see RECENT_REFRESH_MS). Across server processes on one database, a renewal runs under the session's
 * lock (SessionStore.withTokens: an advisory lock on PostgreSQL): a process that finds the stored token changed
 * once it has the lock takes that one, so Canvas is asked once. A renewal Canvas could not give (unreachable, or
 * refused for its throttle), or the database could not be reached for, is 'unavailable': the session is kept, and
 * the request answered 503 "try again" if it cannot go on.
 */
import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createCanvasProxy, sendJson, type ProxyLog } from './canvas-proxy'
import type { OAuthConfig } from './config'
import { CSRF_MISSING_MESSAGE, hasCsrfToken } from './csrf'
import { tokensFrom, type TokenAnswer, type TokenClient } from './oauth-token-client'
import { isStateChanging } from './request-guard'
import { canvasUserAgent } from './user-agent'
import type { CanvasTokens, RefreshOutcome, Session, SessionStore } from './session-store'

const UNAVAILABLE = { errors: [{ message: 'Canvas could not renew your sign-in just now. Try again in a moment.' }] }

/**
 * Canvas's `recent_refresh_threshold` (lib/canvas/oauth/grant_types/refresh_token.rb): an access token changed less
 * than 5 s ago (setting `oauth_refresh_token_spam_interval`) is not renewed again; older Canvas then answers without
 * a token (oauth-token-client.ts). Within that time a renewal of the same grant reuses the last one's answer.
 */
export const RECENT_REFRESH_MS = 5_000

type Renewed = Extract<TokenAnswer, { ok: true }>
/** One grant's renewal: under way, or the last successful one and when it was answered. */
type GrantRenewal = { inFlight: Promise<{ answer: TokenAnswer; at: number }> | null; last: Renewed | null; at: number }

const grantKey = (refreshToken: string) => createHash('sha256').update(refreshToken).digest('base64url')

export type SessionTokensOptions = {
  client: TokenClient
  now: () => number
  store: SessionStore
  /**
   * A signed-in session's tokens were renewed (and stored with the session). LTI mode keeps them for the user's
   * next launch too. Its failure does not fail the renewal: the kept refresh token still works.
   */
  onRenewed?: (user: { id: number; name: string }, tokens: CanvasTokens) => Promise<void>
}
type Refreshed = { outcome: RefreshOutcome; tokens: CanvasTokens | null; version: number }

/** Renewing and revoking a session's Canvas tokens. */
export function createSessionTokens({ client, now, store, onRenewed }: SessionTokensOptions) {
  /** By grant (a hash of its refresh token, never the token itself): renewals under way or just answered. */
  const grants = new Map<string, GrantRenewal>()
  /** By session: the renewal this process is running for it, which its concurrent API calls share. */
  const refreshing = new Map<string, Promise<Refreshed>>()

  /** The grant's renewal: the one under way, a successful one of the last 5 s (unless it gave `current`), or a new one. */
  function renew(refreshToken: string, current: string): Promise<{ answer: TokenAnswer; at: number }> {
    const t = now()
    for (const [k, g] of grants) if (!g.inFlight && t - g.at >= RECENT_REFRESH_MS) grants.delete(k)
    const key = grantKey(refreshToken)
    const known = grants.get(key)
    if (known?.inFlight) return known.inFlight
    // The caller already holds that answer's token (Canvas has just refused it, say): ask Canvas again.
    if (known?.last && known.last.accessToken !== current) return Promise.resolve({ answer: known.last, at: known.at })
    const entry: GrantRenewal = { inFlight: null, last: null, at: t }
    entry.inFlight = client.request({ grant_type: 'refresh_token', refresh_token: refreshToken }).then((answer) => {
      entry.inFlight = null
      entry.at = now()
      if (answer.ok) entry.last = answer
      else if (grants.get(key) === entry) grants.delete(key)
      return { answer, at: entry.at }
    })
    grants.set(key, entry)
    return entry.inFlight
  }

  /**
   * Renews the tokens `used` (by default the session's), holding the session's lock (SessionStore.withTokens): a
   * process that finds the stored tokens already changed, renewed by another process (or request) meanwhile, takes
   * those instead of asking Canvas again. Canvas's answer is stored before the lock is let go.
   */
  function renewStored(session: Session, used: string | null): Promise<Refreshed> {
    return store.withTokens(session, async (current, save) => {
      const version = () => session.tokenVersion
      if (!current) return { outcome: 'signin', tokens: null, version: version() }
      if (current.accessToken !== used && !dueForRefresh(current))
        return { outcome: 'ok', tokens: current, version: version() }
      if (!current.refreshToken) {
        await save(null)
        return { outcome: 'signin', tokens: null, version: version() }
      }
      const { answer, at } = await renew(current.refreshToken, current.accessToken)
      if (answer.ok) {
        const tokens = tokensFrom(answer, current.refreshToken, at)
        await save(tokens)
        if (session.user && onRenewed) await onRenewed(session.user, tokens).catch(() => {})
        return { outcome: 'ok', tokens, version: version() }
      }
      if (answer.kind === 'rejected') {
        await save(null)
        return { outcome: 'signin', tokens: null, version: version() }
      }
      return { outcome: 'unavailable', tokens: current, version: version() }
    })
  }

  /**
   * One refresh per session at a time in this process (concurrent API calls share it), and across processes one
   * at a time (the session's lock). Updates `session` to what it gave. `used`: the access token Canvas refused.
   */
  async function refresh(session: Session, used = session.tokens?.accessToken ?? null): Promise<RefreshOutcome> {
    let shared = refreshing.get(session.idHash)
    if (!shared) {
      // A database that cannot be reached is no reason to sign anyone out: 'unavailable', try again.
      shared = renewStored(session, used)
        .catch((): Refreshed => ({ outcome: 'unavailable', tokens: session.tokens, version: session.tokenVersion }))
        .finally(() => refreshing.delete(session.idHash))
      refreshing.set(session.idHash, shared)
    }
    const { outcome, tokens, version } = await shared
    session.tokens = tokens
    session.tokenVersion = version
    return outcome
  }

  /** Refresh a little before expiry: 5 minutes, or a fifth of the lifetime for short-lived tokens. */
  const dueForRefresh = (t: CanvasTokens) =>
    t.expiresAt !== null && now() >= t.expiresAt - Math.min(300_000, (t.expiresAt - t.issuedAt) / 5)

  /**
   * Revokes the session's grant at Canvas, refreshing once if the access token has expired. 'gone': Canvas no
   * longer accepts the token anyway; 'unreachable': Canvas did not answer, so the grant may still be live.
   */
  async function revoke(session: Session): Promise<'revoked' | 'gone' | 'unreachable'> {
    for (let attempt = 0; attempt < 2 && session.tokens; attempt++) {
      const answer = await client.revoke(session.tokens.accessToken)
      if (answer === 'revoked' || answer === 'unreachable') return answer
      if (answer === 'refused' || attempt > 0) return 'gone'
      const refreshed = await refresh(session)
      if (refreshed === 'unavailable') return 'unreachable'
      if (refreshed !== 'ok') return 'gone'
    }
    return 'gone'
  }

  return { refresh, dueForRefresh, revoke }
}

export type SessionTokens = ReturnType<typeof createSessionTokens>

export type OAuthApiOptions = {
  config: OAuthConfig
  tokens: SessionTokens
  store: SessionStore
  sessionOf: (req: IncomingMessage) => Promise<Session | null>
  /** What the browser gets when it must sign in again: 401 {errors, login_url}. */
  signInBody: (req: IncomingMessage) => unknown
  log: (entry: ProxyLog) => void
}

/** /api/v1/* in OAuth mode: the session, its CSRF token, a fresh access token, then the Canvas proxy. */
export function createOAuthApi({ config, tokens, store, sessionOf, signInBody, log }: OAuthApiOptions) {
  /** Which session and which access token each proxied request used. */
  const requestSession = new WeakMap<IncomingMessage, Session>()
  const requestToken = new WeakMap<IncomingMessage, string>()
  /** Requests whose refresh failed because Canvas could not be reached (not a reason to sign in again). */
  const refreshUnavailable = new WeakSet<IncomingMessage>()

  const proxy = createCanvasProxy({
    canvasUrl: config.canvasUrl,
    timeoutMs: config.timeoutMs,
    userAgent: canvasUserAgent(config.publicUrl),
    log,
    getToken: (req) => {
      const token = requestSession.get(req)?.tokens?.accessToken ?? null
      if (token) requestToken.set(req, token)
      return token
    },
    onUnauthorized: async (req) => {
      const session = requestSession.get(req)
      if (!session) return null
      const used = requestToken.get(req) ?? null
      // Another request of this one's already refreshed: use its token. Else refresh now (which takes the stored
      // token instead when another process or request renewed it meanwhile).
      if (session.tokens && session.tokens.accessToken !== used) {
        requestToken.set(req, session.tokens.accessToken)
        return session.tokens.accessToken
      }
      const outcome = await tokens.refresh(session, used)
      if (outcome === 'unavailable') refreshUnavailable.add(req)
      if (outcome !== 'ok' || !session.tokens) return null
      requestToken.set(req, session.tokens.accessToken)
      return session.tokens.accessToken
    },
    signInRequired: (req) => {
      if (refreshUnavailable.has(req)) return { status: 503, body: UNAVAILABLE }
      const session = requestSession.get(req)
      // Canvas rejected the freshest token we have: the session's sign-in is over (unless another request renewed
      // its tokens meanwhile). The answer does not wait for the write: a request that still finds the old token
      // is refused by Canvas in turn.
      if (session?.tokens && session.tokens.accessToken === requestToken.get(req))
        void store.signOut(session).catch(() => {})
      return { status: 401, body: signInBody(req) }
    },
  })

  return async function api(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now()
    const method = req.method ?? 'GET'
    const refuse = (status: number, body: unknown) => {
      sendJson(res, status, body)
      log({ method, route: 'refused', status, ms: Math.round(performance.now() - started) })
    }
    const session = await sessionOf(req)
    if (!session?.tokens) return refuse(401, signInBody(req))
    // The Origin half of the same-origin proof is checked for every request in front of this (request-guard.ts).
    if (isStateChanging(method) && !hasCsrfToken(req, session.csrfToken)) {
      return refuse(403, { errors: [{ message: CSRF_MISSING_MESSAGE }] })
    }
    if (tokens.dueForRefresh(session.tokens)) {
      // 'unavailable': go on with the current token; Canvas's answer decides.
      if ((await tokens.refresh(session)) === 'signin') return refuse(401, signInBody(req))
    }
    requestSession.set(req, session)
    await proxy(req, res)
  }
}
