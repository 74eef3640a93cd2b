/**
 * The one wrapper around every simulated Canvas endpoint: identity (token → world + user), rate limit,
 * injected faults, latency, the request log, and SimError → Canvas error response. Endpoint handlers
 * stay thin: parse params, call one domain function, return JSON.
 */
import { HttpResponse, type DefaultBodyType, type HttpResponseResolver, type PathParams } from 'msw'
import type { Caller } from '../sim/caller'
import { internalError, invalidToken, SimError, unauthenticated } from '../sim/errors'
import type { SimHost } from '../sim/host'
import { paginate } from '../sim/pagination'
import type { Fault, World } from '../sim/world'
import { BadBody, readParams, type Params } from './params'

export interface HandlerOptions {
  /**
   * Demo mode (browser demo, `npm start`): a request without Authorization is signed in from the
   * `md_demo=<worldId>.<userId>` cookie (default: world "default", the final grader).
   */
  demoSession?: boolean
  /** Called with the new cookie value when /demo/session switches identity (browser: write document.cookie). */
  onDemoSessionChange?: (cookie: string) => void
}

export interface RouteContext {
  caller: Caller
  params: Params
  path: Record<string, string | undefined>
  url: URL
}

export interface RouteOutput {
  status?: number
  body: unknown
  headers?: Record<string, string>
}

export type RouteHandler = (ctx: RouteContext) => RouteOutput

export const JSON_TYPE = 'application/json; charset=utf-8'
export const DEMO_COOKIE = 'md_demo'

/** `application/json`, with or without parameters (`; charset=utf-8`), in any case. */
const JSON_CONTENT_TYPE = /^application\/json\s*(;|$)/i

/**
 * Whether a write to a simulator-only endpoint (/__sim, /demo/session) carries JSON, the only body they take.
 * Not a Canvas rule (Canvas takes form posts too): these endpoints need no credentials, and a page on any other
 * site can send them a `<form enctype=text/plain>` or a `no-cors` fetch without a CORS preflight, with a
 * text/plain, form or multipart type, or none at all (a Blob body). `application/json` cannot be sent that way
 * (it needs a preflight, which nothing here answers). A write with neither a type nor a body (e.g. a reset with
 * no options) stays allowed; a form with no fields still says text/plain and is refused.
 */
export async function isJsonWrite(request: Request): Promise<boolean> {
  if (!['POST', 'PUT', 'PATCH'].includes(request.method.toUpperCase())) return true
  const type = request.headers.get('content-type')
  if (type !== null) return JSON_CONTENT_TYPE.test(type.trim())
  return (await request.clone().text()) === ''
}

/** A numbered page of `rows`, serialized after slicing (so 10,000-row collections stay cheap). */
export function paged<T>(ctx: RouteContext, rows: readonly T[], toJson: (row: T) => unknown): RouteOutput {
  const page = paginate(ctx.url, rows)
  return { body: page.items.map(toJson), headers: { Link: page.link } }
}

function now(): number {
  return performance.now()
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Ruby prints floats with at least one decimal: 600 → "600.0". */
export function formatFloat(n: number): string {
  const rounded = Math.round(n * 1000) / 1000
  return Number.isInteger(rounded) ? rounded.toFixed(1) : String(rounded)
}

/**
 * Canvas's Cache-Control on API answers. Canvas leaves it to Rails: its `cache_buster` (no-store for pages)
 * returns early for `api_request?` (app/controllers/application_controller.rb), and Rails' middleware
 * `Rack::ETag, "no-cache"` then gives a 200 or 201 with a body an ETag and `max-age=0, private,
 * must-revalidate`, and every other answer (errors, 204) `no-cache`. The ETag itself is not simulated. The
 * server's proxy must answer `no-store` whatever arrives (a browser may keep `private` answers on disk).
 */
export function canvasCacheControl(status: number, hasBody: boolean): string {
  return (status === 200 || status === 201) && hasBody ? 'max-age=0, private, must-revalidate' : 'no-cache'
}

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new HttpResponse(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': JSON_TYPE, 'Cache-Control': canvasCacheControl(status, true), ...headers },
  })
}

const STATUS_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  422: 'unprocessable_entity',
  429: 'too_many_requests',
  500: 'internal_server_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
}

/** The body Canvas would send for an injected status. */
export function faultBody(status: number): unknown {
  if (status === 404) return { errors: [{ message: 'The specified resource does not exist.' }] }
  if (status === 401 || status === 403)
    return { status: 'unauthorized', errors: [{ message: 'user not authorized to perform that action' }] }
  return { errors: [{ message: 'An error occurred.', error_code: STATUS_CODES[status] ?? 'error' }] }
}

function parseCookies(header: string | null): Record<string, string> {
  const out: Record<string, string> = {}
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0) out[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim())
  }
  return out
}

export interface DemoIdentity {
  world: World
  userId: number
}

/** `<worldId>.<userId>` → a cast member of a live world, else the default world's final grader. */
export function resolveDemoCookie(host: SimHost, value: string | undefined): DemoIdentity | null {
  if (value) {
    const dot = value.lastIndexOf('.')
    const world = host.getWorld(value.slice(0, dot))
    const userId = Number(value.slice(dot + 1))
    if (dot > 0 && world && world.cast.some((m) => m.id === userId)) return { world, userId }
  }
  const fallback = host.getWorld('default')
  const finalGrader = fallback?.cast.find((m) => m.role === 'final_grader')
  return fallback && finalGrader ? { world: fallback, userId: finalGrader.id } : null
}

export function requestCookies(
  request: Request,
  mswCookies: Record<string, string> | undefined,
): Record<string, string> {
  return { ...parseCookies(request.headers.get('cookie')), ...(mswCookies ?? {}) }
}

export function findFault(world: World, route: string, method: string, pathname: string): Fault | null {
  for (const fault of world.faults) {
    if (fault.remaining <= 0) continue
    if (fault.route !== null && fault.route !== '*' && fault.route !== route) continue
    if (fault.method !== null && fault.method !== method) continue
    if (fault.pathPattern !== null && !fault.pathPattern.test(pathname)) continue
    return fault
  }
  return null
}

/**
 * Canvas's RequestThrottle as a leaky bucket per token: reserve the up-front cost while in flight, refuse when
 * that brings the bucket to the high-water mark, then settle the real cost.
 */
function leak(world: World, key: string): { count: number; lastLeakAt: number } {
  const config = world.settings.rateLimit!
  const t = now()
  let bucket = world.buckets.get(key)
  if (!bucket) {
    bucket = { count: 0, lastLeakAt: t }
    world.buckets.set(key, bucket)
  }
  bucket.count = Math.max(0, bucket.count - ((t - bucket.lastLeakAt) / 1000) * config.outflowPerSecond)
  bucket.lastLeakAt = t
  return bucket
}

export function createRouteFactory(host: SimHost, options: HandlerOptions) {
  return function canvasRoute(name: string, handle: RouteHandler): HttpResponseResolver<PathParams, DefaultBodyType> {
    return async ({ request, params: pathParams, cookies }) => {
      const started = now()
      const url = new URL(request.url)
      const method = request.method.toUpperCase()

      // 1. Identity: Bearer header, access_token param, or (demo mode) the md_demo cookie.
      const authHeader = request.headers.get('authorization')
      let token: string | null = null
      if (authHeader !== null) token = /^Bearer\s+(.+)$/i.exec(authHeader.trim())?.[1]?.trim() ?? ''
      else if (url.searchParams.has('access_token')) token = url.searchParams.get('access_token')
      let identity: DemoIdentity | null = null
      if (token !== null) {
        identity = host.resolveToken(token)
        if (!identity) return errorResponse(invalidToken())
      } else if (options.demoSession) {
        identity = resolveDemoCookie(host, requestCookies(request, cookies)[DEMO_COOKIE])
      }
      if (!identity) return errorResponse(unauthenticated())
      const { world, userId } = identity
      const bucketKey = token ?? `session:${world.id}:${userId}`

      const log = (status: number) =>
        world.requestLog.push({
          method,
          route: name,
          path: url.pathname + url.search,
          status,
          ms: Math.round((now() - started) * 10) / 10,
          userId,
        })

      // 2. Rate limit.
      const limit = world.settings.rateLimit
      let bucket: { count: number } | null = null
      if (limit) {
        bucket = leak(world, bucketKey)
        // Canvas's order (request_throttle.rb): reserve the up-front cost first, then ask `full?`
        // (count >= hwm), so the request's own reservation counts. A refused request costs nothing more.
        bucket.count += limit.upFrontCost
        if (bucket.count >= limit.highWaterMark) {
          bucket.count = Math.max(0, bucket.count - limit.upFrontCost)
          log(403)
          return new HttpResponse('403 Forbidden (Rate Limit Exceeded)\n', {
            status: 403,
            headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Rate-Limit-Remaining': '0.0' },
          })
        }
      }
      const settle = (): Record<string, string> => {
        if (!limit || !bucket)
          return token !== null ? { 'X-Request-Cost': '0.0', 'X-Rate-Limit-Remaining': formatFloat(600) } : {}
        bucket.count = Math.min(limit.maximum, Math.max(0, bucket.count - limit.upFrontCost + limit.requestCost))
        return {
          'X-Request-Cost': formatFloat(limit.requestCost),
          'X-Rate-Limit-Remaining': formatFloat(Math.max(0, limit.highWaterMark - bucket.count)),
        }
      }

      // 3. Latency (applies to failures too).
      if (world.settings.latencyMs > 0) await sleep(world.settings.latencyMs)

      // 4. Injected faults, then the random failure rate.
      const fault = findFault(world, name, method, url.pathname)
      if (fault) fault.remaining -= 1
      if (fault && !(fault.kind === 'drop' && fault.afterHandler) && fault.kind !== 'malformed') {
        settle()
        if (fault.kind === 'drop') {
          log(0)
          return HttpResponse.error()
        }
        log(fault.status)
        return jsonResponse(fault.status, faultBody(fault.status))
      }
      if (!fault && world.settings.failureRate > 0 && world.faultRng.chance(world.settings.failureRate)) {
        settle()
        log(500)
        return jsonResponse(500, faultBody(500))
      }

      // 5. The endpoint itself.
      let output: RouteOutput
      try {
        const params = await readParams(request, url)
        output = handle({
          caller: { world, userId, origin: url.origin },
          params,
          path: pathParams as Record<string, string | undefined>,
          url,
        })
      } catch (error) {
        const simError =
          error instanceof SimError
            ? error
            : error instanceof BadBody
              ? new SimError(400, { errors: [{ message: 'The request body is not valid JSON.' }] })
              : (reportBug(error), internalError())
        const headers = settle()
        log(simError.status)
        return errorResponse(simError, headers)
      }
      const headers = { ...settle(), ...(output.headers ?? {}) }
      const status = output.status ?? 200

      if (fault?.kind === 'drop') {
        log(0)
        return HttpResponse.error()
      }
      if (fault?.kind === 'malformed') {
        const text = JSON.stringify(output.body)
        log(200)
        return new HttpResponse(text.slice(0, Math.max(1, Math.floor(text.length / 2))), {
          status: 200,
          headers: { 'Content-Type': JSON_TYPE, 'Cache-Control': canvasCacheControl(200, true), ...headers },
        })
      }
      log(status)
      if (status === 204)
        return new HttpResponse(null, {
          status,
          headers: { 'Cache-Control': canvasCacheControl(204, false), ...headers },
        })
      return jsonResponse(status, output.body, headers)
    }
  }
}

export function errorResponse(error: SimError, extra: Record<string, string> = {}): Response {
  return jsonResponse(error.status, error.body, { ...error.headers, ...extra })
}

function reportBug(error: unknown) {
  console.error('[canvas-sim] unhandled error', error)
}
