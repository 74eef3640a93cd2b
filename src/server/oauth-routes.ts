/**
 * OAuth mode's own routes and pages (same origin as the app):
 *   GET  /login?return_to=/path   → 302 to Canvas's /login/oauth2/auth with the scopes (CANVAS_SCOPES) and a state
 *                                   bound to this browser by a signed, short-lived md_login cookie (login-state.ts;
 *                                   nothing kept here)
 *   GET  /oauth/callback          → checks the state, exchanges the code server-side, starts a new session,
 *                                   sets md_sid + md_csrf, 303 back to return_to
 *   POST /logout                  → (X-CSRF-Token) revokes the grant at Canvas, ends the session
 *   GET  /session                 → {mode, signedIn, user, csrfToken} or {mode, signedIn: false, login_url}
 *
 * Over https the cookies carry the `__Host-` prefix (`__Host-md_sid`, …): the browser then accepts them only
 * from this host, Secure, with Path=/ and no Domain, so a sibling subdomain cannot plant or overwrite them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { parseCookie, stringifySetCookie } from 'cookie'
import { escapeHtml } from '../lib/html'
import { sendJson, type ProxyLog } from './canvas-proxy'
import type { OAuthConfig } from './config'
import { CSRF_MISSING_MESSAGE, hasCsrfToken, randomToken, sameSecret } from './csrf'
import { createLoginStateCodec, type PendingLogin } from './login-state'
import type { SessionTokens } from './oauth-api'
import { tokensFrom, type TokenClient } from './oauth-token-client'
import type { CanvasTokens, Session, SessionStore } from './session-store'

export const SESSION_COOKIE = 'md_sid'
export const CSRF_COOKIE = 'md_csrf'
export const LOGIN_COOKIE = 'md_login'
/** Optional request header: the page the app is on, used for login_url's return_to (Referer is off by policy). */
export const RETURN_TO_HEADER = 'x-return-to'
export const SIGN_IN_MESSAGE = 'Sign in with Canvas to continue.'
/**
 * Canvas's `invalid_scope` (lib/canvas/oauth/invalid_scope_error.rb): the developer key enforces scopes and lacks one
 * that was asked for. Canvas redirects with it but without the state (oauth2_provider_controller.rb, auth:
 * redirect_oauth_error), so it is explained whether or not the state came back.
 */
export const INVALID_SCOPE_MESSAGE =
  'Canvas refused the sign-in because Moderation Desk asked for permissions (scopes) that its Canvas developer key does not grant. ' +
  "Please tell your Canvas administrator: the key needs the scopes listed in Moderation Desk's README (Admin → Developer Keys), " +
  "or Moderation Desk's CANVAS_SCOPES setting must name only scopes the key has."
/** The sign-in failed because Canvas's throttle refused the server's token calls for longer than it waits. */
export const TOKEN_THROTTLED_MESSAGE =
  'Canvas is busy: it limits how often Moderation Desk may sign people in, and many are signing in right now. Please try again in a minute.'
export const NOT_REVOKED_MESSAGE =
  'You are signed out of Moderation Desk, but Canvas could not be reached to revoke the sign-in it gave Moderation Desk. ' +
  'To revoke it yourself, open Canvas → Account → Settings → Approved Integrations and delete Moderation Desk there.'

/** The cookie names: `__Host-` prefixed over https (the browser then enforces Secure, Path=/, no Domain). */
export function cookieNames(secure: boolean) {
  const prefix = secure ? '__Host-' : ''
  return { session: `${prefix}${SESSION_COOKIE}`, csrf: `${prefix}${CSRF_COOKIE}`, login: `${prefix}${LOGIN_COOKIE}` }
}

/**
 * A same-origin path to come back to after signing in, or "/" for anything else: absolute URLs,
 * protocol-relative `//host`, backslashes, control characters, and the auth routes themselves.
 */
export function safeReturnTo(raw: string | null | undefined, publicOrigin: string): string {
  if (!raw || raw.length > 2048 || !raw.startsWith('/') || raw.startsWith('//')) return '/'
  // oxlint-disable-next-line no-control-regex -- control characters are exactly what is refused here
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

export const loginUrl = (returnTo: string) => `/login?return_to=${encodeURIComponent(returnTo)}`

export type OAuthRoutesOptions = {
  config: OAuthConfig
  store: SessionStore
  client: TokenClient
  tokens: SessionTokens
  now: () => number
  log: (entry: ProxyLog) => void
  /** How long a sign-in may take; how long a signed-in session may last in any case. */
  pendingMs: number
  absoluteMs: number
  /** After a sign-in (LTI mode keeps the user's tokens for later launches). A failure does not fail the sign-in. */
  onSignedIn?: (user: { id: number; name: string }, tokens: CanvasTokens) => Promise<void>
  /** After a sign-out of a session with a user (LTI mode forgets the user's kept tokens). */
  onSignedOut?: (user: { id: number; name: string }) => Promise<void>
}

export function createOAuthRoutes(opts: OAuthRoutesOptions) {
  const { config, store, client, tokens, now, log, pendingMs } = opts
  const publicOrigin = new URL(config.publicUrl).origin
  const redirectUri = `${publicOrigin}/oauth/callback`
  const secure = publicOrigin.startsWith('https:')
  const names = cookieNames(secure)
  const loginState = createLoginStateCodec(config.clientSecret, { pendingMs, now })
  const signedInMaxAge = Math.round(opts.absoluteMs / 1000)

  const cookies = (req: IncomingMessage) => parseCookie(req.headers.cookie ?? '')
  const sessionId = (req: IncomingMessage) => cookies(req)[names.session]
  const sessionOf = (req: IncomingMessage): Promise<Session | null> => store.get(sessionId(req))
  // Inside Canvas's iframe (LTI mode) every request of the tool is a third-party one: its cookies must be
  // SameSite=None (which browsers take only with Secure) to come back at all, and Partitioned (CHIPS) so that
  // browsers blocking third-party cookies keep them for this tool inside Canvas. Over plain http (this machine
  // only) SameSite=None is not possible; Lax works there because Canvas and the tool are then the same site.
  const framed = config.lti !== null && secure
  const setCookie = (name: string, value: string, maxAge: number, httpOnly: boolean) =>
    stringifySetCookie(name, value, {
      path: '/',
      sameSite: framed ? 'none' : 'lax',
      secure,
      httpOnly,
      maxAge,
      ...(framed ? { partitioned: true } : {}),
    })

  const signInBody = (req: IncomingMessage) => {
    const hint = req.headers[RETURN_TO_HEADER]
    return {
      errors: [{ message: SIGN_IN_MESSAGE }],
      login_url: loginUrl(safeReturnTo(typeof hint === 'string' ? hint : '/', publicOrigin)),
    }
  }
  const sessionCookies = (id: string, session: Session) => [
    setCookie(names.session, id, signedInMaxAge, true),
    setCookie(names.csrf, session.csrfToken, signedInMaxAge, false),
  ]
  const clearCookies = [setCookie(names.session, '', 0, true), setCookie(names.csrf, '', 0, false)]
  /** The pending sign-ins cookie holding `entries` (cleared when there are none left). */
  const loginCookie = (entries: PendingLogin[]) =>
    entries.length
      ? setCookie(names.login, loginState.encode(entries), Math.round(pendingMs / 1000), true)
      : setCookie(names.login, '', 0, true)

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

  function redirect(res: ServerResponse, status: number, location: string, setCookies: string[] = []) {
    res.writeHead(status, {
      Location: location,
      'Cache-Control': 'no-store',
      ...(setCookies.length ? { 'Set-Cookie': setCookies } : {}),
    })
    res.end()
  }

  /** GET /login: nothing is stored here until Canvas sends the user back (see login-state.ts). */
  async function login(req: IncomingMessage, res: ServerResponse, url: URL) {
    const returnTo = safeReturnTo(url.searchParams.get('return_to'), publicOrigin)
    if ((await sessionOf(req))?.tokens) return redirect(res, 303, `${publicOrigin}${returnTo}`)
    const state = randomToken(24)
    const pending = loginState.add(loginState.decode(cookies(req)[names.login]), { state, returnTo, createdAt: now() })
    const auth = new URL('/login/oauth2/auth', config.canvasUrl)
    auth.search = new URLSearchParams({
      client_id: config.clientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      state,
      // Space-separated (RFC 6749 §3.3; Canvas splits on white space). A key without "Enforce Scopes" ignores them.
      scope: config.scopes.join(' '),
    }).toString()
    redirect(res, 302, auth.toString(), [loginCookie(pending)])
  }

  /** GET /oauth/callback */
  async function callback(req: IncomingMessage, res: ServerResponse, url: URL): Promise<number> {
    const q = url.searchParams
    const state = q.get('state')
    const error = q.get('error')
    const entries = loginState.decode(cookies(req)[names.login])
    if (state === null && error === 'invalid_scope') {
      // Nothing to check without a state, and nothing is changed: the page only explains. Its link starts this
      // browser's newest sign-in again (the signed cookie's return_to, a path on this site).
      const newest = entries.at(-1)
      page(res, 403, 'Canvas did not sign you in', INVALID_SCOPE_MESSAGE, {
        href: loginUrl(newest?.returnTo ?? '/'),
        text: 'Try again',
      })
      return 403
    }
    const pending = state ? entries.find((e) => sameSecret(e.state, state)) : undefined
    if (!state || !pending) {
      page(res, 400, 'Sign-in expired', 'This sign-in did not start here or took too long. Please start again.', {
        href: '/login?return_to=%2F',
        text: 'Sign in with Canvas',
      })
      return 400
    }
    // Used once: the state leaves the cookie whatever Canvas says next.
    const remaining = loginCookie(entries.filter((e) => e !== pending))
    res.setHeader('Set-Cookie', [remaining])
    const retry = { href: loginUrl(pending.returnTo), text: 'Try again' }
    if (error !== null) {
      const cancelled = error === 'access_denied'
      page(
        res,
        403,
        cancelled ? 'Sign-in cancelled' : 'Canvas did not sign you in',
        cancelled
          ? 'You chose not to authorize Moderation Desk in Canvas.'
          : error === 'invalid_scope'
            ? INVALID_SCOPE_MESSAGE
            : `Canvas answered: ${error}.`,
        retry,
      )
      return 403
    }
    const code = q.get('code')
    if (!code) {
      page(res, 400, 'Sign-in failed', 'Canvas sent no authorization code.', retry)
      return 400
    }
    const answer = await client.request({ grant_type: 'authorization_code', code, redirect_uri: redirectUri })
    if (!answer.ok) {
      const why =
        answer.kind === 'rejected'
          ? `Canvas did not accept the sign-in (${answer.error}).`
          : answer.error === 'rate limited'
            ? TOKEN_THROTTLED_MESSAGE
            : answer.error === 'no access token'
              ? 'Canvas answered without an access token.'
              : 'Canvas could not be reached.'
      page(res, 502, 'Sign-in failed', why, retry)
      return 502
    }
    const tokens = tokensFrom(answer, null, now())
    if (answer.user && opts.onSignedIn) await opts.onSignedIn(answer.user, tokens).catch(() => {})
    redirect(res, 303, `${publicOrigin}${pending.returnTo}`, [
      remaining,
      ...(await startSession(req, answer.user, tokens)),
    ])
    return 303
  }

  /**
   * A new session for `user` with `tokens`: a new session id at every sign-in (no session fixation), and an earlier
   * session of this browser ends. The cookies that carry it.
   */
  async function startSession(req: IncomingMessage, user: Session['user'], tokens: CanvasTokens): Promise<string[]> {
    await store.destroy(sessionId(req))
    const created = await store.create({ user, tokens })
    return sessionCookies(created.id, created.session)
  }

  /** POST /logout */
  async function logout(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const id = sessionId(req)
    const session = await store.get(id)
    // The Origin half of the same-origin proof is checked in front of this (request-guard.ts).
    if (session && !hasCsrfToken(req, session.csrfToken)) {
      sendJson(res, 403, { errors: [{ message: CSRF_MISSING_MESSAGE }] })
      return 403
    }
    const outcome = session?.tokens ? await tokens.revoke(session) : 'gone'
    await store.destroy(id)
    if (session?.user && opts.onSignedOut) await opts.onSignedOut(session.user).catch(() => {})
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
  async function describe(req: IncomingMessage, res: ServerResponse) {
    const session = await sessionOf(req)
    if (!session?.tokens) {
      sendJson(res, 200, { mode: 'oauth', signedIn: false, login_url: loginUrl('/') })
      return
    }
    sendJson(
      res,
      200,
      { mode: 'oauth', signedIn: true, user: session.user, csrfToken: session.csrfToken },
      { 'Set-Cookie': setCookie(names.csrf, session.csrfToken, signedInMaxAge, false) },
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
        const allow = expected === 'GET' ? 'GET, HEAD' : expected
        sendJson(res, 405, { errors: [{ message: `Use ${expected} for ${pathname}.` }] }, { Allow: allow })
        status = 405
      } else if (pathname === '/login') {
        await login(req, res, url)
        status = res.statusCode
      } else if (pathname === '/oauth/callback') {
        status = await callback(req, res, url)
      } else if (pathname === '/logout') {
        status = await logout(req, res)
      } else {
        await describe(req, res)
        status = 200
      }
      log({ method, route: pathname, status, ms: Math.round(performance.now() - started) })
    })()
  }

  return {
    handle,
    sessionOf,
    signInBody,
    redirectUri,
    // For the LTI routes (lti/lti-routes.ts), which start and end sessions the same way.
    startSession,
    endSession: async (req: IncomingMessage) => {
      await store.destroy(sessionId(req))
      return clearCookies
    },
    setCookie,
    cookies,
    cookieNames: names,
    page,
    redirect,
    publicOrigin,
    secure,
  }
}
