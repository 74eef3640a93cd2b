/**
 * Vitest helpers for talking to the simulator over HTTP (msw/node).
 *
 *   const sim = setupSimulator()
 *   const w = sim.createWorld()                       // fresh demo world, isolated from other tests
 *   const res = await w.fetch('final_grader', '/api/v1/courses/101/assignments/501/gradeable_students')
 */
import { afterAll, afterEach, beforeAll } from 'vitest'
import { host, server } from '../mocks/node'
import type { WorldSpec } from '../mocks/sim/host'
import type { CastRole } from '../mocks/sim/types'
import type { CastMember, World } from '../mocks/sim/world'

/** jsdom's default origin; msw intercepts it, nothing goes to the network. */
export const SIM_ORIGIN = 'http://localhost:3000'

export interface SimWorldHandle {
  id: string
  /** Raw state, for arranging what the API can't (prefer asserting through the API). */
  world: World
  users: CastMember[]
  user(who: CastRole | number): CastMember
  token(who: CastRole | number): string
  /** fetch with `who`'s token; `path` is relative to the simulator origin (e.g. `/api/v1/users/self`). */
  fetch(
    who: CastRole | number,
    path: string,
    init?: RequestInit & { json?: unknown; form?: Record<string, string | string[]> },
  ): Promise<Response>
  /** fetch and parse JSON, failing on a non-2xx status. */
  json<T = unknown>(
    who: CastRole | number,
    path: string,
    init?: RequestInit & { json?: unknown; form?: Record<string, string | string[]> },
  ): Promise<T>
}

export function worldHandle(world: World): SimWorldHandle {
  const user = (who: CastRole | number) => {
    const member =
      typeof who === 'number' ? world.cast.find((m) => m.id === who) : world.cast.find((m) => m.role === who)
    if (!member) throw new Error(`no ${String(who)} in world ${world.id}`)
    return member
  }
  const doFetch: SimWorldHandle['fetch'] = (who, path, init = {}) => {
    const { json, form, ...rest } = init
    const headers = new Headers(rest.headers)
    headers.set('Authorization', `Bearer ${user(who).token}`)
    let body = rest.body
    if (json !== undefined) {
      headers.set('Content-Type', 'application/json')
      body = JSON.stringify(json)
    } else if (form !== undefined) {
      const search = new URLSearchParams()
      for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) search.append(k, item)
      headers.set('Content-Type', 'application/x-www-form-urlencoded')
      body = search.toString()
    }
    return fetch(`${SIM_ORIGIN}${path}`, { ...rest, headers, body })
  }
  return {
    id: world.id,
    world,
    users: world.cast,
    user,
    token: (who) => user(who).token,
    fetch: doFetch,
    async json<T>(who: CastRole | number, path: string, init?: Parameters<SimWorldHandle['fetch']>[2]) {
      const res = await doFetch(who, path, init)
      if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${path} → ${res.status} ${await res.text()}`)
      return (await res.json()) as T
    },
  }
}

/**
 * Starts the msw/node server for this test file and deletes the worlds it created after each test.
 * World "default" is reset after the file.
 */
export function setupSimulator() {
  const created: string[] = []
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
  afterEach(() => {
    server.resetHandlers()
    for (const id of created.splice(0)) host.deleteWorld(id)
  })
  afterAll(() => {
    server.close()
    host.resetWorld('default', { scenario: 'demo' })
  })
  return {
    host,
    server,
    origin: SIM_ORIGIN,
    createWorld(spec: WorldSpec = {}): SimWorldHandle {
      const world = host.createWorld(spec)
      created.push(world.id)
      return worldHandle(world)
    },
  }
}
