/**
 * A world's OAuth2 state: its developer key, the authorization codes it issued and the grants (access and
 * refresh token pairs) they were exchanged for. Only tables and the key's derivation: the rules that read and
 * change them are in oauth.ts, which needs World, and World holds one of these, so the two stay apart.
 */
import { hashString } from './prng'

/** Access-token lifetime (s) as for Canvas developer keys issued after 2015; world.settings.tokenTtlSeconds starts here. */
export const DEFAULT_TOKEN_TTL_SECONDS = 3600

export interface DeveloperKey {
  clientId: string
  clientSecret: string
  /** Registered redirect URIs; empty = any http(s) URL is accepted (the simulator's default). */
  redirectUris: string[]
  /**
   * "Enforce Scopes" (DeveloperKey#require_scopes) with the key's scopes (`url:GET|/api/v1/…`), or null for a key
   * without it (the default: its tokens reach everything their user may, whatever scopes were asked for).
   */
  scopes: string[] | null
  /** "Allow Include Parameters" (DeveloperKey#allow_includes); matters only with scopes. */
  allowIncludes: boolean
  /**
   * Older Canvas's `oauth_refresh_token_spam_interval` (seconds; 0, the default, is current Canvas): a refresh within
   * this long of the access token's last change does not renew it and answers `"access_token": null`.
   */
  refreshSpamIntervalSeconds: number
}

export interface AuthCode {
  userId: number
  redirectUri: string
  /** The scopes asked for at /login/oauth2/auth (kept on the code, then on the grant, as Canvas does). */
  scopes: string[]
  expiresAt: number
  used: boolean
  grant: Grant | null
}

export interface Grant {
  id: number
  userId: number
  accessToken: string
  refreshToken: string
  accessExpiresAt: number
  createdAt: number
  /** When the access token was last (re)generated: AccessToken#updated_at, for the spam interval. */
  updatedAt: number
  revoked: boolean
  /** The scopes asked for at sign-in; enforced when the key has scopes (sim/oauth.ts, scopeCheck). */
  scopes: string[]
}

/** The same secret for the same world id and seed, so a restarted simulator matches the server's settings. */
function deterministicSecret(text: string, length: number): string {
  let out = ''
  for (let i = 0; out.length < length; i++) out += hashString(`${text}:${i}`).toString(36).padStart(7, '0')
  return out.slice(0, length)
}

export class OAuthState {
  key: DeveloperKey
  readonly codes = new Map<string, AuthCode>()
  readonly byAccess = new Map<string, Grant>()
  readonly byRefresh = new Map<string, Grant>()
  private grantSeq = 0
  /** Real time: token lifetimes are measured against the wall clock, not the world's fixed clock. */
  now: () => number = () => Date.now()

  constructor(worldId: string, seed: number) {
    this.key = {
      // Canvas client ids are global ids like 170000000000123.
      clientId: String(10_000_000_000_000 + (hashString(`${worldId}:client`) % 1_000_000_000)),
      clientSecret: deterministicSecret(`${worldId}:${seed}:secret`, 64),
      redirectUris: [],
      scopes: null,
      allowIncludes: false,
      refreshSpamIntervalSeconds: 0,
    }
  }

  nextGrantId(): number {
    return ++this.grantSeq
  }

  grants(): Grant[] {
    return [...this.byRefresh.values()]
  }
}
