/**
 * Injected faults (POST /__sim/worlds/:id/faults): which one a request meets, and the body Canvas would send
 * with the status it injects. Shared by the /api/v1 wrapper (route.ts) and the OAuth2 endpoints (oauth.ts).
 */
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
