/**
 * Demo session (not Canvas): the browser demo and `npm start` never hand a Canvas token to the page.
 * The identity is the `md_demo=<worldId>.<userId>` cookie; these endpoints read and switch it.
 */
import { http, type HttpHandler } from 'msw'
import type { SimHost } from '../sim/host'
import type { World } from '../sim/world'
import { demoIdentity, demoSessionCookie } from './identity'
import { isJsonWrite } from './params'
import { jsonResponse } from './responses'
import type { HandlerOptions } from './route'

function sessionJson(world: World, userId: number) {
  const member = world.cast.find((m) => m.id === userId)!
  return {
    worldId: world.id,
    current: { id: member.id, name: member.name, role: member.role },
    identities: world.cast.filter((m) => m.role !== 'student').map(({ id, name, role }) => ({ id, name, role })),
  }
}

/** An error in Canvas's shape, which the app's client already reads. */
function refuse(status: number, message: string): Response {
  return jsonResponse(status, { errors: [{ message }] })
}

export function demoSessionHandlers(host: SimHost, options: HandlerOptions): HttpHandler[] {
  return [
    // What `npm start` answers at /session in demo mode, so the app can ask in the browser demo too.
    http.get(/^https?:\/\/[^/]+\/session$/, () => jsonResponse(200, { mode: 'demo', signedIn: true })),
    http.get('*/demo/session', ({ request, cookies }) => {
      const identity = demoIdentity(host, request, cookies)
      if (!identity) return refuse(404, 'no demo world')
      return jsonResponse(200, sessionJson(identity.world, identity.userId))
    }),
    http.put('*/demo/session', async ({ request, cookies }) => {
      // A cross-site form could otherwise switch the demo's identity (see isJsonWrite).
      if (!(await isJsonWrite(request))) return refuse(415, 'Content-Type must be application/json')
      const identity = demoIdentity(host, request, cookies)
      if (!identity) return refuse(404, 'no demo world')
      let userId: unknown
      try {
        userId = (JSON.parse(await request.text()) as { userId?: unknown }).userId
      } catch {
        // Not JSON, or `null`.
        return refuse(400, 'body must be JSON {"userId": <id>}')
      }
      const member = identity.world.cast.find((m) => m.id === userId && m.role !== 'student')
      if (!member) return refuse(400, 'userId must be one of the demo identities')
      const cookie = demoSessionCookie(identity.world.id, member.id)
      options.onDemoSessionChange?.(cookie)
      return jsonResponse(200, sessionJson(identity.world, member.id), { 'Set-Cookie': cookie })
    }),
  ]
}
