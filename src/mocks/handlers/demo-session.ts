/**
 * Demo session (not Canvas): the browser demo and `npm start` never hand a Canvas token to the page.
 * The identity is the `md_demo=<worldId>.<userId>` cookie; these endpoints read and switch it.
 */
import { http, HttpResponse, type HttpHandler } from 'msw'
import type { SimHost } from '../sim/host'
import type { World } from '../sim/world'
import { DEMO_COOKIE, isJsonWrite, JSON_TYPE, requestCookies, resolveDemoCookie, type HandlerOptions } from './route'

function sessionJson(world: World, userId: number) {
  const member = world.cast.find((m) => m.id === userId)!
  return {
    worldId: world.id,
    current: { id: member.id, name: member.name, role: member.role },
    identities: world.cast.filter((m) => m.role !== 'student').map(({ id, name, role }) => ({ id, name, role })),
  }
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new HttpResponse(JSON.stringify(body), { status, headers: { 'Content-Type': JSON_TYPE, ...headers } })
}

export function demoSessionHandlers(host: SimHost, options: HandlerOptions): HttpHandler[] {
  return [
    // What `npm start` answers at /session in demo mode, so the app can ask in the browser demo too.
    http.get(/^https?:\/\/[^/]+\/session$/, () => json({ mode: 'demo', signedIn: true })),
    http.get('*/demo/session', ({ request, cookies }) => {
      const identity = resolveDemoCookie(host, requestCookies(request, cookies)[DEMO_COOKIE])
      if (!identity) return json({ errors: [{ message: 'no demo world' }] }, 404)
      return json(sessionJson(identity.world, identity.userId))
    }),
    http.put('*/demo/session', async ({ request, cookies }) => {
      // A cross-site form could otherwise switch the demo's identity (see isJsonWrite).
      if (!(await isJsonWrite(request)))
        return json({ errors: [{ message: 'Content-Type must be application/json' }] }, 415)
      const identity = resolveDemoCookie(host, requestCookies(request, cookies)[DEMO_COOKIE])
      if (!identity) return json({ errors: [{ message: 'no demo world' }] }, 404)
      let userId: unknown
      try {
        userId = (JSON.parse(await request.text()) as { userId?: unknown }).userId
      } catch {
        return json({ errors: [{ message: 'body must be JSON {"userId": <id>}' }] }, 400)
      }
      const member = identity.world.cast.find((m) => m.id === userId && m.role !== 'student')
      if (!member) return json({ errors: [{ message: `userId must be one of the demo identities` }] }, 400)
      const value = `${identity.world.id}.${member.id}`
      options.onDemoSessionChange?.(`${DEMO_COOKIE}=${value}; Path=/; SameSite=Lax`)
      return json(sessionJson(identity.world, member.id), 200, {
        'Set-Cookie': `${DEMO_COOKIE}=${value}; Path=/; SameSite=Lax`,
      })
    }),
  ]
}
