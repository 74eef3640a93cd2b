/**
 * The one wrapper around every simulated Canvas endpoint: identity (token → world + user, identity.ts), rate
 * limit (throttle.ts), injected faults (faults.ts), latency, the request log, and SimError → Canvas error
 * response. Endpoint handlers stay thin: parse params, call one domain function, return JSON.
 */
import { HttpResponse, type DefaultBodyType, type HttpResponseResolver, type PathParams } from 'msw'
import { sleep } from '../../lib/sleep'
import type { Caller } from '../sim/caller'
import { internalError, SimError } from '../sim/errors'
import type { SimHost } from '../sim/host'
import type { Fault } from '../sim/world'
import { filterIncludes, scopeCheck } from '../sim/oauth'
import { paginate, type PaginateOptions, type Sliceable } from '../sim/pagination'
import { answersInstead, faultBody, faultLogStatus, findFault, gatewayAnswer, losesAnswer } from './faults'
import { identify } from './identity'
import { BadBody, readParams, type Params } from './params'
import { canvasCacheControl, canvasJson, canvasJsonText, errorResponse, truncatedJson } from './responses'
import { admit, rateLimited } from './throttle'

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
  /** The token's developer key enforces scopes (what Canvas's GraphQL checks, sim/posting.ts). */
  scoped: boolean
}

export interface RouteOutput {
  status?: number
  body: unknown
  headers?: Record<string, string>
}

export type RouteHandler = (ctx: RouteContext) => RouteOutput

/** A numbered page of `rows`, serialized after slicing (so 10,000-row collections stay cheap). */
export function paged<T>(
  ctx: RouteContext,
  rows: Sliceable<T>,
  toJson: (row: T) => unknown,
  options?: PaginateOptions<T>,
): RouteOutput {
  const page = paginate(ctx.url, rows, options)
  return { body: page.items.map(toJson), headers: { Link: page.link } }
}

export function createRouteFactory(host: SimHost, options: HandlerOptions) {
  return function canvasRoute(name: string, handle: RouteHandler): HttpResponseResolver<PathParams, DefaultBodyType> {
    return async ({ request, params: pathParams, cookies }) => {
      const started = performance.now()
      const url = new URL(request.url)
      const method = request.method.toUpperCase()

      // 1. Identity: Bearer header, access_token param, or (demo mode) the md_demo cookie.
      const identity = identify(host, request, url, cookies, options.demoSession === true)
      if (identity instanceof SimError) return errorResponse(identity)
      const { world, userId, token } = identity

      const log = (status: number) =>
        world.requestLog.push({
          method,
          route: name,
          path: url.pathname + url.search,
          status,
          ms: Math.round((performance.now() - started) * 10) / 10,
          userId,
        })

      // 2. Rate limit.
      const admission = admit(world, token ?? `session:${world.id}:${userId}`, token !== null)
      if (!admission) {
        log(403)
        return rateLimited()
      }

      // 2b. A token of a developer key with scopes: only those routes, maybe without includes (sim/oauth.ts).
      // GraphQL has no URL scopes: its own check is by type (sim/posting.ts).
      const graphql = url.pathname === '/api/graphql'
      const scope = graphql ? 'pass' : scopeCheck(world, token, method, url.pathname)
      const scoped = token !== null && world.oauth.byAccess.has(token) && world.oauth.key.scopes !== null
      if (scope instanceof SimError) {
        log(scope.status)
        return errorResponse(scope, admission.settle())
      }

      // 3. Latency (applies to failures too): the answer goes out `latencyMs` after the request came in. The work is
      // done at once and its answer held back for the rest of that time, as by a Canvas whose many workers take
      // requests side by side. Waiting first and working after made the requests that came in together (ten roster
      // pages) wake together and then wait for one another on this one thread: each page of 10,000 students took
      // about 3 ms, so the tenth answer of every round came 30 ms late. Every request is still worked on in the
      // order it came in, so what each one sees of the others' changes is as before.
      const latencyMs = world.settings.latencyMs
      // Canvas's own time for the answer (serverMsPerRow: a page of a large list takes it longer to build).
      let serverMs = 0
      const holdBack = async () => {
        const left = started + latencyMs + serverMs - performance.now()
        if (left > 0) await sleep(left)
      }

      // 4. Injected faults, then the random failure rate. Some answer instead of the endpoint (nothing changes);
      // others let it run and then lose its answer (the change stays, the client cannot know), or garble it.
      const fault = findFault(world, name, method, url.pathname, url.search)
      if (fault) fault.remaining -= 1
      if (fault && answersInstead(fault)) {
        if (latencyMs > 0) await holdBack()
        admission.settle()
        log(faultLogStatus(fault))
        return gatewayAnswer(fault) ?? canvasJson(fault.status, faultBody(fault.status))
      }
      const lost = fault && losesAnswer(fault) ? fault : null
      const answerLost = (lostFault: Fault) => {
        log(faultLogStatus(lostFault))
        return gatewayAnswer(lostFault) ?? HttpResponse.error()
      }
      if (!fault && world.settings.failureRate > 0 && world.faultRng.chance(world.settings.failureRate)) {
        if (latencyMs > 0) await holdBack()
        admission.settle()
        log(500)
        return canvasJson(500, faultBody(500))
      }

      // 5. The endpoint itself.
      let output: RouteOutput
      try {
        const read = await readParams(request, url)
        const params = scope === 'filter-includes' ? filterIncludes(read) : read
        output = handle({
          caller: { world, userId, origin: url.origin },
          params,
          path: pathParams as Record<string, string | undefined>,
          url,
          scoped,
        })
      } catch (error) {
        const simError =
          error instanceof SimError
            ? error
            : error instanceof BadBody
              ? new SimError(400, { errors: [{ message: 'The request body is not valid JSON.' }] })
              : (reportBug(error), internalError())
        if (latencyMs > 0) await holdBack()
        const headers = admission.settle()
        if (lost) return answerLost(lost)
        log(simError.status)
        return errorResponse(simError, headers)
      }
      const status = output.status ?? 200
      // Written out now, as the endpoint left the world: some answers are the world's own rows, which requests
      // that come in while this answer is held back may change.
      const text = status === 204 ? '' : JSON.stringify(output.body)
      const msPerRow = world.settings.serverMsPerRow[name] ?? 0
      if (msPerRow > 0) serverMs = msPerRow * (Array.isArray(output.body) ? output.body.length : 1)
      if (latencyMs > 0 || serverMs > 0) await holdBack()
      const headers = { ...admission.settle(), ...output.headers }

      if (lost) return answerLost(lost)
      if (fault?.kind === 'malformed') {
        log(200)
        return truncatedJson(text, {
          'Cache-Control': canvasCacheControl(200, true),
          ...headers,
        })
      }
      log(status)
      if (status === 204)
        return new HttpResponse(null, {
          status,
          headers: { 'Cache-Control': canvasCacheControl(204, false), ...headers },
        })
      return canvasJsonText(status, text, headers)
    }
  }
}

function reportBug(error: unknown) {
  console.error('[canvas-sim] unhandled error', error)
}
