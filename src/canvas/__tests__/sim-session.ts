// The client's own way to the simulator in tests: same-origin /api/v1 requests without a token, signed in by the demo
// cookie (as renderApp does, src/testing/render-app.tsx). Use with setupSimulator(); its afterEach resets the handlers.
import { createHandlers } from '../../mocks/handlers'
import { host, server } from '../../mocks/node'
import type { SimWorldHandle } from '../../testing/simulator'

/** Requests from this test go to `world` as user `userId`. */
export function signInAs(world: SimWorldHandle, userId: number): void {
  server.use(...createHandlers(host, { demoSession: true }))
  document.cookie = `md_demo=${world.id}.${userId}; Path=/`
}

export function signOut(): void {
  document.cookie = 'md_demo=; Max-Age=0; Path=/'
}
