/**
 * OAuth mode (shared deployment): each user signs in with Canvas OAuth2 through the institution's developer
 * key. Canvas tokens stay in a server-side session (session-store.ts); the browser holds the session id in
 * an HttpOnly cookie and a CSRF token it must echo on state-changing requests.
 *
 * Routes (same origin as the app):
 *   GET  /login?return_to=/path   → 302 to Canvas's /login/oauth2/auth with a state bound to this browser by a
 *                                   signed, short-lived md_login cookie (login-state.ts; nothing kept here)
 *   GET  /oauth/callback          → checks the state, exchanges the code server-side, starts a new session,
 *                                   sets md_sid + md_csrf, 303 back to return_to
 *   POST /logout                  → (X-CSRF-Token) DELETE /login/oauth2/token at Canvas, ends the session
 *   GET  /session                 → {mode, signedIn, user, csrfToken} or {mode, signedIn: false, login_url}
 *   /api/v1/*                     → the Canvas proxy with the session's token: refreshed shortly before it
 *                                   expires and once more when Canvas rejects it; with no usable token, 401
 *                                   {errors, login_url}. Non-GET requests need X-CSRF-Token.
 *
 * Over https the cookies carry the `__Host-` prefix (`__Host-md_sid`, …): the browser then accepts them only
 * from this host, Secure, with Path=/ and no Domain, so a sibling subdomain cannot plant or overwrite them.
 * The Host and Origin checks in front of all this are request-guard.ts's.
 *
 * Nothing here logs or returns tokens, codes, states or the client secret: log lines carry method, route
 * template, status and latency only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { escapeHtml } from '../lib/html'
import { createCanvasProxy, isTokenRejected, sendJson, type ProxyLog } from './canvas-proxy'
import type { OAuthConfig } from './config'
import { CSRF_MISSING_MESSAGE, hasCsrfToken, randomToken, sameSecret } from './csrf'
import { createLoginStateCodec } from './login-state'
import {
  SessionStore,
  type CanvasTokens,
  type RefreshOutcome,
  type Session,
  type SessionStoreOptions,
} from './session-store'

export const SESSION_COOKIE = 'md_sid'
export const CSRF_COOKIE = 'md_csrf'
export const LOGIN_COOKIE = 'md_login'
/** Optional request header: the page the app is on, used for login_url's return_to (Referer is off by policy). */
export const RETURN_TO_HEADER = 'x-return-to'
export const SIGN_IN_MESSAGE = 'Sign in with Canvas to continue.'
export const NOT_REVOKED_MESSAGE =
  'You are signed out of Moderation Desk, but Canvas could not be reached to revoke the sign-in it gave Moderation Desk. ' +
  'To revoke it yourself, open Canvas → Account → Settings → Approved Integrations and delete Moderation Desk there.'

/** The cookie names: `__Host-` prefixed over https (the browser then enforces Secure, Path=/, no Domain). */
export function cookieNames(secure: boolean) {
  const prefix = secure ? '__Host-' : ''
  return { session: `${prefix}${SESSION_COOKIE}`, csrf: `${prefix}${CSRF_COOKIE}`, login: `${prefix}${LOGIN_COOKIE}` }
}

export type OAuthModeOptions = {
  log?: (entry: ProxyLog) => void
  /** Clock for token expiry and sessions (tests move it). */
  now?: () => number
  sessions?: Omit<SessionStoreOptions, 'now'>
}

type TokenAnswer =
  | {
      ok: true
      accessToken: string
      refreshToken: string | null
      expiresIn: number | null
      user: { id: number; name: string } | null
    }
  | { ok: false; kind: 'rejected' | 'unavailable'; error: string }

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim()
  }
  return out
}

/**
 * A same-origin path to come back to after signing in, or "/" for anything else: absolute URLs,
 * protocol-relative `//host`, backslashes, control characters, and the auth routes themselves.
 */
export function safeReturnTo(raw: string | null | undefined, publicOrigin: string): string {
  if (!raw || raw.length > 2048 || !raw.startsWith('/') || raw.startsWith('//')) return '/'
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return '/'
  let url: URL
  try {
    url = new URL(raw, publicOrigin)
  } catch {
    return '/'
  }
  if (url.origin !== publicOrigin) return '/'
  const path = `${url.pathname}${url.search}${url.hash}`
  if (
    path.startsWith('//') ||
    /^\/(login|logout|session|oauth\/callback)(\/|$)/.test(url.pathname) ||
    url.pathname.startsWith('/api/')
  )
    return '/'
  return path
}

export function createOAuthMode(config: OAuthConfig, opts: OAuthModeOptions = {}) {
  const now = opts.now ?? Date.now
  const store = new SessionStore({ ...opts.sessions, now })
  const publicOrigin = new URL(config.publicUrl).origin
  const redirectUri = `${publicOrigin}/oauth/callback`
  const secure = publicOrigin.startsWith('https:')
  const names = cookieNames(secure)
  const cookieTail = `Path=/; SameSite=Lax${secure ? '; Secure' : ''}`
  const log = opts.log ?? (() => {})
  const pendingMs = opts.sessions?.pendingMs ?? 15 * 60_000
  const loginState = createLoginStateCodec(config.clientSecret, { pendingMs, now })
  /** Which session and which access token each proxied request used. */
  const requestSession = new WeakMap<IncomingMessage, Session>()
  const requestToken = new WeakMap<IncomingMessage, string>()
  /** Requests whose refresh failed because Canvas could not be reached (not a reason to sign in again). */
  const refreshUnavailable = new WeakSet<IncomingMessage>()
  const UNAVAILABLE = { errors: [{ message: 'Canvas could not renew your sign-in just now. Try again in a moment.' }] }

  const loginUrl = (returnTo: string) => `/login?return_to=${encodeURIComponent(returnTo)}`
  const signInBody = (req: IncomingMessage) => {
    const hint = req.headers[RETURN_TO_HEADER]
    return {
      errors: [{ message: SIGN_IN_MESSAGE }],
      login_url: loginUrl(safeReturnTo(typeof hint === 'string' ? hint : '/', publicOrigin)),
    }
  }
  const sessionId = (req: IncomingMessage) => parseCookies(req.headers.cookie)[names.session]

  const sessionCookies = (id: string, session: Session, maxAgeSeconds: number) => [
    `${names.session}=${id}; ${cookieTail}; HttpOnly; Max-Age=${maxAgeSeconds}`,
    `${names.csrf}=${session.csrfToken}; ${cookieTail}; Max-Age=${maxAgeSeconds}`,
  ]
  const clearCookies = [
    `${names.session}=; ${cookieTail}; HttpOnly; Max-Age=0`,
    `${names.csrf}=; ${cookieTail}; Max-Age=0`,
  ]
  /** The pending sign-ins cookie holding `entries` (cleared when there are none left). */
  const loginCookie = (entries: ReturnType<typeof loginState.decode>) =>
    entries.length
      ? `${names.login}=${loginState.encode(entries)}; ${cookieTail}; HttpOnly; Max-Age=${Math.round(pendingMs / 1000)}`
      : `${names.login}=; ${cookieTail}; HttpOnly; Max-Age=0`
  const signedInMaxAge = Math.round((opts.sessions?.absoluteMs ?? 7 * 86_400_000) / 1000)

  function page(
    res: ServerResponse,
    status: number,
    title: string,
    message: string,
    link: { href: string; text: string },
  ) {
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
    res.end(
      `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} – Moderation Desk</title></head>` +
        `<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p></main></body></html>\n`,
    )
  }

  function redirect(res: ServerResponse, status: number, location: string, cookies: string[] = []) {
    res.writeHead(status, {
      Location: location,
      'Cache-Control': 'no-store',
      ...(cookies.length ? { 'Set-Cookie': cookies } : {}),
    })
    res.end()
  }

  /** POST /login/oauth2/token at Canvas. Only the outcome is logged. */
  async function tokenEndpoint(fields: Record<string, string>): Promise<TokenAnswer> {
    const started = performance.now()
    const route = `canvas:/login/oauth2/token (${fields.grant_type})`
    let res: Response
    try {
      res = await fetch(`${config.canvasUrl}/login/oauth2/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams({
          ...fields,
          client_id: config.clientId,
          client_secret: config.clientSecret,
        }).toString(),
        redirect: 'manual',
        signal: AbortSignal.timeout(config.timeoutMs),
      })
    } catch {
      log({ method: 'POST', route, status: 0, ms: Math.round(performance.now() - started) })
      return { ok: false, kind: 'unavailable', error: 'unreachable' }
    }
    log({ method: 'POST', route, status: res.status, ms: Math.round(performance.now() - started) })
    let body: Record<string, unknown> = {}
    try {
      body = (await res.json()) as Record<string, unknown>
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

  const tokensFrom = (answer: Extract<TokenAnswer, { ok: true }>, previousRefresh: string | null): CanvasTokens => {
    const t = now()
    return {
      accessToken: answer.accessToken,
      refreshToken: answer.refreshToken ?? previousRefresh,
      expiresAt: answer.expiresIn === null ? null : t + answer.expiresIn * 1000,
      issuedAt: t,
    }
  }

  /** One refresh per session at a time; concurrent API calls share it. */
  function refresh(session: Session): Promise<RefreshOutcome> {
    session.refreshing ??= (async (): Promise<RefreshOutcome> => {
      const tokens = session.tokens
      if (!tokens?.refreshToken) {
        session.tokens = null
        return 'signin'
      }
      const answer = await tokenEndpoint({ grant_type: 'refresh_token', refresh_token: tokens.refreshToken })
      if (answer.ok) {
        session.tokens = tokensFrom(answer, tokens.refreshToken)
        return 'ok'
      }
      if (answer.kind === 'rejected') {
        session.tokens = null
        return 'signin'
      }
      return 'unavailable'
    })().finally(() => {
      session.refreshing = null
    })
    return session.refreshing
  }

  /** Refresh a little before expiry: 5 minutes, or a fifth of the lifetime for short-lived tokens. */
  const dueForRefresh = (t: CanvasTokens) =>
    t.expiresAt !== null && now() >= t.expiresAt - Math.min(300_000, (t.expiresAt - t.issuedAt) / 5)

  /**
   * DELETE /login/oauth2/token at Canvas (refreshing once if the access token has expired). 'gone': Canvas no
   * longer accepts the token anyway; 'unreachable': Canvas did not answer, so the grant may still be live.
   */
  async function revokeAtCanvas(session: Session): Promise<'revoked' | 'gone' | 'unreachable'> {
    for (let attempt = 0; attempt < 2 && session.tokens; attempt++) {
      const started = performance.now()
      let res: Response
      try {
        res = await fetch(`${config.canvasUrl}/login/oauth2/token`, {
          method: 'DELETE',
          headers: { Authorization: `Bearer ${session.tokens.accessToken}`, Accept: 'application/json' },
          redirect: 'manual',
          signal: AbortSignal.timeout(config.timeoutMs),
        })
      } catch {
        log({
          method: 'DELETE',
          route: 'canvas:/login/oauth2/token',
          status: 0,
          ms: Math.round(performance.now() - started),
        })
        return 'unreachable'
      }
      await res.body?.cancel().catch(() => {})
      log({
        method: 'DELETE',
        route: 'canvas:/login/oauth2/token',
        status: res.status,
        ms: Math.round(performance.now() - started),
      })
      if (res.ok) return 'revoked'
      if (res.status >= 500) return 'unreachable'
      if (!isTokenRejected(res) || attempt > 0) return 'gone'
      const refreshed = await refresh(session)
      if (refreshed === 'unavailable') return 'unreachable'
      if (refreshed !== 'ok') return 'gone'
    }
    return 'gone'
  }

  // The Origin half of the same-origin proof is checked for every request in front of this (request-guard.ts).
  const csrfProblem = (req: IncomingMessage, session: Session): string | null =>
    hasCsrfToken(req, session.csrfToken) ? null : CSRF_MISSING_MESSAGE

  const proxy = createCanvasProxy({
    canvasUrl: config.canvasUrl,
    timeoutMs: config.timeoutMs,
    log: opts.log,
    getToken: (req) => {
      const token = requestSession.get(req)?.tokens?.accessToken ?? null
      if (token) requestToken.set(req, token)
      return token
    },
    onUnauthorized: async (req) => {
      const session = requestSession.get(req)
      if (!session) return null
      if (session.refreshing) await session.refreshing
      const used = requestToken.get(req)
      // Another request already refreshed: use its token. Else refresh now.
      if (session.tokens && session.tokens.accessToken !== used) {
        requestToken.set(req, session.tokens.accessToken)
        return session.tokens.accessToken
      }
      const outcome = await refresh(session)
      if (outcome === 'unavailable') refreshUnavailable.add(req)
      if (outcome !== 'ok' || !session.tokens) return null
      requestToken.set(req, session.tokens.accessToken)
      return session.tokens.accessToken
    },
    signInRequired: (req) => {
      if (refreshUnavailable.has(req)) return { status: 503, body: UNAVAILABLE }
      const session = requestSession.get(req)
      // Canvas rejected the freshest token we have: the session's sign-in is over.
      if (session?.tokens && session.tokens.accessToken === requestToken.get(req)) session.tokens = null
      return { status: 401, body: signInBody(req) }
    },
  })

  /** /api/v1/*: session, CSRF, a fresh token, then the proxy. */
  async function api(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now()
    const method = req.method ?? 'GET'
    const refuse = (status: number, body: unknown) => {
      sendJson(res, status, body)
      log({ method, route: 'refused', status, ms: Math.round(performance.now() - started) })
    }
    const session = store.get(sessionId(req))
    if (!session?.tokens) return refuse(401, signInBody(req))
    if (method !== 'GET' && method !== 'HEAD') {
      const problem = csrfProblem(req, session)
      if (problem) return refuse(403, { errors: [{ message: problem }] })
    }
    if (dueForRefresh(session.tokens)) {
      // 'unavailable': go on with the current token; Canvas's answer decides.
      if ((await refresh(session)) === 'signin') return refuse(401, signInBody(req))
    }
    requestSession.set(req, session)
    await proxy(req, res)
  }

  /** GET /login: nothing is stored here until Canvas sends the user back (see login-state.ts). */
  function login(req: IncomingMessage, res: ServerResponse, url: URL) {
    const returnTo = safeReturnTo(url.searchParams.get('return_to'), publicOrigin)
    if (store.get(sessionId(req))?.tokens) return redirect(res, 303, `${publicOrigin}${returnTo}`)
    const state = randomToken(24)
    const pending = loginState.add(loginState.decode(parseCookies(req.headers.cookie)[names.login]), {
      state,
      returnTo,
      createdAt: now(),
    })
    const auth = new URL('/login/oauth2/auth', config.canvasUrl)
    auth.search = new URLSearchParams({
      client_id: config.clientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      state,
    }).toString()
    redirect(res, 302, auth.toString(), [loginCookie(pending)])
  }

  /** GET /oauth/callback */
  async function callback(req: IncomingMessage, res: ServerResponse, url: URL): Promise<number> {
    const q = url.searchParams
    const oldId = sessionId(req)
    const state = q.get('state')
    const entries = loginState.decode(parseCookies(req.headers.cookie)[names.login])
    const pending = state ? entries.find((e) => sameSecret(e.state, state)) : undefined
    if (!state || !pending) {
      page(res, 400, 'Sign-in expired', 'This sign-in did not start here or took too long. Please start again.', {
        href: '/login?return_to=%2F',
        text: 'Sign in with Canvas',
      })
      return 400
    }
    // Used once: the state leaves the cookie whatever Canvas says next.
    res.setHeader('Set-Cookie', [loginCookie(entries.filter((e) => e !== pending))])
    const retry = { href: loginUrl(pending.returnTo), text: 'Try again' }
    const error = q.get('error')
    if (error !== null) {
      const cancelled = error === 'access_denied'
      page(
        res,
        403,
        cancelled ? 'Sign-in cancelled' : 'Canvas did not sign you in',
        cancelled ? 'You chose not to authorize Moderation Desk in Canvas.' : `Canvas answered: ${error}.`,
        retry,
      )
      return 403
    }
    const code = q.get('code')
    if (!code) {
      page(res, 400, 'Sign-in failed', 'Canvas sent no authorization code.', retry)
      return 400
    }
    const answer = await tokenEndpoint({ grant_type: 'authorization_code', code, redirect_uri: redirectUri })
    if (!answer.ok) {
      page(
        res,
        502,
        'Sign-in failed',
        answer.kind === 'rejected'
          ? `Canvas did not accept the sign-in (${answer.error}).`
          : 'Canvas could not be reached.',
        retry,
      )
      return 502
    }
    // A new session id at every sign-in (no session fixation); an earlier session of this browser ends.
    store.destroy(oldId)
    const created = store.create()
    created.session.user = answer.user
    created.session.tokens = tokensFrom(answer, null)
    redirect(res, 303, `${publicOrigin}${pending.returnTo}`, [
      loginCookie(entries.filter((e) => e !== pending)),
      ...sessionCookies(created.id, created.session, signedInMaxAge),
    ])
    return 303
  }

  /** POST /logout */
  async function logout(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const id = sessionId(req)
    const session = store.get(id)
    if (session) {
      const problem = csrfProblem(req, session)
      if (problem) {
        sendJson(res, 403, { errors: [{ message: problem }] })
        return 403
      }
    }
    const outcome = session?.tokens ? await revokeAtCanvas(session) : 'gone'
    store.destroy(id)
    res.setHeader('Set-Cookie', clearCookies)
    sendJson(res, 200, {
      signedIn: false,
      revoked: outcome === 'revoked',
      ...(outcome === 'unreachable' ? { message: NOT_REVOKED_MESSAGE } : {}),
      login_url: loginUrl('/'),
    })
    return 200
  }

  /** GET /session */
  function describe(req: IncomingMessage, res: ServerResponse) {
    const id = sessionId(req)
    const session = store.get(id)
    if (!id || !session?.tokens) {
      sendJson(res, 200, { mode: 'oauth', signedIn: false, login_url: loginUrl('/') })
      return
    }
    sendJson(
      res,
      200,
      { mode: 'oauth', signedIn: true, user: session.user, csrfToken: session.csrfToken },
      {
        'Set-Cookie': `${names.csrf}=${session.csrfToken}; ${cookieTail}; Max-Age=${signedInMaxAge}`,
      },
    )
  }

  const ROUTES: Record<string, string> = {
    '/login': 'GET',
    '/oauth/callback': 'GET',
    '/logout': 'POST',
    '/session': 'GET',
  }

  /** The auth routes; false when `pathname` is not one of them. */
  function handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> | false {
    const expected = ROUTES[pathname]
    if (!expected) return false
    return (async () => {
      const started = performance.now()
      const method = req.method ?? 'GET'
      const url = new URL(req.url ?? '/', publicOrigin)
      let status: number
      if (method !== expected && !(expected === 'GET' && method === 'HEAD')) {
        sendJson(
          res,
          405,
          { errors: [{ message: `Use ${expected} for ${pathname}.` }] },
          { Allow: expected === 'GET' ? 'GET, HEAD' : expected },
        )
        status = 405
      } else if (pathname === '/login') {
        login(req, res, url)
        status = res.statusCode
      } else if (pathname === '/oauth/callback') {
        status = await callback(req, res, url)
      } else if (pathname === '/logout') {
        status = await logout(req, res)
      } else {
        describe(req, res)
        status = 200
      }
      log({ method, route: pathname, status, ms: Math.round(performance.now() - started) })
    })()
  }

  return { api, handle, store, redirectUri }
}
