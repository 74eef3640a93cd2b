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

/**
 * A world's LTI 1.3 developer key ("LTI Key" in Admin → Developer Keys) and its one deployment (the tool installed
 * in the account), as the tool's developer key JSON configures them (doc/api/lti_dev_key_config.md). The tool's URLs
 * are unset until a test or the control API gives them (PUT /__sim/worlds/:id/lti). The rules are in sim/lti.ts.
 */
export interface LtiKey {
  /** The key's global id: `client_id` of the login request and the id_token's `aud`/`azp`. */
  clientId: string
  /** Canvas's `<number>:<context opaque id>` form. */
  deploymentId: string
  /** `iss` of the login request and the id_token (Canvas::Security.config["lti_iss"]). */
  issuer: string
  oidcInitiationUrl: string | null
  targetLinkUri: string | null
  /** The key's "Redirect URIs": the id_token is posted only to one of these (empty: the target_link_uri alone). */
  redirectUris: string[]
  /** Tool-level custom fields (`name` → `$Variable` or text), expanded at launch. */
  customFields: Record<string, string>
  /** Per placement: its own target_link_uri, message type and custom fields (over the tool-level ones). */
  placements: Partial<Record<LtiPlacement, LtiPlacementConfig>>
}

export type LtiPlacement = 'course_navigation' | 'assignment_menu'

export interface LtiPlacementConfig {
  targetLinkUri?: string
  messageType?: string
  customFields?: Record<string, string>
}

/** A launch Canvas prepared at its launch page: the id_token's claims (all but the nonce), cached until used. */
export interface PendingLaunch {
  userId: number
  claims: Record<string, unknown>
  redirectUri: string | null
  includeStorageTarget: boolean
  expiresAt: number
}

/** Web Crypto's key type, named the same way in the browser's and in Node's typings. */
export type SubtleKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>

export interface PlatformKeys {
  privateKey: SubtleKey
  publicJwk: { kty: string; n: string; e: string; kid: string; alg: 'RS256'; use: 'sig' }
}

export class LtiState {
  key: LtiKey
  /** By the `lti_message_hint`'s verifier; single use, 5 minutes (Lti::LtiAdvantageAdapter MESSAGE_HINT_LIFESPAN). */
  readonly pending = new Map<string, PendingLaunch>()
  /** The platform's RS256 key pair and its kid, made at first use (sim/lti.ts). */
  keys: Promise<PlatformKeys> | null = null
  now: () => number = () => Date.now()

  constructor(worldId: string) {
    const n = hashString(`${worldId}:lti`)
    this.key = {
      clientId: String(10_000_000_000_000 + 500_000_000 + (n % 100_000_000)),
      deploymentId: `${1 + (n % 97)}:${deterministicSecret(`${worldId}:deployment`, 40).toLowerCase()}`,
      issuer: 'https://canvas.instructure.com',
      oidcInitiationUrl: null,
      targetLinkUri: null,
      redirectUris: [],
      customFields: {},
      placements: {},
    }
  }
}
