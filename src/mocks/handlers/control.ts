/**
 * The simulator's control API under /__sim (JSON in/out; not Canvas): worlds, settings, faults and the
 * request log. Used by Playwright fixtures, benchmarks and `npm run sim` users. Writes must say
 * `Content-Type: application/json` (415 otherwise; see isJsonWrite) and world creation is limited (SimHost.limits).
 */
import { http, HttpResponse, type HttpHandler } from 'msw'
import { WorldLimitError, type SimHost, type WorldSpec } from '../sim/host'
import { removeSelectionRow } from '../sim/moderation'
import { expireAccessTokens, grantsJson, revokeGrants } from '../sim/oauth'
import { SCENARIOS, type ScenarioName } from '../sim/scenarios'
import { DEFAULT_RATE_LIMIT, type Fault, type FaultKind, type RateLimitConfig, type World } from '../sim/world'
import { isJsonWrite, JSON_TYPE } from './route'

const BASE = '*/__sim'

class ControlError extends Error {
  readonly status: number
  constructor(status: number, message: string) {
    super(message)
    this.status = status
  }
}

function json(body: unknown, status = 200) {
  return new HttpResponse(JSON.stringify(body), { status, headers: { 'Content-Type': JSON_TYPE } })
}

async function body(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text()
  if (!text) return {}
  try {
    const parsed: unknown = JSON.parse(text)
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>
  } catch {
    // fall through
  }
  throw new ControlError(400, 'body must be a JSON object')
}

function optionalInt(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ControlError(400, `${name} must be an integer from ${min} to ${max}`)
  }
  return value
}

export function worldSpec(input: Record<string, unknown>): WorldSpec {
  const scenario = input.scenario ?? 'demo'
  if (!SCENARIOS.includes(scenario as ScenarioName))
    throw new ControlError(400, `scenario must be one of ${SCENARIOS.join(', ')}`)
  if (input.worldId !== undefined && typeof input.worldId !== 'string')
    throw new ControlError(400, 'worldId must be a string')
  return {
    scenario: scenario as ScenarioName,
    // What the scenario can build; how many this host allows is SimHost.checkLimits's to say.
    students: optionalInt(input.students, 'students', 1, 100_000),
    graders: optionalInt(input.graders, 'graders', 1, 10),
    seed: optionalInt(input.seed, 'seed', 0, 2 ** 31 - 1),
    worldId: input.worldId as string | undefined,
  }
}

export function describeWorld(world: World) {
  return {
    worldId: world.id,
    scenario: world.scenario,
    users: world.cast.map(({ id, name, role, token }) => ({ id, name, role, token })),
    oauth: { clientId: world.oauth.key.clientId, clientSecret: world.oauth.key.clientSecret },
  }
}

function oauthJson(world: World) {
  const { clientId, clientSecret, redirectUris } = world.oauth.key
  return {
    clientId,
    clientSecret,
    redirectUris,
    tokenTtlSeconds: world.settings.tokenTtlSeconds,
    grants: grantsJson(world),
  }
}

function applyOAuthConfig(world: World, input: Record<string, unknown>) {
  if (input.redirectUris !== undefined) {
    const uris = input.redirectUris
    if (!Array.isArray(uris) || uris.some((u) => typeof u !== 'string' || !/^https?:\/\//.test(u))) {
      throw new ControlError(400, 'redirectUris must be a list of http(s) URLs ([] accepts any)')
    }
    world.oauth.key.redirectUris = uris as string[]
  }
  if (input.tokenTtlSeconds !== undefined)
    world.settings.tokenTtlSeconds = optionalInt(input.tokenTtlSeconds, 'tokenTtlSeconds', 1, 366 * 86_400)!
}

function optionalUserId(world: World, input: Record<string, unknown>): number | undefined {
  if (input.userId === undefined || input.userId === null) return undefined
  if (!world.cast.some((m) => m.id === input.userId))
    throw new ControlError(400, 'userId must be a cast member of this world (or omitted for everyone)')
  return input.userId as number
}

function applyConfig(world: World, input: Record<string, unknown>) {
  const s = world.settings
  if (input.latencyMs !== undefined) s.latencyMs = optionalInt(input.latencyMs, 'latencyMs', 0, 60_000)!
  if (input.failureRate !== undefined) {
    const rate = input.failureRate
    if (typeof rate !== 'number' || rate < 0 || rate > 1)
      throw new ControlError(400, 'failureRate must be a number from 0 to 1')
    s.failureRate = rate
  }
  if (input.unauthorizedStatus !== undefined) {
    if (input.unauthorizedStatus !== 401 && input.unauthorizedStatus !== 403)
      throw new ControlError(400, 'unauthorizedStatus must be 401 or 403')
    s.unauthorizedStatus = input.unauthorizedStatus
  }
  if (input.rateLimit !== undefined) {
    const rl = input.rateLimit
    if (rl === false || rl === null) s.rateLimit = null
    else if (rl === true) s.rateLimit = { ...DEFAULT_RATE_LIMIT }
    else if (typeof rl === 'object' && !Array.isArray(rl)) {
      const merged: RateLimitConfig = { ...DEFAULT_RATE_LIMIT, ...(rl as Partial<RateLimitConfig>) }
      for (const [k, v] of Object.entries(merged))
        if (typeof v !== 'number' || v < 0) throw new ControlError(400, `rateLimit.${k} must be a number >= 0`)
      s.rateLimit = merged
    } else throw new ControlError(400, 'rateLimit must be true, false or an object')
    world.buckets.clear()
  }
  if (input.tokenTtlSeconds !== undefined)
    s.tokenTtlSeconds = optionalInt(input.tokenTtlSeconds, 'tokenTtlSeconds', 1, 366 * 86_400)!
  return s
}

export function parseFault(input: Record<string, unknown>): Fault {
  const kind = (input.kind ?? 'status') as FaultKind
  if (!['status', 'drop', 'malformed'].includes(kind))
    throw new ControlError(400, "kind must be 'status', 'drop' or 'malformed'")
  const route = input.route === undefined || input.route === null ? null : String(input.route)
  const method = typeof input.method === 'string' ? input.method.toUpperCase() : null
  let pathPattern: RegExp | null = null
  if (typeof input.path === 'string') {
    try {
      pathPattern = new RegExp(input.path)
    } catch {
      throw new ControlError(400, 'path must be a valid regular expression')
    }
  }
  if (route === null && method === null && pathPattern === null)
    throw new ControlError(400, 'a fault needs a route name, a method or a path pattern')
  const count =
    input.count === undefined
      ? 1
      : input.count === null || input.count === 'always'
        ? Infinity
        : optionalInt(input.count, 'count', 1, 1_000_000)!
  return {
    route,
    method,
    pathPattern,
    kind,
    status: kind === 'status' ? (optionalInt(input.status, 'status', 400, 599) ?? 500) : 200,
    remaining: count,
    afterHandler: input.afterHandler === true,
  }
}

function faultJson(f: Fault) {
  return {
    route: f.route,
    method: f.method,
    path: f.pathPattern?.source ?? null,
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
        return json({ error: error.message }, error.status)
      if (error instanceof Error) return json({ error: error.message }, 400)
      throw error
    }
  }
}

export function controlHandlers(host: SimHost): HttpHandler[] {
  const world = (params: Record<string, unknown>): World => {
    const w = host.getWorld(String(params.worldId))
    if (!w) throw new ControlError(404, `no world ${String(params.worldId)}`)
    return w
  }
  return [
    http.get(
      `${BASE}/worlds`,
      control(() => json(host.worldIds().map((id) => ({ worldId: id, scenario: host.getWorld(id)!.scenario })))),
    ),
    http.post(
      `${BASE}/worlds`,
      control(async ({ request }) => {
        const spec = worldSpec(await body(request))
        host.checkLimits(spec)
        return json(describeWorld(host.createWorld(spec)), 201)
      }),
    ),
    http.delete(
      `${BASE}/worlds/:worldId`,
      control(({ params }) => {
        if (params.worldId === 'default')
          throw new ControlError(400, 'the default world cannot be deleted; reset it instead')
        world(params)
        host.deleteWorld(String(params.worldId))
        return new HttpResponse(null, { status: 204 })
      }),
    ),
    http.post(
      `${BASE}/worlds/:worldId/reset`,
      control(async ({ request, params }) => {
        const input = await body(request)
        const id = String(params.worldId)
        if (id !== 'default') world(params)
        const spec = worldSpec({ ...input, scenario: input.scenario ?? host.getWorld(id)?.scenario ?? 'demo' })
        host.checkLimits(spec, id)
        return json(describeWorld(host.resetWorld(id, { ...spec, worldId: id })))
      }),
    ),
    http.get(
      `${BASE}/worlds/:worldId/users`,
      control(({ params }) => json(describeWorld(world(params)).users)),
    ),
    http.get(
      `${BASE}/worlds/:worldId/config`,
      control(({ params }) => json(world(params).settings)),
    ),
    http.put(
      `${BASE}/worlds/:worldId/config`,
      control(async ({ request, params }) => json(applyConfig(world(params), await body(request)))),
    ),
    http.get(
      `${BASE}/worlds/:worldId/oauth`,
      control(({ params }) => json(oauthJson(world(params)))),
    ),
    http.put(
      `${BASE}/worlds/:worldId/oauth`,
      control(async ({ request, params }) => {
        const w = world(params)
        applyOAuthConfig(w, await body(request))
        return json(oauthJson(w))
      }),
    ),
    http.post(
      `${BASE}/worlds/:worldId/oauth/expire`,
      control(async ({ request, params }) => {
        const w = world(params)
        return json({ expired: expireAccessTokens(w, optionalUserId(w, await body(request))) })
      }),
    ),
    http.post(
      `${BASE}/worlds/:worldId/oauth/revoke`,
      control(async ({ request, params }) => {
        const w = world(params)
        return json({ revoked: revokeGrants(w, optionalUserId(w, await body(request))) })
      }),
    ),
    // A student without a selection row ("not in the moderation set"). Canvas creates the rows whenever due
    // dates are recomputed (contract §1.3), so this happens only between an enrolment and that recompute.
    http.post(
      `${BASE}/worlds/:worldId/moderation-set/remove`,
      control(async ({ request, params }) => {
        const w = world(params)
        const input = await body(request)
        const assignmentId = optionalInt(input.assignmentId, 'assignmentId', 1, Number.MAX_SAFE_INTEGER)
        const studentId = optionalInt(input.studentId, 'studentId', 1, Number.MAX_SAFE_INTEGER)
        if (assignmentId === undefined || studentId === undefined)
          throw new ControlError(400, 'assignmentId and studentId are required')
        const removed = w.selections.get(assignmentId)?.has(studentId) ?? false
        removeSelectionRow(w, assignmentId, studentId)
        return json({ removed })
      }),
    ),
    http.get(
      `${BASE}/worlds/:worldId/faults`,
      control(({ params }) => json(world(params).faults.map(faultJson))),
    ),
    http.post(
      `${BASE}/worlds/:worldId/faults`,
      control(async ({ request, params }) => {
        const w = world(params)
        const fault = parseFault(await body(request))
        w.faults.push(fault)
        return json(faultJson(fault), 201)
      }),
    ),
    http.delete(
      `${BASE}/worlds/:worldId/faults`,
      control(({ params }) => {
        world(params).faults = []
        return new HttpResponse(null, { status: 204 })
      }),
    ),
    http.get(
      `${BASE}/worlds/:worldId/requests`,
      control(({ params }) =>
        json(
          world(params).requestLog.map(({ method, route, path, status, ms }) => ({ method, route, path, status, ms })),
        ),
      ),
    ),
    http.delete(
      `${BASE}/worlds/:worldId/requests`,
      control(({ params }) => {
        world(params).requestLog = []
        return new HttpResponse(null, { status: 204 })
      }),
    ),
  ]
}
