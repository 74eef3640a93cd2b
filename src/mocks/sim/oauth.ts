/**
 * Canvas OAuth2 (app/controllers/oauth2_provider_controller.rb, lib/canvas/oauth/*) for one world: its
 * developer key, authorization codes, and the access/refresh tokens they are exchanged for.
 *
 * - Each world has one developer key. Its client id and secret are deterministic per world id and seed,
 *   so `npm run sim` can print them and a restarted simulator accepts the same server settings.
 * - Codes are single use and live 10 minutes; reusing a code revokes what it was exchanged for (RFC 6749 §4.1.2).
 * - Access tokens expire after `world.settings.tokenTtlSeconds` (default 3600, as for Canvas developer keys
 *   issued after 2015) of real time; a refresh gives the grant a new access token (the old one stops working,
 *   like Canvas's `generate_token`) and keeps the refresh token. DELETE revokes both.
 * - Tokens look like Canvas's `<shard>~<random>` with the world id as the shard, so the host finds the world.
 * - A key with scopes ("Enforce Scopes") refuses a sign-in asking for a scope it lacks (`invalid_scope`), and its
 *   tokens reach only the routes of the scopes asked for (scopeCheck, as Canvas's validate_scopes).
 * - The tables themselves (OAuthState) are in oauth-state.ts.
 *
 * No Node APIs: randomness comes from Web Crypto, which the browser and Node share.
 */
import { SimError } from './errors'
import type { DeveloperKey, Grant } from './oauth-state'
import type { CastMember, World } from './world'

type Params = Record<string, unknown>

export const CODE_LIFETIME_MS = 10 * 60_000

/** Canvas's `Canvas::OAuth::RequestError` bodies (lib/canvas/oauth/request_error.rb). */
export type OAuthErrorName =
  | 'invalid_client_id'
  | 'invalid_client_secret'
  | 'invalid_redirect'
  | 'invalid_refresh_token'
  | 'invalid_authorization_code'
  | 'authorization_code_not_supplied'
  | 'refresh_token_not_supplied'
  | 'unsupported_grant_type'

const OAUTH_ERRORS: Record<OAuthErrorName, { error: string; error_description: string; status: number }> = {
  invalid_client_id: { error: 'invalid_client', error_description: 'unknown client', status: 401 },
  invalid_client_secret: { error: 'invalid_client', error_description: 'invalid client', status: 401 },
  invalid_redirect: {
    error: 'invalid_request',
    error_description: 'redirect_uri does not match client settings',
    status: 400,
  },
  invalid_refresh_token: { error: 'invalid_request', error_description: 'refresh_token not found', status: 400 },
  invalid_authorization_code: {
    error: 'invalid_grant',
    error_description: 'authorization_code not found',
    status: 400,
  },
  authorization_code_not_supplied: {
    error: 'invalid_request',
    error_description: 'You must provide the code parameter when using the authorization_code grant type',
    status: 400,
  },
  refresh_token_not_supplied: {
    error: 'invalid_request',
    error_description: 'You must provide the refresh_token parameter when using the refresh_token grant type',
    status: 400,
  },
  unsupported_grant_type: {
    error: 'unsupported_grant_type',
    error_description: 'The grant_type you requested is not currently supported',
    status: 400,
  },
}

export function oauthError(name: OAuthErrorName): SimError {
  const { status, ...body } = OAUTH_ERRORS[name]
  // oauth_error sets this header for 401s.
  return new SimError(status, body, status === 401 ? { 'WWW-Authenticate': 'Canvas OAuth 2.0' } : {})
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

function randomString(length: number): string {
  const bytes = new Uint8Array(length)
  crypto.getRandomValues(bytes)
  let out = ''
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length]
  return out
}

/** Is `redirectUri` acceptable for this key? An absolute http(s) URL, registered if the key lists any. */
export function redirectAllowed(key: DeveloperKey, redirectUri: string | undefined): redirectUri is string {
  if (!redirectUri) return false
  let url: URL
  try {
    url = new URL(redirectUri)
  } catch {
    return false
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false
  if (key.redirectUris.length === 0) return true
  const bare = `${url.origin}${url.pathname}`
  return key.redirectUris.some((r) => r === redirectUri || r === bare)
}

/**
 * The scopes a sign-in asks for: `scope` (or `scopes`), split on white space, as oauth2_provider_controller.rb#auth
 * reads them (`(params[:scope] || params[:scopes] || "").split`; an empty `scope` still wins, Ruby's "" being true).
 */
export function requestedScopes(q: URLSearchParams): string[] {
  return (q.get('scope') ?? q.get('scopes') ?? '').split(/\s+/).filter(Boolean)
}

/**
 * Why a key with scopes refuses these: Canvas's InvalidScopeError (lib/canvas/oauth/invalid_scope_error.rb) when
 * none were asked for or one is not the key's (Provider#valid_scopes?, exact strings); null when it accepts them.
 * A key without scopes accepts anything.
 */
export function invalidScope(key: DeveloperKey, scopes: string[]): { error: string; error_description: string } | null {
  if (key.scopes === null) return null
  const allowed = new Set(key.scopes)
  const missing = scopes.filter((s) => !allowed.has(s))
  if (scopes.length > 0 && missing.length === 0) return null
  return {
    error: 'invalid_scope',
    error_description:
      'A requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner. ' +
      `The following scopes were requested, but not granted: ${toSentence(missing)}`,
  }
}

/** Rails' Array#to_sentence in English: "a", "a and b", "a, b, and c". */
function toSentence(items: string[]): string {
  if (items.length <= 2) return items.join(' and ')
  return `${items.slice(0, -1).join(', ')}, and ${items.at(-1)}`
}

/** The user approved: a single-use code for `redirectUri`, carrying the scopes asked for. */
export function issueCode(world: World, member: CastMember, redirectUri: string, scopes: string[] = []): string {
  const code = randomString(40)
  world.oauth.codes.set(code, {
    userId: member.id,
    redirectUri,
    scopes,
    expiresAt: world.oauth.now() + CODE_LIFETIME_MS,
    used: false,
    grant: null,
  })
  return code
}

export function checkClient(world: World, clientSecret: string | undefined): void {
  if (!clientSecret || clientSecret !== world.oauth.key.clientSecret) throw oauthError('invalid_client_secret')
}

function newAccessToken(world: World): string {
  return `${world.id}~${randomString(64)}`
}

/** grant_type=authorization_code */
export function exchangeCode(world: World, code: string | undefined, redirectUri: string | undefined): Grant {
  if (!code) throw oauthError('authorization_code_not_supplied')
  const state = world.oauth
  const entry = state.codes.get(code)
  if (!entry || entry.expiresAt <= state.now()) throw oauthError('invalid_authorization_code')
  if (entry.used) {
    // A replayed code: revoke what the first exchange produced.
    if (entry.grant) revokeGrant(world, entry.grant)
    throw oauthError('invalid_authorization_code')
  }
  if (redirectUri !== entry.redirectUri || !redirectAllowed(state.key, redirectUri))
    throw oauthError('invalid_redirect')
  entry.used = true
  const now = state.now()
  const grant: Grant = {
    id: state.nextGrantId(),
    userId: entry.userId,
    accessToken: newAccessToken(world),
    refreshToken: `${world.id}~${randomString(64)}`,
    accessExpiresAt: now + world.settings.tokenTtlSeconds * 1000,
    createdAt: now,
    updatedAt: now,
    revoked: false,
    scopes: entry.scopes,
  }
  entry.grant = grant
  state.byAccess.set(grant.accessToken, grant)
  state.byRefresh.set(grant.refreshToken, grant)
  return grant
}

/**
 * grant_type=refresh_token: a new access token for the grant; the previous one stops working. `renewed` is false
 * when the key's spam interval (older Canvas's recent_refresh_threshold, lib/canvas/oauth/grant_types/
 * refresh_token.rb) kept the token as it was: Canvas then answers without it (tokenJson).
 */
export function refreshGrant(world: World, refreshToken: string | undefined): { grant: Grant; renewed: boolean } {
  if (!refreshToken) throw oauthError('refresh_token_not_supplied')
  const state = world.oauth
  const grant = state.byRefresh.get(refreshToken)
  if (!grant || grant.revoked) throw oauthError('invalid_refresh_token')
  const now = state.now()
  if (now - grant.updatedAt < state.key.refreshSpamIntervalSeconds * 1000) return { grant, renewed: false }
  state.byAccess.delete(grant.accessToken)
  grant.accessToken = newAccessToken(world)
  grant.accessExpiresAt = now + world.settings.tokenTtlSeconds * 1000
  grant.updatedAt = now
  state.byAccess.set(grant.accessToken, grant)
  return { grant, renewed: true }
}

export function revokeGrant(world: World, grant: Grant): void {
  grant.revoked = true
  world.oauth.byAccess.delete(grant.accessToken)
  world.oauth.byRefresh.delete(grant.refreshToken)
}

/** An OAuth access token that is live (not expired, not revoked), else null. */
export function liveGrant(world: World, accessToken: string): Grant | null {
  const grant = world.oauth.byAccess.get(accessToken)
  if (!grant || grant.revoked || grant.accessExpiresAt <= world.oauth.now()) return null
  return grant
}

/**
 * The token endpoint's success body. `withRefresh` only for the authorization_code grant; `renewed` false gives
 * Canvas's `"access_token": null` (it keeps only a hash of a token it did not just make; canvas-lms issue #1410).
 */
export function tokenJson(world: World, grant: Grant, withRefresh: boolean, renewed = true) {
  const user = world.users.get(grant.userId)!
  return {
    access_token: renewed ? grant.accessToken : null,
    token_type: 'Bearer',
    user: { id: user.id, name: user.name, global_id: String(10_000_000_000_000 + user.id), effective_locale: 'en' },
    ...(withRefresh ? { refresh_token: grant.refreshToken } : {}),
    expires_in: Math.max(0, Math.round((grant.accessExpiresAt - world.oauth.now()) / 1000)),
  }
}

/** Control API: expire the access tokens of `userId` (or everyone) now; refresh tokens keep working. */
export function expireAccessTokens(world: World, userId?: number): number {
  let n = 0
  for (const grant of world.oauth.grants()) {
    if (userId !== undefined && grant.userId !== userId) continue
    grant.accessExpiresAt = Math.min(grant.accessExpiresAt, world.oauth.now() - 1)
    n++
  }
  return n
}

/** Control API: revoke the grants of `userId` (or everyone), as when a user deletes the integration in Canvas. */
export function revokeGrants(world: World, userId?: number): number {
  let n = 0
  for (const grant of world.oauth.grants()) {
    if (userId !== undefined && grant.userId !== userId) continue
    revokeGrant(world, grant)
    n++
  }
  return n
}

/** For the control API: no token values. */
export function grantsJson(world: World) {
  const now = world.oauth.now()
  return world.oauth.grants().map((g) => ({
    id: g.id,
    userId: g.userId,
    accessTokenExpiresAt: new Date(g.accessExpiresAt).toISOString(),
    accessTokenExpired: g.accessExpiresAt <= now,
  }))
}

/**
 * Canvas's regular expression for a `url:` scope's path (app/models/access_token.rb, url_scopes_for_method): each
 * `:name` stands for one segment, `*name` for the rest, `( … )` is optional, and a `.format` suffix may follow.
 */
export function scopePathPattern(path: string): RegExp {
  const body = path
    .replace(/[.+?^${}|[\]\\]/g, '\\$&')
    .replace(/:[^/)]+/g, '[^/]+')
    .replace(/\*[^/)]+/g, '.+')
    .replaceAll('(', '(?:')
    .replaceAll(')', '|)')
  return new RegExp(`^${body}(?:\\.[^/]+|)$`)
}

/** Does one of `scopes` let `method` `path` through? HEAD counts as GET; /login/oauth2/token always passes. */
export function scopesAllow(scopes: readonly string[], method: string, path: string): boolean {
  const verb = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase()
  if (path === '/login/oauth2/token') return true
  const prefix = `url:${verb}|`
  return scopes.some((s) => s.startsWith(prefix) && scopePathPattern(s.slice(prefix.length)).test(path))
}

/** Canvas's answer to a call outside the token's scopes: 401, and no WWW-Authenticate (the token itself is fine). */
export function insufficientScopes(): SimError {
  return new SimError(401, { errors: [{ message: 'Insufficient scopes on access token.' }] })
}

/** The includes a scoped token keeps without "Allow Include Parameters" (ALLOWED_SCOPE_INCLUDES). */
const ALLOWED_SCOPE_INCLUDES = ['uuid']

/**
 * Canvas's validate_scopes (lib/authentication_methods.rb) for an API request with `token`: a token of a key with
 * scopes reaches only what its own scopes allow (else insufficientScopes), and without "Allow Include Parameters"
 * its `include`/`includes` params keep only `uuid` (filter_includes: a value that is not a list is dropped).
 * 'pass' for every other token (seeded ones stand for manually created tokens, which have no scopes).
 */
export function scopeCheck(
  world: World,
  token: string | null,
  method: string,
  path: string,
): SimError | 'pass' | 'filter-includes' {
  const grant = token === null ? undefined : world.oauth.byAccess.get(token)
  const key = world.oauth.key
  if (!grant || key.scopes === null) return 'pass'
  if (!scopesAllow(grant.scopes, method, path)) return insufficientScopes()
  return key.allowIncludes ? 'pass' : 'filter-includes'
}

/** filter_includes on `include` and `includes`, in place. */
export function filterIncludes(params: Params): Params {
  for (const name of ['include', 'includes']) {
    if (!(name in params)) continue
    const value = params[name]
    if (Array.isArray(value)) params[name] = value.filter((v) => ALLOWED_SCOPE_INCLUDES.includes(String(v)))
    else delete params[name]
  }
  return params
}
