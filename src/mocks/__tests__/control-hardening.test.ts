// @vitest-environment node
/**
 * The simulator-only endpoints (/__sim, PUT /demo/session) against other sites and greedy callers: writes
 * need a JSON content type (a cross-site form or no-cors fetch cannot send one), and the control API builds
 * worlds only within SimHost's limits.
 */
import { describe, expect, it } from 'vitest'
import { createHandlers } from '../handlers'
import { DEFAULT_WORLD_LIMITS, SimHost } from '../sim/host'
import { scenarioStudentCount } from '../sim/scenarios'
import { setupSimulator } from '../../testing/simulator'

const sim = setupSimulator()
const O = sim.origin
const JSON_HEADERS = { 'Content-Type': 'application/json' }
const WRONG_TYPE = { error: 'Content-Type must be application/json' }

const post = (path: string, body: unknown, method = 'POST') =>
  fetch(`${O}${path}`, { method, headers: JSON_HEADERS, body: JSON.stringify(body) })

/** Route this test's requests to `host` (setupSimulator resets the handlers after each test). */
function serve(host: SimHost, options: Parameters<typeof createHandlers>[1] = {}) {
  sim.server.use(...createHandlers(host, options))
  return host
}

const students = (host: SimHost, worldId: string) => host.cast(worldId).filter((m) => m.role === 'student').length

describe('control API writes need Content-Type: application/json', () => {
  // What a page on another site can send without a CORS preflight: <form enctype=text/plain> (also with no
  // fields: an empty body), a urlencoded or multipart form, fetch(…, {mode: 'no-cors'}) with a string body
  // (text/plain;charset=UTF-8) or a Blob (no Content-Type at all).
  const crossSite: Array<[string, RequestInit]> = [
    [
      'form enctype=text/plain',
      { headers: { 'Content-Type': 'text/plain' }, body: '{"scenario":"large","students":20000,"x":"="}' },
    ],
    ['form with no fields', { headers: { 'Content-Type': 'text/plain' }, body: '' }],
    ['no-cors fetch of a string', { body: '{"route":"*","kind":"drop","count":"always"}' }],
    ['urlencoded form', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'scenario=large' }],
    [
      'multipart form',
      { headers: { 'Content-Type': 'multipart/form-data; boundary=b' }, body: '--b\r\n\r\n{}\r\n--b--\r\n' },
    ],
    ['no-cors fetch of a Blob (no type)', { body: new Blob(['{"scenario":"large"}']) }],
  ]

  it('refuses every POST and PUT without it with 415, before doing anything', async () => {
    const w = sim.createWorld()
    const writes: Array<[string, string]> = [
      ['POST', '/__sim/worlds'],
      ['POST', `/__sim/worlds/${w.id}/reset`],
      ['POST', '/__sim/worlds/default/reset'],
      ['PUT', `/__sim/worlds/${w.id}/config`],
      ['PUT', `/__sim/worlds/${w.id}/oauth`],
      ['POST', `/__sim/worlds/${w.id}/oauth/expire`],
      ['POST', `/__sim/worlds/${w.id}/oauth/revoke`],
      ['POST', `/__sim/worlds/${w.id}/moderation-set/remove`],
      ['POST', `/__sim/worlds/${w.id}/faults`],
    ]
    const worlds = sim.host.worldIds()
    const world = w.world
    for (const [method, path] of writes) {
      for (const [what, init] of crossSite) {
        const res = await fetch(`${O}${path}`, { ...init, method })
        expect([method, path, what, res.status]).toEqual([method, path, what, 415])
        expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
        expect(await res.json()).toEqual(WRONG_TYPE)
      }
    }
    // Nothing changed: no world built or rebuilt, no fault, no setting.
    expect(sim.host.worldIds()).toEqual(worlds)
    expect(sim.host.getWorld(w.id)).toBe(world)
    expect(world.faults).toEqual([])
    expect(world.settings.latencyMs).toBe(0)
  })

  it('takes application/json with parameters in any case, and a bodiless POST with no type', async () => {
    const w = sim.createWorld()
    for (const type of [
      'application/json',
      'application/json; charset=utf-8',
      'APPLICATION/JSON;charset=UTF-8',
      ' Application/Json ',
    ]) {
      const res = await fetch(`${O}/__sim/worlds/${w.id}/config`, {
        method: 'PUT',
        headers: { 'Content-Type': type },
        body: '{"latencyMs":1}',
      })
      expect([type, res.status]).toEqual([type, 200])
    }
    // Not JSON, whatever the prefix says.
    const res = await fetch(`${O}/__sim/worlds/${w.id}/config`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/jsonp' },
      body: '{}',
    })
    expect(res.status).toBe(415)
    // A reset with no options: no body, no type (curl -X POST, Playwright's post() without data).
    const reset = await fetch(`${O}/__sim/worlds/${w.id}/reset`, { method: 'POST' })
    expect(reset.status).toBe(200)
    // Reads and deletes carry no body to check.
    expect(
      (await fetch(`${O}/__sim/worlds/${w.id}/faults`, { method: 'DELETE', headers: { 'Content-Type': 'text/plain' } }))
        .status,
    ).toBe(204)
  })
})

describe('PUT /demo/session needs Content-Type: application/json', () => {
  it('refuses a cross-site switch of the demo identity with 415 in Canvas’s error shape', async () => {
    const host = serve(new SimHost(), { demoSession: true })
    for (const init of [
      { headers: { 'Content-Type': 'text/plain' }, body: '{"userId":2}' },
      { body: '{"userId":2}' },
      { body: new Blob(['{"userId":2}']) },
      { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'userId=2' },
    ]) {
      const res = await fetch(`${O}/demo/session`, { ...init, method: 'PUT' })
      expect(res.status).toBe(415)
      expect(res.headers.get('set-cookie')).toBeNull()
      expect(await res.json()).toEqual({ errors: [{ message: 'Content-Type must be application/json' }] })
    }
    const ok = await fetch(`${O}/demo/session`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: '{"userId":2}',
    })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('set-cookie')).toBe('md_demo=default.2; Path=/; SameSite=Lax')
    expect(host.getWorld('default')).toBeDefined()
  })
})

describe('world limits (control API only)', () => {
  it('defaults: 200 worlds, 20,000 students per world, 60,000 in all', async () => {
    expect(DEFAULT_WORLD_LIMITS).toEqual({ maxWorlds: 200, maxStudentsPerWorld: 20_000, maxTotalStudents: 60_000 })
    expect(sim.host.limits).toEqual(DEFAULT_WORLD_LIMITS)
    const worlds = sim.host.worldIds()
    const big = await post('/__sim/worlds', { scenario: 'large', students: 20_001 })
    expect(big.status).toBe(400)
    expect(((await big.json()) as { error: string }).error).toMatch(/^students must be at most 20000 here/)
    const reset = await post('/__sim/worlds/default/reset', { scenario: 'large', students: 20_001 })
    expect(reset.status).toBe(400)
    // The syntax check stays: what no scenario can build.
    expect(await (await post('/__sim/worlds', { scenario: 'large', students: 100_001 })).json()).toEqual({
      error: 'students must be an integer from 1 to 100000',
    })
    expect(sim.host.worldIds()).toEqual(worlds)
    expect(sim.host.getWorld('default')!.scenario).toBe('demo')
  })

  it('counts the students of every live world and of the one asked for; 429 says the limit and how to make room', async () => {
    // The default world (demo) has 32 students.
    const host = serve(
      new SimHost(undefined, { limits: { maxWorlds: 4, maxStudentsPerWorld: 50, maxTotalStudents: 150 } }),
    )
    expect(students(host, 'default')).toBe(32)

    const tooBig = await post('/__sim/worlds', { scenario: 'large', students: 51 })
    expect(tooBig.status).toBe(400)
    expect(((await tooBig.json()) as { error: string }).error).toMatch(/^students must be at most 50 here/)
    // `large` without `students` builds 1000.
    expect((await post('/__sim/worlds', { scenario: 'large' })).status).toBe(400)

    const a = (await (await post('/__sim/worlds', { scenario: 'large', students: 50 })).json()) as { worldId: string }
    expect((await post('/__sim/worlds', { scenario: 'large', students: 50 })).status).toBe(201) // 132 in all
    const full = await post('/__sim/worlds', { scenario: 'large', students: 19 }) // would be 151
    expect(full.status).toBe(429)
    const { error } = (await full.json()) as { error: string }
    expect(error).toContain('151')
    expect(error).toContain('(150)')
    expect(error).toContain('DELETE /__sim/worlds/:id')
    expect((await post('/__sim/worlds', { scenario: 'large', students: 18 })).status).toBe(201) // exactly 150, 4 worlds

    const many = await post('/__sim/worlds', { scenario: 'demo' })
    expect(many.status).toBe(429)
    expect(((await many.json()) as { error: string }).error).toMatch(
      /already 4 worlds.*\(4\).*DELETE \/__sim\/worlds\/:id/,
    )
    expect(host.worldIds()).toHaveLength(4)

    // A reset replaces the world: its own students and its place do not count against it.
    expect((await post(`/__sim/worlds/${a.worldId}/reset`, { scenario: 'large', students: 50 })).status).toBe(200)
    expect((await post(`/__sim/worlds/${a.worldId}/reset`, { scenario: 'large', students: 51 })).status).toBe(400)
    expect((await post('/__sim/worlds/default/reset', { scenario: 'large', students: 33 })).status).toBe(429) // 151
    expect((await post(`/__sim/worlds/${a.worldId}/reset`, { scenario: 'demo' })).status).toBe(200) // 132 in all
    expect(students(host, a.worldId)).toBe(32)

    // Deleting makes room.
    expect((await fetch(`${O}/__sim/worlds/${a.worldId}`, { method: 'DELETE' })).status).toBe(204) // 100, 3 worlds
    expect((await post('/__sim/worlds', { scenario: 'large', students: 50 })).status).toBe(201)
  })

  it('does not limit code: the constructor and createWorld build what they are asked (npm run sim -- --students N)', () => {
    const host = new SimHost(
      { scenario: 'large', students: 200 },
      { limits: { maxWorlds: 1, maxStudentsPerWorld: 50, maxTotalStudents: 60 } },
    )
    expect(students(host, 'default')).toBe(200)
    expect(students(host, host.createWorld({ scenario: 'large', students: 100 }).id)).toBe(100)
    expect(host.worldIds()).toHaveLength(2)
  })

  it('knows a scenario’s size before building it', () => {
    const host = new SimHost()
    expect(scenarioStudentCount('demo')).toBe(students(host, 'default'))
    for (const spec of [{}, { students: 7 }, { students: 7.9 }]) {
      expect(scenarioStudentCount('large', spec)).toBe(
        students(host, host.createWorld({ scenario: 'large', ...spec }).id),
      )
    }
  })
})
