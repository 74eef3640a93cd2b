/**
 * OAuth mode (shared deployment): each user signs in with Canvas OAuth2 through the institution's developer
 * key. Canvas tokens stay in a server-side session in the database (session-store.ts: PostgreSQL or the embedded
 * PGlite, tokens encrypted); the browser holds the session id in an HttpOnly cookie and a CSRF token it must echo on
 * state-changing requests. Three parts:
 *   oauth-routes.ts        /login, /oauth/callback, /logout, /session, their pages and cookies
 *   oauth-api.ts           /api/v1/*: the session's token (renewed before it expires and when Canvas rejects it)
 *                          through the Canvas proxy; revoking a session's grant
 *   oauth-token-client.ts  Canvas's /login/oauth2/token, called by the server only (retried while Canvas's throttle
 *                          refuses it)
 *   canvas-scopes.ts       the scopes asked for at sign-in, for developer keys with "Enforce Scopes"
 *   lti/                   LTI mode (LTI_CLIENT_ID): /lti/login, /lti/launch, /lti/jwks, /lti/config.json; each
 *                          user's tokens kept after their OAuth2 sign-in so later launches go straight in
 * The Host and Origin checks in front of all this are request-guard.ts's.
 *
 * Nothing here logs or returns tokens, codes, states or the client secret: log lines carry method, route
 * template, status and latency only.
 */
import type { ProxyLog } from './canvas-proxy'
import type { OAuthConfig } from './config'
import { createOAuthApi, createSessionTokens } from './oauth-api'
import { createOAuthRoutes } from './oauth-routes'
import type { Database } from './db/database'
import { createTokenClient, type TokenClientOptions } from './oauth-token-client'
import { SessionStore, type SessionStoreOptions } from './session-store'
import { createLtiRoutes } from './lti/lti-routes'
import { LtiStore, type LtiStoreOptions } from './lti/lti-store'

export type OAuthModeOptions = {
  /** The sessions' database, opened and migrated (db/open.ts); its opener closes it. */
  database: Database
  log?: (entry: ProxyLog) => void
  /** Clock for token expiry and sessions (tests move it). */
  now?: () => number
  sessions?: Omit<SessionStoreOptions, 'now'>
  /** Waits of the token client (tests shorten them). */
  tokenClient?: TokenClientOptions
  /** LTI mode: lifetimes of nonces, kept tokens and new-tab links (tests shorten them). */
  lti?: Omit<LtiStoreOptions, 'now'>
}

export function createOAuthMode(config: OAuthConfig, opts: OAuthModeOptions) {
  const now = opts.now ?? Date.now
  const log = opts.log ?? (() => {})
  const store = new SessionStore(opts.database, config.sessionKeys, { ...opts.sessions, now })
  const client = createTokenClient(config, log, opts.tokenClient)
  const pendingMs = opts.sessions?.pendingMs ?? 15 * 60_000
  const absoluteMs = opts.sessions?.absoluteMs ?? 7 * 86_400_000
  const lti = config.lti
  const ltiStore = lti ? new LtiStore(opts.database, config.sessionKeys, { ...opts.lti, now }) : null
  const tokens = createSessionTokens({
    client,
    now,
    store,
    // LTI mode: a renewal also renews the kept tokens, so the user's next launch does not start with an expired one.
    ...(lti && ltiStore ? { onRenewed: (user, t) => ltiStore.putUser(lti.issuer, user, t) } : {}),
  })
  const routes = createOAuthRoutes({
    config,
    store,
    client,
    tokens,
    now,
    log,
    pendingMs,
    absoluteMs,
    // LTI mode: every sign-in keeps the user's tokens, so their next launch from Canvas goes straight in; a
    // sign-out (which revokes them at Canvas) forgets them.
    ...(lti && ltiStore
      ? {
          onSignedIn: (user, t) => ltiStore.putUser(lti.issuer, user, t),
          onSignedOut: (user) => ltiStore.deleteUser(user.id),
        }
      : {}),
  })
  const ltiRoutes =
    lti && ltiStore ? createLtiRoutes({ config: { ...config, lti }, routes, store: ltiStore, now, log }) : null
  const handle: typeof routes.handle = (req, res, pathname) =>
    routes.handle(req, res, pathname) || (ltiRoutes?.handle(req, res, pathname) ?? false)
  const api = createOAuthApi({
    config,
    tokens,
    store,
    sessionOf: routes.sessionOf,
    signInBody: routes.signInBody,
    log,
  })
  return { api, handle, store, redirectUri: routes.redirectUri, lti: ltiStore }
}
