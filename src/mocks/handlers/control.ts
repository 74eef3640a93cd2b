/**
 * The simulator's control API under /__sim (JSON in/out; not Canvas): worlds, settings, faults and the
 * request log. Used by Playwright fixtures, benchmarks and `npm run sim` users. Writes must say
 * `Content-Type: application/json` (415 otherwise; see isJsonWrite) and world creation is limited (SimHost.limits).
 * Bodies are checked by the zod schemas below; the first problem is the 400's message, which names the field.
 */
import { http, HttpResponse, type HttpHandler } from 'msw'
import { z } from 'zod'
import { WorldLimitError, type SimHost, type WorldSpec } from '../sim/host'
import { removeSelectionRow } from '../sim/moderation'
import { expireAccessTokens, grantsJson, revokeGrants } from '../sim/oauth'
import { SCENARIOS } from '../sim/scenarios'
import { DEFAULT_RATE_LIMIT, type Fault, type FaultKind, type RateLimitConfig, type World } from '../sim/world'
import { isJsonWrite } from './params'
import { jsonResponse } from './responses'

const BASE = '*/__sim'

class ControlError extends Error {
  readonly status: number
  constructor(status: number, message: string) {
    super(message)
    this.status = status
  }
}

// ---- body schemas ----

/** An integer in [min, max]; one message for every way of missing it. */
function intIn(name: string, min: number, max: number) {
  const error = `${name} must be an integer from ${min} to ${max}`
  return z.int({ error }).min(min, { error }).max(max, { error })
}

/** `intIn`, or absent or null for "not given". */
function optionalIntIn(name: string, min: number, max: number) {
  return intIn(name, min, max)
    .nullish()
    .transform((value) => value ?? undefined)
}

/** What `schema` makes of `input`, or a 400 with the message of the first problem. */
function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input)
  if (!result.success) throw new ControlError(400, result.error.issues[0]?.message ?? 'invalid body')
  return result.data
}

const jsonObject = z.record(z.string(), z.unknown(), { error: 'body must be a JSON object' })

/** The JSON object a write sends; no body at all is `{}` (a reset or an expiry without options). */
async function body(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text()
  if (!text) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  return parse(jsonObject, parsed)
}

const worldSpecInput = z
  .object({
    scenario: z.enum(SCENARIOS, { error: `scenario must be one of ${SCENARIOS.join(', ')}` }).nullish(),
    worldId: z.string({ error: 'worldId must be a string' }).optional(),
    // What the scenario can build; how many this host allows is SimHost.checkLimits's to say.
    students: optionalIntIn('students', 1, 100_000),
    graders: optionalIntIn('graders', 1, 10),
    seed: optionalIntIn('seed', 0, 2 ** 31 - 1),
  })
  // Every key, given or not: on a reset, an absent seed means the default one, not the old world's
  // (SimHost.resetWorld spreads the spec over the old world's scenario and seed).
  .transform(({ scenario, worldId, students, graders, seed }): WorldSpec => ({
    scenario: scenario ?? 'demo',
    students,
    graders,
    seed,
    worldId,
  }))

export function worldSpec(input: Record<string, unknown>): WorldSpec {
  return parse(worldSpecInput, input)
}

const tokenTtlSeconds = optionalIntIn('tokenTtlSeconds', 1, 366 * 86_400)

function nonNegative(name: keyof RateLimitConfig) {
  const error = `rateLimit.${name} must be a number >= 0`
  return z.number({ error }).min(0, { error })
}

const RATE_LIMIT_KEYS = Object.keys(DEFAULT_RATE_LIMIT).join(', ')

/**
 * Canvas's throttle settings, each given or the default. A key that is none of them is refused: a typo would
 * otherwise leave the default in force without a word.
 */
const rateLimitConfig = z.strictObject(
  {
    highWaterMark: nonNegative('highWaterMark'),
    maximum: nonNegative('maximum'),
    outflowPerSecond: nonNegative('outflowPerSecond'),
    upFrontCost: nonNegative('upFrontCost'),
    requestCost: nonNegative('requestCost'),
  } satisfies Record<keyof RateLimitConfig, z.ZodType>,
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `rateLimit.${issue.keys[0]} is not a setting (${RATE_LIMIT_KEYS})`
        : undefined,
  },
)

/** `true` = Canvas's defaults, `false` or null = off, an object = the defaults with its values over them. */
const rateLimitSetting = z
  .union([z.boolean(), z.null(), jsonObject], { error: 'rateLimit must be true, false or an object' })
  .transform((value) =>
    value === false || value === null ? null : { ...DEFAULT_RATE_LIMIT, ...(value === true ? {} : value) },
  )
  .pipe(rateLimitConfig.nullable())

const SERVER_MS_ERROR = 'serverMsPerRow must map route names to milliseconds per row from 0 to 1000'
const configInput = z.object({
  latencyMs: optionalIntIn('latencyMs', 0, 60_000),
  serverMsPerRow: z
    .record(
      z.string(),
      z.number({ error: SERVER_MS_ERROR }).min(0, { error: SERVER_MS_ERROR }).max(1000, { error: SERVER_MS_ERROR }),
      {
        error: SERVER_MS_ERROR,
      },
    )
    .optional(),
  failureRate: z
    .number({ error: 'failureRate must be a number from 0 to 1' })
    .min(0, { error: 'failureRate must be a number from 0 to 1' })
    .max(1, { error: 'failureRate must be a number from 0 to 1' })
    .optional(),
  unauthorizedStatus: z.literal([401, 403], { error: 'unauthorizedStatus must be 401 or 403' }).optional(),
  rateLimit: rateLimitSetting.optional(),
  tokenTtlSeconds,
})

const REDIRECT_URIS_ERROR = 'redirectUris must be a list of http(s) URLs ([] accepts any)'
const SCOPES_ERROR = 'scopes must be a list of Canvas scopes like "url:GET|/api/v1/courses", or null for none enforced'

const oauthConfigInput = z.object({
  redirectUris: z
    .array(z.string({ error: REDIRECT_URIS_ERROR }).regex(/^https?:\/\//, { error: REDIRECT_URIS_ERROR }), {
      error: REDIRECT_URIS_ERROR,
    })
    .optional(),
  tokenTtlSeconds,
  // "Enforce Scopes" with these scopes; null turns it off (sim/oauth-state.ts, DeveloperKey).
  scopes: z
    .array(z.string({ error: SCOPES_ERROR }), { error: SCOPES_ERROR })
    .nullable()
    .optional(),
  allowIncludes: z.boolean({ error: 'allowIncludes must be true or false' }).optional(),
})

/** `{userId?}` of the OAuth expire and revoke calls: a cast member of `world`, or absent for everyone. */
function userIdInput(world: World) {
  const error = 'userId must be a cast member of this world (or omitted for everyone)'
  return z.object({
    userId: z
      .number({ error })
      .refine((id) => world.cast.some((m) => m.id === id), { error })
      .nullish()
      .transform((id) => id ?? undefined),
  })
}

const moderationSetInput = z.object({
  assignmentId: optionalIntIn('assignmentId', 1, Number.MAX_SAFE_INTEGER),
  studentId: optionalIntIn('studentId', 1, Number.MAX_SAFE_INTEGER),
})

const FAULT_KINDS = [
  'status',
  'drop',
  'malformed',
  'html',
  'commit-then-drop',
  'commit-then-502',
] as const satisfies readonly FaultKind[]
const KINDS_ERROR = `kind must be ${FAULT_KINDS.map((k) => `'${k}'`).join(', ')}`
/** The kinds whose status is chosen (default 500 for `status`, 502 for `html`); `commit-then-502` is always 502. */
const STATUS_KINDS: readonly FaultKind[] = ['status', 'html']
const PATH_ERROR = 'path must be a valid regular expression'

const pattern = (error: string) =>
  z
    .string({ error })
    .transform((source, ctx) => {
      try {
        return new RegExp(source)
      } catch {
        ctx.issues.push({ code: 'custom', message: error, input: source })
        return z.NEVER
      }
    })
    .nullish()

const faultInput = z.object({
  kind: z.enum(FAULT_KINDS, { error: KINDS_ERROR }).nullish(),
  route: z.string({ error: "route must be a route name (a string) or '*'" }).nullish(),
  method: z.string({ error: 'method must be an HTTP method name (a string)' }).nullish(),
  path: pattern(PATH_ERROR),
  query: pattern('query must be a valid regular expression'),
  // Absent: once; null or "always": until cleared.
  count: z
    .union([z.literal('always'), z.null(), intIn('count', 1, 1_000_000)], {
      error: 'count must be an integer from 1 to 1000000',
    })
    .optional(),
  status: optionalIntIn('status', 400, 599),
  afterHandler: z.boolean({ error: 'afterHandler must be true or false' }).optional(),
})

export function parseFault(input: Record<string, unknown>): Fault {
  const { route, method, path, query, count, status, afterHandler, ...rest } = parse(faultInput, input)
  const kind = rest.kind ?? 'status'
  // A status the kind would not send is refused: ignoring it would leave a different fault in force without a word.
  if (status !== undefined && !STATUS_KINDS.includes(kind))
    throw new ControlError(400, `status applies to kind 'status' or 'html', not '${kind}'`)
  const fault: Fault = {
    route: route ?? null,
    method: method?.toUpperCase() ?? null,
    pathPattern: path ?? null,
    queryPattern: query ?? null,
    kind,
    status:
      kind === 'status' ? (status ?? 500) : kind === 'html' ? (status ?? 502) : kind === 'commit-then-502' ? 502 : 200,
    remaining: count === undefined ? 1 : typeof count === 'number' ? count : Infinity,
    afterHandler: afterHandler === true,
  }
  if (fault.route === null && fault.method === null && fault.pathPattern === null)
    throw new ControlError(400, 'a fault needs a route name, a method or a path pattern')
  return fault
}

// ---- applying them ----

export function describeWorld(world: World) {
  return {
    worldId: world.id,
    scenario: world.scenario,
    users: world.cast.map(({ id, name, role, token }) => ({ id, name, role, token })),
    oauth: { clientId: world.oauth.key.clientId, clientSecret: world.oauth.key.clientSecret },
  }
}

function oauthJson(world: World) {
  const { clientId, clientSecret, redirectUris, scopes, allowIncludes } = world.oauth.key
  return {
    clientId,
    clientSecret,
    redirectUris,
    scopes,
    allowIncludes,
    tokenTtlSeconds: world.settings.tokenTtlSeconds,
    grants: grantsJson(world),
  }
}

/** Checked in full before anything changes, so a refused call leaves the world as it was. */
function applyOAuthConfig(world: World, input: Record<string, unknown>) {
  const { redirectUris, tokenTtlSeconds, scopes, allowIncludes } = parse(oauthConfigInput, input)
  if (redirectUris !== undefined) world.oauth.key.redirectUris = redirectUris
  if (scopes !== undefined) world.oauth.key.scopes = scopes
  if (allowIncludes !== undefined) world.oauth.key.allowIncludes = allowIncludes
  if (tokenTtlSeconds !== undefined) world.settings.tokenTtlSeconds = tokenTtlSeconds
}

/** Checked in full before anything changes, so a refused call leaves the settings as they were. */
function applyConfig(world: World, input: Record<string, unknown>) {
  const { latencyMs, serverMsPerRow, failureRate, unauthorizedStatus, rateLimit, tokenTtlSeconds } = parse(
    configInput,
    input,
  )
  const s = world.settings
  if (latencyMs !== undefined) s.latencyMs = latencyMs
  if (serverMsPerRow !== undefined) s.serverMsPerRow = { ...serverMsPerRow }
  if (failureRate !== undefined) s.failureRate = failureRate
  if (unauthorizedStatus !== undefined) s.unauthorizedStatus = unauthorizedStatus
  if (rateLimit !== undefined) {
    s.rateLimit = rateLimit
    world.buckets.clear()
  }
  if (tokenTtlSeconds !== undefined) s.tokenTtlSeconds = tokenTtlSeconds
  return s
}

function faultJson(f: Fault) {
  return {
    route: f.route,
    method: f.method,
    path: f.pathPattern?.source ?? null,
    query: f.queryPattern?.source ?? null,
    kind: f.kind,
    status: f.status,
    remaining: Number.isFinite(f.remaining) ? f.remaining : 'always',
    afterHandler: f.afterHandler,
  }
}

type Resolver = (args: {
  request: Request
  params: Record<string, string | readonly string[] | undefined>
}) => Promise<Response> | Response

function control(resolver: Resolver): Resolver {
  return async (args) => {
    try {
      if (!(await isJsonWrite(args.request))) throw new ControlError(415, 'Content-Type must be application/json')
      return await resolver(args)
    } catch (error) {
      if (error instanceof ControlError || error instanceof WorldLimitError)
        return jsonResponse(error.status, { error: error.message })
      if (error instanceof Error) return jsonResponse(400, { error: error.message })
      throw error
    }
  }
}

const noContent = () => new HttpResponse(null, { status: 204 })

/** The `:worldId` of the route (one path segment, so always a string when the route matched). */
function worldIdOf(params: Record<string, unknown>): string {
  return typeof params.worldId === 'string' ? params.worldId : ''
}

export function controlHandlers(host: SimHost): HttpHandler[] {
  const world = (params: Record<string, unknown>): World => {
    const w = host.getWorld(worldIdOf(params))
    if (!w) throw new ControlError(404, `no world ${worldIdOf(params)}`)
    return w
  }
  return [
    http.get(
      `${BASE}/worlds`,
      control(() =>
        jsonResponse(
          200,
          host.worldIds().map((id) => ({ worldId: id, scenario: host.getWorld(id)!.scenario })),
        ),
      ),
    ),
    http.post(
      `${BASE}/worlds`,
      control(async ({ request }) => {
        const spec = worldSpec(await body(request))
        host.checkLimits(spec)
        return jsonResponse(201, describeWorld(host.createWorld(spec)))
      }),
    ),
    http.delete(
      `${BASE}/worlds/:worldId`,
      control(({ params }) => {
        if (params.worldId === 'default')
          throw new ControlError(400, 'the default world cannot be deleted; reset it instead')
        host.deleteWorld(world(params).id)
        return noContent()
      }),
    ),
    http.post(
      `${BASE}/worlds/:worldId/reset`,
      control(async ({ request, params }) => {
        const input = await body(request)
        const id = worldIdOf(params)
        if (id !== 'default') world(params)
        const spec = worldSpec({ ...input, scenario: input.scenario ?? host.getWorld(id)?.scenario ?? 'demo' })
        host.checkLimits(spec, id)
        return jsonResponse(200, describeWorld(host.resetWorld(id, { ...spec, worldId: id })))
      }),
    ),
    http.get(
      `${BASE}/worlds/:worldId/users`,
      control(({ params }) => jsonResponse(200, describeWorld(world(params)).users)),
    ),
    http.get(
      `${BASE}/worlds/:worldId/config`,
      control(({ params }) => jsonResponse(200, world(params).settings)),
    ),
    http.put(
      `${BASE}/worlds/:worldId/config`,
      control(async ({ request, params }) => jsonResponse(200, applyConfig(world(params), await body(request)))),
    ),
    http.get(
      `${BASE}/worlds/:worldId/oauth`,
      control(({ params }) => jsonResponse(200, oauthJson(world(params)))),
    ),
    http.put(
      `${BASE}/worlds/:worldId/oauth`,
      control(async ({ request, params }) => {
        const w = world(params)
        applyOAuthConfig(w, await body(request))
        return jsonResponse(200, oauthJson(w))
      }),
    ),
    http.post(
      `${BASE}/worlds/:worldId/oauth/expire`,
      control(async ({ request, params }) => {
        const w = world(params)
        const { userId } = parse(userIdInput(w), await body(request))
        return jsonResponse(200, { expired: expireAccessTokens(w, userId) })
      }),
    ),
    http.post(
      `${BASE}/worlds/:worldId/oauth/revoke`,
      control(async ({ request, params }) => {
        const w = world(params)
        const { userId } = parse(userIdInput(w), await body(request))
        return jsonResponse(200, { revoked: revokeGrants(w, userId) })
      }),
    ),
    // A student without a selection row ("not in the moderation set"). Canvas creates the rows whenever due
    // dates are recomputed (contract §1.3), so this happens only between an enrolment and that recompute.
    http.post(
      `${BASE}/worlds/:worldId/moderation-set/remove`,
      control(async ({ request, params }) => {
        const w = world(params)
        const { assignmentId, studentId } = parse(moderationSetInput, await body(request))
        if (assignmentId === undefined || studentId === undefined)
          throw new ControlError(400, 'assignmentId and studentId are required')
        const removed = w.selections.get(assignmentId)?.has(studentId) ?? false
        removeSelectionRow(w, assignmentId, studentId)
        return jsonResponse(200, { removed })
      }),
    ),
    http.get(
      `${BASE}/worlds/:worldId/faults`,
      control(({ params }) => jsonResponse(200, world(params).faults.map(faultJson))),
    ),
    http.post(
      `${BASE}/worlds/:worldId/faults`,
      control(async ({ request, params }) => {
        const w = world(params)
        const fault = parseFault(await body(request))
        w.faults.push(fault)
        return jsonResponse(201, faultJson(fault))
      }),
    ),
    http.delete(
      `${BASE}/worlds/:worldId/faults`,
      control(({ params }) => {
        world(params).faults = []
        return noContent()
      }),
    ),
    http.get(
      `${BASE}/worlds/:worldId/requests`,
      control(({ params }) =>
        jsonResponse(
          200,
          world(params).requestLog.map(({ method, route, path, status, ms }) => ({ method, route, path, status, ms })),
        ),
      ),
    ),
    http.delete(
      `${BASE}/worlds/:worldId/requests`,
      control(({ params }) => {
        world(params).requestLog = []
        return noContent()
      }),
    ),
  ]
}
