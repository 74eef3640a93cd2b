/**
 * Canvas's OAuth2 endpoints (/login/oauth2/auth, POST and DELETE /login/oauth2/token) for the simulator.
 * The model lives in ../sim/oauth.ts; these handlers parse requests and shape Canvas's answers.
 *
 * Signing in: GET /login/oauth2/auth shows a page listing the world's staff with "Sign in as <name>" links
 * (what a browser test clicks). Simulator-only query params skip the page: `sim_user_id=<id>` approves as
 * that user, `sim_deny=1` answers like the user's "Cancel" (error=access_denied).
 *
 * Once the world is known (from client_id or the token), world latency, faults (route names `oauth_auth`,
 * `oauth_token`, `oauth_token_delete`) and the request log apply as for /api/v1. The log keeps the path
 * only: no codes, states or tokens.
 *
 * POST /login/oauth2/token is throttled as Canvas throttles it (app/middleware/request_throttle.rb): by the caller's
 * address, with the world's rateLimit settings, and each token it gives costs 200 units more
 * (oauth2_provider_controller.rb#token, `oauth_token_additional_request_cost`). The simulator cannot see addresses,
 * so all callers of a world's token endpoint share one bucket, as the users of one server do. A `status` fault of
 * 403 there is answered as the throttle answers: it is the only 403 Canvas's token endpoint gives.
 */
import { http, HttpResponse, type HttpHandler } from 'msw'
import { escapeHtml } from '../../lib/html'
import { sleep } from '../../lib/sleep'
import { invalidToken, SimError } from '../sim/errors'
import type { SimHost } from '../sim/host'
import {
  checkClient,
  exchangeCode,
  invalidScope,
  issueCode,
  oauthError,
  redirectAllowed,
  refreshGrant,
  requestedScopes,
  revokeGrant,
  tokenJson,
} from '../sim/oauth'
import { paramText } from '../sim/params'
import type { World } from '../sim/world'
import { answersInstead, faultBody, faultLogStatus, findFault, gatewayAnswer, losesAnswer } from './faults'
import { requestToken } from './identity'
import { BadBody, readParams } from './params'
import { errorResponse, jsonResponse, truncatedJson } from './responses'
import { admit, formatFloat, rateLimited } from './throttle'

const AUTH = '*/login/oauth2/auth'
const TOKEN = '*/login/oauth2/token'

/** The token endpoint's throttle bucket in each world (Canvas: `ip:<the caller's address>`). */
const TOKEN_CALLER_BUCKET = 'ip:token-endpoint'
/** What Canvas adds to the token endpoint's cost for each token it gives. */
const TOKEN_ISSUE_COST = 200

/** RFC 6749 §5.1: token responses (and so everything here) must not be cached. */
const NO_STORE = { 'Cache-Control': 'no-store' }

function redirect(location: string): Response {
  return new HttpResponse(null, { status: 302, headers: { Location: location, ...NO_STORE } })
}

/** Canvas's `final_redirect`: the redirect_uri with our params added to its query. */
function finalRedirect(redirectUri: string, params: Record<string, string | null>): Response {
  const url = new URL(redirectUri)
  for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.set(k, v)
  return redirect(url.toString())
}

const ROLE_LABEL: Record<string, string> = {
  final_grader: 'final grader',
  teacher: 'teacher',
  ta: 'TA',
  admin: 'account admin',
  student: 'student',
}

function authorizePage(world: World, url: URL, notice: string | null): Response {
  const link = (extra: Record<string, string>) => {
    const q = new URLSearchParams(url.searchParams)
    q.delete('sim_user_id')
    q.delete('sim_deny')
    for (const [k, v] of Object.entries(extra)) q.set(k, v)
    return escapeHtml(`${url.pathname}?${q.toString()}`)
  }
  const staff = world.cast.filter((m) => m.role !== 'student')
  const items = staff
    .map(
      (m) =>
        `<li><a href="${link({ sim_user_id: String(m.id) })}">Sign in as ${escapeHtml(m.name)}</a> (${ROLE_LABEL[m.role] ?? m.role})</li>`,
    )
    .join('\n')
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Authorize access – Canvas (simulator)</title></head>
<body>
<main>
<h1>Canvas (simulator): authorize access</h1>
${notice ? `<p role="alert">${escapeHtml(notice)}</p>` : ''}
<p>An application (developer key ${escapeHtml(world.oauth.key.clientId)}) is requesting access to your Canvas account. Choose who you are to sign in and authorize it.</p>
<ul>
${items}
</ul>
<p><a href="${link({ sim_deny: '1' })}">Cancel</a></p>
</main>
</body>
</html>
`
  return new HttpResponse(html, {
    status: notice ? 400 : 200,
    headers: { 'Content-Type': 'text/html; charset=utf-8', ...NO_STORE },
  })
}

/**
 * Latency, faults and the request log for an OAuth endpoint of a known world; with `throttled`, first Canvas's
 * throttle, charging TOKEN_ISSUE_COST more for a 200 (a token given).
 */
async function inWorld(
  world: World,
  route: string,
  request: Request,
  url: URL,
  run: () => Promise<Response> | Response,
  throttled = false,
): Promise<Response> {
  const started = performance.now()
  const method = request.method.toUpperCase()
  const log = (status: number) =>
    world.requestLog.push({
      method,
      route,
      path: url.pathname,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      userId: null,
    })
  const admission = throttled ? admit(world, TOKEN_CALLER_BUCKET, true) : null
  if (throttled && !admission) {
    log(403)
    return rateLimited()
  }
  const charged = (response: Response) => {
    if (admission) chargeTokenCall(world, admission.settle(), response)
    return response
  }
  if (world.settings.latencyMs > 0) await sleep(world.settings.latencyMs)
  const fault = findFault(world, route, method, url.pathname, url.search)
  if (fault) fault.remaining -= 1
  if (fault && (answersInstead(fault) || losesAnswer(fault))) {
    // The endpoint runs first when the answer is to be lost (a code is used up, a token given or revoked), and
    // whatever it answered, even an error, never reaches the client.
    if (losesAnswer(fault)) {
      try {
        await run()
      } catch (error) {
        if (!(error instanceof SimError || error instanceof BadBody)) throw error
      }
    }
    const instead = gatewayAnswer(fault)
    log(faultLogStatus(fault))
    if (instead) {
      if (admission) admission.settle()
      return instead
    }
    if (throttled && fault.status === 403) return charged(rateLimited())
    return charged(jsonResponse(fault.status, faultBody(fault.status), NO_STORE))
  }
  let response: Response
  try {
    response = await run()
  } catch (error) {
    if (error instanceof SimError) response = errorResponse(error, NO_STORE)
    else if (error instanceof BadBody) response = notJson()
    else throw error
  }
  if (fault?.kind === 'malformed') {
    const text = await response.text()
    log(200)
    return charged(truncatedJson(text))
  }
  log(response.status)
  return charged(response)
}

/**
 * Settles a throttled token call: its cost, plus TOKEN_ISSUE_COST when it gave a token (status 200), and Canvas's
 * X-Request-Cost and X-Rate-Limit-Remaining headers (sent to `ip:` callers). `settled` is what admit's settle() said.
 */
function chargeTokenCall(world: World, settled: Record<string, string>, response: Response): void {
  const limit = world.settings.rateLimit
  const bucket = world.buckets.get(TOKEN_CALLER_BUCKET)
  if (limit && bucket && response.status === 200) {
    bucket.count = Math.min(limit.maximum, bucket.count + TOKEN_ISSUE_COST)
    settled = {
      'X-Request-Cost': formatFloat(limit.requestCost + TOKEN_ISSUE_COST),
      'X-Rate-Limit-Remaining': formatFloat(Math.max(0, limit.highWaterMark - bucket.count)),
    }
  }
  if (response.status === 403 && response.headers.get('content-type')?.startsWith('text/plain')) return
  for (const [name, value] of Object.entries(settled)) response.headers.set(name, value)
}

function basicAuth(request: Request): { user: string; pass: string } | null {
  const m = /^Basic\s+(.+)$/i.exec(request.headers.get('authorization') ?? '')
  if (!m) return null
  try {
    const decoded = atob(m[1]!.trim())
    const colon = decoded.indexOf(':')
    return colon < 0
      ? null
      : { user: decodeURIComponent(decoded.slice(0, colon)), pass: decodeURIComponent(decoded.slice(colon + 1)) }
  } catch {
    return null
  }
}

/** A param as text; a blank one counts as missing. */
const str = (v: unknown): string | undefined => paramText(v) || undefined

/** Canvas's RequestError shape for a body it cannot parse. */
const notJson = () =>
  jsonResponse(400, { error: 'invalid_request', error_description: 'The request body is not valid JSON.' }, NO_STORE)

export function oauthHandlers(host: SimHost): HttpHandler[] {
  return [
    http.get(AUTH, ({ request }) => {
      const url = new URL(request.url)
      const q = url.searchParams
      // With code or error the request is Canvas's own out-of-band landing page.
      if (q.has('code') || q.has('error'))
        return new HttpResponse('<!doctype html><title>Canvas</title><p>You may close this window.</p>', {
          headers: { 'Content-Type': 'text/html; charset=utf-8' },
        })
      const world = host.findWorldByClientId(q.get('client_id'))
      if (!world) return errorResponse(oauthError('invalid_client_id'), NO_STORE)
      return inWorld(world, 'oauth_auth', request, url, () => {
        const redirectUri = q.get('redirect_uri') ?? undefined
        if (!redirectAllowed(world.oauth.key, redirectUri)) throw oauthError('invalid_redirect')
        const state = q.get('state')
        // After the client and redirect checks, before anything else; redirected without the state
        // (oauth2_provider_controller.rb#auth: InvalidScopeError → redirect_oauth_error).
        const scopes = requestedScopes(q)
        const refused = invalidScope(world.oauth.key, scopes)
        if (refused) return finalRedirect(redirectUri, refused)
        if (q.get('response_type') !== 'code') {
          return finalRedirect(redirectUri, {
            error: 'unsupported_response_type',
            error_description: 'Only response_type=code is permitted',
            state,
          })
        }
        if (q.has('sim_deny')) return finalRedirect(redirectUri, { error: 'access_denied', state })
        const who = q.get('sim_user_id')
        if (who !== null) {
          const member = world.cast.find((m) => String(m.id) === who)
          if (!member) return authorizePage(world, url, `No user ${who} in this world; choose one below.`)
          return finalRedirect(redirectUri, { code: issueCode(world, member, redirectUri, scopes), state })
        }
        return authorizePage(world, url, null)
      })
    }),

    http.post(TOKEN, async ({ request }) => {
      const url = new URL(request.url)
      let params: Record<string, unknown>
      try {
        params = await readParams(request, url)
      } catch {
        return notJson()
      }
      const basic = basicAuth(request)
      const clientId = str(params.client_id) ?? basic?.user
      const world = host.findWorldByClientId(clientId)
      if (!world) return errorResponse(oauthError('invalid_client_id'), NO_STORE)
      return inWorld(
        world,
        'oauth_token',
        request,
        url,
        () => {
          const grantType = str(params.grant_type) ?? (params.code ? 'authorization_code' : undefined)
          if (grantType !== 'authorization_code' && grantType !== 'refresh_token')
            throw oauthError('unsupported_grant_type')
          checkClient(world, str(params.client_secret) ?? basic?.pass)
          if (grantType === 'authorization_code') {
            const grant = exchangeCode(world, str(params.code), str(params.redirect_uri))
            return jsonResponse(200, tokenJson(world, grant, true), NO_STORE)
          }
          const { grant, renewed } = refreshGrant(world, str(params.refresh_token))
          return jsonResponse(200, tokenJson(world, grant, false, renewed), NO_STORE)
        },
        true,
      )
    }),

    http.delete(TOKEN, ({ request }) => {
      const url = new URL(request.url)
      const token = requestToken(request, url)
      const notOAuth = () =>
        jsonResponse(400, { message: "can't delete OAuth access token when not using an OAuth access token" }, NO_STORE)
      if (token === null) return notOAuth()
      const identity = host.resolveToken(token)
      if (!identity) return errorResponse(invalidToken())
      const { world } = identity
      return inWorld(world, 'oauth_token_delete', request, url, () => {
        const grant = world.oauth.byAccess.get(token)
        // Seeded tokens stand for manually created ones; the simulator keeps them (its worlds depend on them).
        if (!grant) return notOAuth()
        revokeGrant(world, grant)
        return jsonResponse(200, {}, NO_STORE)
      })
    }),
  ]
}
