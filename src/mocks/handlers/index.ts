import type { HttpHandler } from 'msw'
import type { SimHost } from '../sim/host'
import { canvasHandlers } from './canvas'
import { controlHandlers } from './control'
import { demoSessionHandlers } from './demo-session'
import { oauthHandlers } from './oauth'
import { postOperationHandlers } from './post-operations'
import type { HandlerOptions } from './route'

export type { HandlerOptions } from './route'
export { ROUTE_NAMES } from './canvas'

/**
 * Every simulator handler: Canvas (/api/v1), Canvas's OAuth2 endpoints (/login/oauth2/*), the control API
 * (/__sim) and, with `demoSession`, the demo session endpoints (/demo/session). The same list serves the browser worker, Vitest and the HTTP server.
 */
export function createHandlers(host: SimHost, options: HandlerOptions = {}): HttpHandler[] {
  return [
    ...postOperationHandlers(host, options),
    ...canvasHandlers(host, options),
    ...oauthHandlers(host),
    ...controlHandlers(host),
    ...(options.demoSession ? demoSessionHandlers(host, options) : []),
  ]
}
