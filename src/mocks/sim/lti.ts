/**
 * Canvas's side of an LTI 1.3 launch for one world (what the tests of the tool need; research: doc/api/
 * lti_launch_overview.md, app/models/lti/lti_advantage_adapter.rb, app/controllers/lti/ims/authentication_controller.rb,
 * lib/lti/messages/jwt_message.rb, lib/lti/variable_expander.rb):
 *
 * 1. The launch page (prepareLaunch): Canvas builds the whole id_token's claims for the user, course and placement,
 *    caches them under a verifier for 5 minutes, and posts the OIDC login request (iss, login_hint, target_link_uri,
 *    lti_message_hint = the verifier, client_id, lti_deployment_id and deployment_id, canvas_region,
 *    canvas_environment, lti_storage_target) to the tool's oidc_initiation_url.
 * 2. The tool redirects to /api/lti/authorize_redirect (→ /api/lti/authorize), where authorize() checks the request
 *    (the parameters Canvas requires, scope=openid, the developer key, the registered redirect URI, the message
 *    hint: known, unexpired, unused; the login_hint: the launching user) and answers the id_token, now with the
 *    tool's nonce, signed RS256 with the platform's key, to post to redirect_uri with the state.
 *
 * Custom fields are expanded as Canvas does for a 1.3 tool: `$Canvas.course.id` and `$Canvas.user.id` as strings,
 * and `$Canvas.assignment.id` only when the launch names `assignment_id` (the assignment menu's own link names
 * `assignments[]`, which Canvas's 1.3 launch does not read: the variable then stays as it was, "$Canvas.assignment.id").
 *
 * No Node APIs: Web Crypto signs (the browser and Node share it).
 */
import { SimError } from './errors'
import type { LtiPlacement, PendingLaunch, PlatformKeys } from './oauth-state'
import { hashString } from './prng'
import type { World } from './world'

/** Lti::LtiAdvantageAdapter::MESSAGE_HINT_LIFESPAN */
export const MESSAGE_HINT_LIFESPAN_MS = 5 * 60_000
/** Lti::PlatformStorage::FORWARDING_TARGET */
export const FORWARDING_TARGET = 'post_message_forwarding'
const CLAIM = 'https://purl.imsglobal.org/spec/lti/claim/'
const LIS = 'http://purl.imsglobal.org/vocab/lis/v2/'

const b64url = (bytes: Uint8Array) => {
  let s = ''
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
const b64urlText = (text: string) => b64url(new TextEncoder().encode(text))

function randomHex(bytes: number): string {
  const b = new Uint8Array(bytes)
  crypto.getRandomValues(b)
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
}

/** A stable 40-hex opaque id (Lti::Asset.opaque_identifier_for): the same thing in the same world, always. */
export function opaqueId(world: World, what: string): string {
  let out = ''
  for (let i = 0; out.length < 40; i++)
    out += (hashString(`${world.id}:${what}:${i}`) >>> 0).toString(16).padStart(8, '0')
  return out.slice(0, 40)
}

/** The platform's RS256 key pair (2048 bits, as Canvas's rsa_key_pair.rb), made once per world at first use. */
export function platformKeys(world: World): Promise<PlatformKeys> {
  world.lti.keys ??= (async () => {
    const pair = (await crypto.subtle.generateKey(
      { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
      true,
      ['sign', 'verify'],
    )) as { privateKey: PlatformKeys['privateKey']; publicKey: PlatformKeys['privateKey'] }
    const jwk = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as { n: string; e: string }
    // Canvas's kid: "<ISO 8601 time>_<uuid>" (jwk_key_pair.rb).
    const kid = `${new Date(world.lti.now()).toISOString().replace(/\.\d{3}Z$/, 'Z')}_${crypto.randomUUID()}`
    return { privateKey: pair.privateKey, publicJwk: { kty: 'RSA', n: jwk.n, e: jwk.e, kid, alg: 'RS256', use: 'sig' } }
  })()
  return world.lti.keys
}

/** A compact JWS, RS256, with Canvas's header ({typ, alg, kid}). */
export async function signJwt(keys: PlatformKeys, payload: Record<string, unknown>): Promise<string> {
  const input = `${b64urlText(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: keys.publicJwk.kid }))}.${b64urlText(JSON.stringify(payload))}`
  const signature = await crypto.subtle.sign('RSASSA-PKCS1-v1_5', keys.privateKey, new TextEncoder().encode(input))
  return `${input}.${b64url(new Uint8Array(signature))}`
}

export type LaunchRequest = {
  placement: LtiPlacement
  courseId: number
  userId: number
  /** `assignment_id`: expands $Canvas.assignment.id. */
  assignmentId?: number
  /** `assignments[]` (the assignment menu's link): noted, not expanded (see the file's comment). */
  menuAssignmentIds?: number[]
  /** Canvas's web app sends lti_storage_target; its mobile apps do not. */
  includeStorageTarget: boolean
}

const ROLE_URIS: Record<string, string[]> = {
  teacher: [`${LIS}membership#Instructor`],
  ta: [`${LIS}membership/Instructor#TeachingAssistant`],
  student: [`${LIS}membership#Learner`],
}

/** `$Variable` → its value, for the variables the simulator knows; anything else stays as it was (variable_expansion.rb). */
function expand(world: World, value: string, req: LaunchRequest): string {
  if (!value.startsWith('$')) return value
  const user = world.users.get(req.userId)!
  const known: Record<string, string | undefined> = {
    '$Canvas.course.id': String(req.courseId),
    '$Canvas.user.id': String(req.userId),
    '$Canvas.user.loginId': user.login_id,
    '$Person.name.full': user.name,
    '$Canvas.assignment.id': req.assignmentId === undefined ? undefined : String(req.assignmentId),
  }
  return known[value] ?? value
}

/**
 * Canvas's launch page: the login request to post to the tool, and the claims cached for authorize(). Throws a
 * SimError (400) for a world whose key has no tool URLs yet, or an unknown course or user.
 */
export function prepareLaunch(world: World, req: LaunchRequest): { action: string; fields: Record<string, string> } {
  const key = world.lti.key
  if (!key.oidcInitiationUrl || !key.targetLinkUri)
    throw new SimError(400, {
      errors: [{ message: "the world's LTI key has no tool yet: PUT /__sim/worlds/:id/lti with the tool's URLs" }],
    })
  const course = world.courses.get(req.courseId)
  const user = world.users.get(req.userId)
  if (!course) throw new SimError(400, { errors: [{ message: `no course ${req.courseId}` }] })
  if (!user) throw new SimError(400, { errors: [{ message: `no user ${req.userId}` }] })
  const placement = key.placements[req.placement] ?? {}
  const targetLinkUri = placement.targetLinkUri ?? key.targetLinkUri
  const custom: Record<string, string> = {}
  for (const [name, value] of Object.entries({ ...key.customFields, ...placement.customFields }))
    custom[name] = expand(world, value, req)

  const enrollments = (world.enrollmentsByUser.get(user.id) ?? []).filter((e) => e.course_id === course.id)
  const isAdmin = world.cast.some((m) => m.id === user.id && m.role === 'admin')
  const roles = [
    ...new Set([
      ...enrollments.flatMap((e) => ROLE_URIS[e.type] ?? []),
      ...(isAdmin ? [`${LIS}institution/person#Administrator`] : []),
      `${LIS}system/person#User`,
    ]),
  ]
  const contextId = opaqueId(world, `course:${course.id}`)
  const t = Math.floor(world.lti.now() / 1000)
  const [given, ...rest] = user.name.split(' ')
  const claims: Record<string, unknown> = {
    iss: key.issuer,
    aud: key.clientId,
    azp: key.clientId,
    sub: opaqueId(world, `user-lti-id:${user.id}`),
    iat: t,
    exp: t + 3600,
    [`${CLAIM}deployment_id`]: key.deploymentId,
    [`${CLAIM}message_type`]: placement.messageType ?? 'LtiResourceLinkRequest',
    [`${CLAIM}version`]: '1.3.0',
    [`${CLAIM}target_link_uri`]: targetLinkUri,
    [`${CLAIM}resource_link`]: { id: contextId, description: null, title: course.name },
    [`${CLAIM}context`]: {
      id: contextId,
      label: course.course_code,
      title: course.name,
      type: [`${LIS}course#CourseOffering`],
    },
    [`${CLAIM}tool_platform`]: {
      guid: opaqueId(world, 'root-account'),
      name: 'Simulated University',
      version: 'cloud',
      product_family_code: 'canvas',
    },
    [`${CLAIM}launch_presentation`]: { document_target: 'iframe', locale: 'en' },
    [`${CLAIM}roles`]: roles,
    [`${CLAIM}custom`]: custom,
    [`${CLAIM}lti11_legacy_user_id`]: opaqueId(world, `user:${user.id}`),
    'https://www.instructure.com/placement': req.placement,
    name: user.name,
    given_name: given,
    family_name: rest.join(' '),
    locale: 'en',
  }
  const verifier = randomHex(32)
  const pending: PendingLaunch = {
    userId: user.id,
    claims,
    redirectUri: null,
    includeStorageTarget: req.includeStorageTarget,
    expiresAt: world.lti.now() + MESSAGE_HINT_LIFESPAN_MS,
  }
  for (const [v, p] of world.lti.pending) if (p.expiresAt <= world.lti.now()) world.lti.pending.delete(v)
  world.lti.pending.set(verifier, pending)
  const fields: Record<string, string> = {
    iss: key.issuer,
    login_hint: opaqueId(world, `user:${user.id}`),
    client_id: key.clientId,
    lti_deployment_id: key.deploymentId,
    deployment_id: key.deploymentId,
    target_link_uri: targetLinkUri,
    lti_message_hint: verifier,
    canvas_environment: 'prod',
    canvas_region: 'not_configured',
  }
  if (req.includeStorageTarget) fields.lti_storage_target = FORWARDING_TARGET
  return { action: key.oidcInitiationUrl, fields }
}

/** authentication_controller.rb's REQUIRED_PARAMS */
export const AUTHORIZE_REQUIRED = [
  'client_id',
  'login_hint',
  'lti_message_hint',
  'nonce',
  'prompt',
  'redirect_uri',
  'response_mode',
  'response_type',
  'scope',
] as const

/** What /api/lti/authorize answers: a form post to the tool (the id_token, or an OIDC error), or a plain refusal. */
export type AuthorizeAnswer =
  { kind: 'post'; action: string; fields: Record<string, string> } | { kind: 'reject'; status: number; message: string }

/** Is `redirectUri` one of the key's (its part before `?` equal to a registered one: authentication_controller.rb)? */
function redirectRegistered(world: World, redirectUri: string): boolean {
  const key = world.lti.key
  const registered = key.redirectUris.length
    ? key.redirectUris
    : [key.targetLinkUri, ...Object.values(key.placements).map((p) => p?.targetLinkUri)].filter(
        (u): u is string => typeof u === 'string',
      )
  const base = redirectUri.split('?')[0]
  return registered.some((r) => r.split('?')[0] === base)
}

export async function authorize(world: World, q: URLSearchParams): Promise<AuthorizeAnswer> {
  const redirectUri = q.get('redirect_uri')
  if (!redirectUri || !redirectRegistered(world, redirectUri))
    return { kind: 'reject', status: 400, message: 'Invalid redirect_uri' }
  const state = q.get('state')
  const error = (code: string, description: string): AuthorizeAnswer => ({
    kind: 'post',
    action: redirectUri,
    fields: { error: code, error_description: description, ...(state === null ? {} : { state }) },
  })
  const missing = AUTHORIZE_REQUIRED.filter((p) => !q.get(p))
  if (missing.length)
    return error('invalid_request_object', `The following parameters are missing: ${missing.join(',')}`)
  if (q.get('scope') !== 'openid') return error('invalid_request_object', "The 'scope' must be 'openid'")
  const verifier = q.get('lti_message_hint')!
  const pending = world.lti.pending.get(verifier)
  if (!pending) return error('launch_no_longer_valid', 'The launch has either expired or already been consumed')
  // Single use (fetch_and_delete_launch).
  world.lti.pending.delete(verifier)
  if (pending.expiresAt <= world.lti.now())
    return error('launch_no_longer_valid', 'The launch has either expired or already been consumed')
  if (q.get('login_hint') !== opaqueId(world, `user:${pending.userId}`))
    return error('login_required', 'Must have an active user session')
  const keys = await platformKeys(world)
  // cached_launch_with_nonce: the tool's nonce replaces Canvas's.
  const idToken = await signJwt(keys, { ...pending.claims, nonce: q.get('nonce') })
  return {
    kind: 'post',
    action: redirectUri,
    fields: {
      id_token: idToken,
      ...(state === null ? {} : { state }),
      ...(pending.includeStorageTarget ? { lti_storage_target: FORWARDING_TARGET } : {}),
    },
  }
}
