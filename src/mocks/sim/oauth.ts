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
 * - The tables themselves (OAuthState) are in oauth-state.ts.
 *
 * No Node APIs: randomness comes from Web Crypto, which the browser and Node share.
 */
import { SimError } from './errors'
import type { DeveloperKey, Grant } from './oauth-state'
import type { CastMember, World } from './world'

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

/** The user approved: a single-use code for `redirectUri`. */
export function issueCode(world: World, member: CastMember, redirectUri: string): string {
  const code = randomString(40)
  world.oauth.codes.set(code, {
    userId: member.id,
    redirectUri,
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
    revoked: false,
  }
  entry.grant = grant
  state.byAccess.set(grant.accessToken, grant)
  state.byRefresh.set(grant.refreshToken, grant)
  return grant
}

/** grant_type=refresh_token: a new access token for the grant; the previous one stops working. */
export function refreshGrant(world: World, refreshToken: string | undefined): Grant {
  if (!refreshToken) throw oauthError('refresh_token_not_supplied')
  const state = world.oauth
  const grant = state.byRefresh.get(refreshToken)
  if (!grant || grant.revoked) throw oauthError('invalid_refresh_token')
  state.byAccess.delete(grant.accessToken)
  grant.accessToken = newAccessToken(world)
  grant.accessExpiresAt = state.now() + world.settings.tokenTtlSeconds * 1000
  state.byAccess.set(grant.accessToken, grant)
  return grant
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

/** The token endpoint's success body. `withRefresh` only for the authorization_code grant. */
export function tokenJson(world: World, grant: Grant, withRefresh: boolean) {
  const user = world.users.get(grant.userId)!
  return {
    access_token: grant.accessToken,
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
