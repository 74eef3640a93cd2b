/**
 * Injected faults (POST /__sim/worlds/:id/faults): which one a request meets, whether it answers instead of the
 * endpoint or after it, and what the client then gets: the body Canvas would send with an injected status, a dropped
 * connection, or the HTML page a gateway (nginx) sends in front of Canvas. Shared by the /api/v1 wrapper (route.ts)
 * and the OAuth2 endpoints (oauth.ts).
 */
import { HttpResponse } from 'msw'
import type { Fault, World } from '../sim/world'

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

/** The first fault with requests left that matches the route name (or `*`), method and path; the caller counts it down. */
export function findFault(world: World, route: string, method: string, pathname: string, search = ''): Fault | null {
  for (const fault of world.faults) {
    if (fault.remaining <= 0) continue
    if (fault.route !== null && fault.route !== '*' && fault.route !== route) continue
    if (fault.method !== null && fault.method !== method) continue
    if (fault.pathPattern !== null && !fault.pathPattern.test(pathname)) continue
    if (fault.queryPattern !== null && !fault.queryPattern.test(search.replace(/^\?/, ''))) continue
    return fault
  }
  return null
}

/**
 * The fault answers in place of the endpoint, which never runs: nothing changes in the world (`status`, `html`, and
 * `drop` without afterHandler). The request never reached Canvas, or Canvas refused it before doing anything.
 */
export function answersInstead(fault: Fault): boolean {
  return fault.kind === 'status' || fault.kind === 'html' || (fault.kind === 'drop' && !fault.afterHandler)
}

/**
 * The endpoint runs (what it changes stays changed) and then its answer, whatever it was, is lost on the way back:
 * the connection drops (`commit-then-drop`, or `drop` with afterHandler) or a gateway answers 502 instead
 * (`commit-then-502`). The client cannot tell what happened: the outcome is unknown.
 */
export function losesAnswer(fault: Fault): boolean {
  return (
    fault.kind === 'commit-then-drop' ||
    fault.kind === 'commit-then-502' ||
    (fault.kind === 'drop' && fault.afterHandler)
  )
}

/**
 * nginx's own error pages (src/http/ngx_http_special_response.c: the page, then `ngx_http_error_tail` as sent with
 * `server_tokens off`; `text/html`). Statuses nginx has no page for get the same shape with the standard reason.
 */
const NGINX_REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Authorization Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Not Allowed',
  408: 'Request Time-out',
  413: 'Request Entity Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
  507: 'Insufficient Storage',
}

/** The HTML page nginx sends with `status` when it answers itself (e.g. 502 when the upstream closed mid-answer). */
export function gatewayPage(status: number): string {
  const title = `${status} ${NGINX_REASONS[status] ?? 'Error'}`
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
}

/** The status the request log records for what a fault sends instead of Canvas's answer: 0 for a dropped connection. */
export function faultLogStatus(fault: Fault): number {
  return fault.kind === 'drop' || fault.kind === 'commit-then-drop' ? 0 : fault.status
}

/**
 * What the client gets from a fault that is not Canvas answering: a dropped connection (msw's network error; the HTTP
 * server destroys the socket, sim-server.ts) or a gateway's HTML page (no Canvas headers: the gateway sent it).
 * null for `status` and `malformed`, which are Canvas's own answers and shaped by the caller.
 */
export function gatewayAnswer(fault: Fault): Response | null {
  if (fault.kind === 'drop' || fault.kind === 'commit-then-drop') return HttpResponse.error()
  if (fault.kind === 'html' || fault.kind === 'commit-then-502')
    return new HttpResponse(gatewayPage(fault.status), {
      status: fault.status,
      headers: { 'Content-Type': 'text/html' },
    })
  return null
}
