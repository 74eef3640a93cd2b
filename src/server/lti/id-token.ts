/**
 * Checking the id_token of an LTI 1.3 launch (IMS Security Framework 1.0 §5.1.3, LTI Core 1.3 §5.3) with `jose`:
 * an RS256 signature by a key of the platform's JWKS (fetched from LTI_PLATFORM_JWKS_URL, cached, fetched again when
 * a token names a key id it does not know: Canvas rotates its keys and publishes the next one ahead), then `iss`,
 * `aud` (this tool's client id, alone), `azp`, `exp`/`iat` (a minute's leeway for clocks), and the LTI claims:
 * nonce present, deployment allowed, message type LtiResourceLinkRequest, version 1.3.0, target_link_uri on this
 * site. The nonce's single use is the caller's (lti-store.ts), since it needs the database.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose'
import type { LtiConfig } from '../config'

export const LTI_CLAIM = 'https://purl.imsglobal.org/spec/lti/claim/'
/** Canvas's extension claim naming the placement launched from (lib/lti/messages/jwt_message.rb, add_extension). */
export const PLACEMENT_CLAIM = 'https://www.instructure.com/placement'

/** Why a launch is refused; each has its page text and status (lti-routes.ts). */
export type Refusal =
  | 'bad-signature'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'expired'
  | 'not-yet-valid'
  | 'no-nonce'
  | 'unknown-deployment'
  | 'wrong-message-type'
  | 'wrong-version'
  | 'wrong-target'
  | 'keys-unavailable'

export class LaunchRefused extends Error {
  readonly why: Refusal
  constructor(why: Refusal, detail: string = why) {
    super(detail)
    this.why = why
  }
}

export type LaunchClaims = JWTPayload & {
  nonce: string
  [key: string]: unknown
}

/** Clock leeway for exp, iat and nbf (§5.1.2 allows "a small leeway"). */
export const CLOCK_TOLERANCE_S = 60
/** Canvas's id_tokens live an hour (exp = iat + 3600); one issued longer ago than that (and the leeway) is refused. */
const MAX_TOKEN_AGE_S = 3600 + CLOCK_TOLERANCE_S

export function createIdTokenVerifier(
  lti: LtiConfig,
  opts: { publicOrigin: string; now: () => number; userAgent: string },
) {
  // jose keeps the set for cacheMaxAge and fetches again (at most once per cooldownDuration) on an unknown kid.
  const jwks = createRemoteJWKSet(new URL(lti.jwksUrl), {
    cacheMaxAge: 10 * 60_000,
    cooldownDuration: 30_000,
    timeoutDuration: 10_000,
    headers: { 'User-Agent': opts.userAgent, Accept: 'application/json' },
  })

  return async function verify(idToken: string): Promise<LaunchClaims> {
    let payload: JWTPayload
    try {
      ;({ payload } = await jwtVerify(idToken, jwks, {
        algorithms: ['RS256'],
        issuer: lti.issuer,
        audience: lti.clientId,
        clockTolerance: CLOCK_TOLERANCE_S,
        maxTokenAge: MAX_TOKEN_AGE_S,
        currentDate: new Date(opts.now()),
        requiredClaims: ['exp', 'iat', 'nonce'],
      }))
    } catch (err) {
      throw refusalOf(err)
    }
    const now = Math.floor(opts.now() / 1000)
    if (typeof payload.iat === 'number' && payload.iat > now + CLOCK_TOLERANCE_S)
      throw new LaunchRefused('not-yet-valid', 'iat in the future')
    // §5.1.3: no audience besides this tool's, and azp (when present, and required with several) is this tool.
    const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud]
    if (aud.some((a) => a !== lti.clientId)) throw new LaunchRefused('wrong-audience', 'another audience as well')
    if (payload.azp !== undefined && payload.azp !== lti.clientId)
      throw new LaunchRefused('wrong-audience', 'azp is another client')
    if (typeof payload.nonce !== 'string' || !payload.nonce) throw new LaunchRefused('no-nonce')
    const deployment = payload[`${LTI_CLAIM}deployment_id`]
    if (typeof deployment !== 'string' || !lti.deploymentIds.includes(deployment))
      throw new LaunchRefused('unknown-deployment')
    if (payload[`${LTI_CLAIM}message_type`] !== 'LtiResourceLinkRequest') throw new LaunchRefused('wrong-message-type')
    if (payload[`${LTI_CLAIM}version`] !== '1.3.0') throw new LaunchRefused('wrong-version')
    const target = payload[`${LTI_CLAIM}target_link_uri`]
    if (typeof target !== 'string' || !sameOrigin(target, opts.publicOrigin)) throw new LaunchRefused('wrong-target')
    return payload as LaunchClaims
  }
}

function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === origin
  } catch {
    return false
  }
}

function refusalOf(err: unknown): LaunchRefused {
  if (err instanceof errors.JWTExpired) return new LaunchRefused('expired')
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return new LaunchRefused('wrong-issuer')
    if (err.claim === 'aud') return new LaunchRefused('wrong-audience')
    if (err.claim === 'nonce') return new LaunchRefused('no-nonce')
    if (err.claim === 'iat' || err.claim === 'nbf')
      return new LaunchRefused('not-yet-valid', `${err.claim}: ${err.reason}`)
    return new LaunchRefused('bad-signature', `claim ${err.claim}: ${err.reason}`)
  }
  if (err instanceof errors.JWKSTimeout) return new LaunchRefused('keys-unavailable', 'timeout')
  // Canvas's key set answered other than 200 with a key set (jose's plain JOSEError), or not at all.
  if (err instanceof errors.JWKSInvalid || (err instanceof errors.JOSEError && err.code === 'ERR_JOSE_GENERIC'))
    return new LaunchRefused('keys-unavailable', err.message)
  if (err instanceof errors.JOSEError) return new LaunchRefused('bad-signature', err.code)
  // The key set could not be fetched or read (fetch failed, not JSON).
  return new LaunchRefused('keys-unavailable', err instanceof Error ? err.message : String(err))
}
