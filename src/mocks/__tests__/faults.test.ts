// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { setupSimulator, type SimWorldHandle } from '../../testing/simulator'
import { A, allGradeable, rowOf } from '../../testing/canvas-json'

const sim = setupSimulator()

const control = (w: SimWorldHandle, method: string, path: string, body?: unknown) =>
  fetch(
    `${sim.origin}/__sim/worlds/${w.id}${path}`,
    body === undefined
      ? { method }
      : { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
  )

describe('§6.3 rate limiting', () => {
  it('reports cost and remaining, then throttles with Canvas’s plain-text 403', async () => {
    const w = sim.createWorld()
    // Canvas's numbers by default: the first request leaves its cost (1) in the bucket.
    const plain = await w.fetch('final_grader', '/api/v1/users/self')
    expect(plain.headers.get('x-rate-limit-remaining')).toBe('599.0')
    expect(plain.headers.get('x-request-cost')).toBe('1.0')

    expect(
      (
        await control(w, 'PUT', '/config', {
          rateLimit: { highWaterMark: 100, requestCost: 60, outflowPerSecond: 0, upFrontCost: 0 },
        })
      ).status,
    ).toBe(200)
    const first = await w.fetch('final_grader', '/api/v1/users/self')
    expect([first.status, first.headers.get('x-request-cost'), first.headers.get('x-rate-limit-remaining')]).toEqual([
      200,
      '60.0',
      '40.0',
    ])
    const second = await w.fetch('final_grader', '/api/v1/users/self')
    expect([second.status, second.headers.get('x-rate-limit-remaining')]).toEqual([200, '0.0'])
    const third = await w.fetch('final_grader', '/api/v1/users/self')
    expect(third.status).toBe(403)
    expect(third.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(third.headers.get('x-rate-limit-remaining')).toBe('0.0')
    expect(third.headers.get('x-request-cost')).toBeNull()
    expect(await third.text()).toBe('403 Forbidden (Rate Limit Exceeded)\n')
    // Buckets are per token: another user is not throttled.
    expect((await w.fetch('teacher', '/api/v1/users/self')).status).toBe(200)
    // Turning it off lifts the throttle.
    await control(w, 'PUT', '/config', { rateLimit: false })
    expect((await w.fetch('final_grader', '/api/v1/users/self')).status).toBe(200)
  })

  it('counts a request’s own up-front cost, as Canvas does: with its defaults 11 requests may be in flight', async () => {
    const w = sim.createWorld()
    // Canvas's numbers (600 high-water mark, 50 up front) with no leak, so the count is exact.
    await control(w, 'PUT', '/config', {
      latencyMs: 100,
      rateLimit: { highWaterMark: 600, maximum: 800, outflowPerSecond: 0, upFrontCost: 50, requestCost: 0 },
    })
    const statuses = await Promise.all(
      Array.from({ length: 14 }, () => w.fetch('final_grader', '/api/v1/users/self').then((r) => r.status)),
    )
    expect(statuses.filter((s) => s === 200)).toHaveLength(11)
    expect(statuses.filter((s) => s === 403)).toHaveLength(3)
    // The refused ones cost nothing and the finished ones gave their reservation back.
    expect((await w.fetch('final_grader', '/api/v1/users/self')).headers.get('x-rate-limit-remaining')).toBe('600.0')
  })

  it('leaks over time', async () => {
    const w = sim.createWorld()
    await control(w, 'PUT', '/config', {
      rateLimit: { highWaterMark: 10, requestCost: 10, outflowPerSecond: 1000, upFrontCost: 0 },
    })
    expect((await w.fetch('ta', '/api/v1/users/self')).status).toBe(200)
    await new Promise((r) => setTimeout(r, 30))
    expect((await w.fetch('ta', '/api/v1/users/self')).status).toBe(200)
  })
})

describe('faults on demand', () => {
  it('fails the next N requests to a named route with a status, then recovers', async () => {
    const w = sim.createWorld()
    const post = await control(w, 'POST', '/faults', { route: 'publish', status: 503, count: 2 })
    expect(post.status).toBe(201)
    const publish = () => w.fetch('final_grader', `${A(501)}/provisional_grades/publish`, { method: 'POST' })
    const r1 = await publish()
    expect([r1.status, await r1.json()]).toEqual([
      503,
      { errors: [{ message: 'An error occurred.', error_code: 'service_unavailable' }] },
    ])
    expect((await publish()).status).toBe(503)
    expect((await publish()).status).toBe(422) // the real answer again
    // Other routes were never affected.
    expect((await w.fetch('final_grader', '/api/v1/users/self')).status).toBe(200)
  })

  it('matches by method + path regex', async () => {
    const w = sim.createWorld()
    await control(w, 'POST', '/faults', { method: 'GET', path: '/assignments/502$', status: 404, count: 1 })
    expect((await w.fetch('final_grader', A(501))).status).toBe(200)
    expect((await w.fetch('final_grader', A(502))).status).toBe(404)
    expect((await w.fetch('final_grader', A(502))).status).toBe(200)
  })

  it('drops the connection (fetch rejects) without applying the write, or after it with afterHandler', async () => {
    const w = sim.createWorld()
    const rows = await allGradeable(w, 'final_grader', 501)
    const [p1, p2] = rowOf(rows, 1009).provisional_grades!
    await control(w, 'POST', '/faults', { route: 'select', kind: 'drop' })
    await expect(
      w.fetch('final_grader', `${A(501)}/provisional_grades/${p1!.provisional_grade_id}/select`, { method: 'PUT' }),
    ).rejects.toThrow()
    expect(rowOf(await allGradeable(w, 'final_grader', 501), 1009).in_moderation_set).toBe(false)

    await control(w, 'POST', '/faults', { route: 'select', kind: 'drop', afterHandler: true })
    await expect(
      w.fetch('final_grader', `${A(501)}/provisional_grades/${p2!.provisional_grade_id}/select`, { method: 'PUT' }),
    ).rejects.toThrow()
    expect(rowOf(await allGradeable(w, 'final_grader', 501), 1009).selected_provisional_grade_id).toBe(
      p2!.provisional_grade_id,
    )
  })

  it('sends malformed JSON (200, truncated body)', async () => {
    const w = sim.createWorld()
    await control(w, 'POST', '/faults', { route: 'gradeable_students', kind: 'malformed' })
    const res = await w.fetch('final_grader', `${A(501)}/gradeable_students`)
    expect(res.status).toBe(200)
    await expect(res.json()).rejects.toThrow()
    expect((await w.fetch('final_grader', `${A(501)}/gradeable_students`)).status).toBe(200)
  })

  it('clears faults, fails everything at failureRate 1, adds latency', async () => {
    const w = sim.createWorld()
    await control(w, 'POST', '/faults', { route: '*', status: 500, count: 'always' })
    expect((await w.fetch('ta', '/api/v1/users/self')).status).toBe(500)
    expect((await control(w, 'DELETE', '/faults')).status).toBe(204)
    expect((await w.fetch('ta', '/api/v1/users/self')).status).toBe(200)

    await control(w, 'PUT', '/config', { failureRate: 1 })
    expect((await w.fetch('ta', '/api/v1/users/self')).status).toBe(500)
    await control(w, 'PUT', '/config', { failureRate: 0, latencyMs: 60 })
    const t = performance.now()
    expect((await w.fetch('ta', '/api/v1/users/self')).status).toBe(200)
    expect(performance.now() - t).toBeGreaterThanOrEqual(55)
  })

  it('a seeded failure rate fails a deterministic share of requests', async () => {
    const outcomes: number[][] = []
    for (let k = 0; k < 2; k++) {
      const w = sim.createWorld({ seed: 3 })
      await control(w, 'PUT', '/config', { failureRate: 0.5 })
      const statuses: number[] = []
      for (let i = 0; i < 20; i++) statuses.push((await w.fetch('ta', '/api/v1/users/self')).status)
      outcomes.push(statuses)
    }
    expect(outcomes[0]).toEqual(outcomes[1])
    const failures = outcomes[0]!.filter((s) => s === 500).length
    expect(failures).toBeGreaterThan(2)
    expect(failures).toBeLessThan(18)
  })

  it('rejects invalid fault specs', async () => {
    const w = sim.createWorld()
    expect((await control(w, 'POST', '/faults', { kind: 'explode', route: 'x' })).status).toBe(400)
    expect((await control(w, 'POST', '/faults', {})).status).toBe(400)
    expect((await control(w, 'POST', '/faults', { path: '(' })).status).toBe(400)
  })
})

describe('control API', () => {
  it('creates, lists users of, resets and deletes worlds', async () => {
    const created = await fetch(`${sim.origin}/__sim/worlds`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ scenario: 'large', students: 12, graders: 4 }),
    })
    expect(created.status).toBe(201)
    const body = (await created.json()) as {
      worldId: string
      users: Array<{ id: number; name: string; role: string; token: string }>
    }
    expect(body.users.filter((u) => u.role === 'student')).toHaveLength(12)
    expect(body.users.filter((u) => u.role === 'ta').map((u) => u.id)).toEqual([3, 4, 11])
    expect(body.users.find((u) => u.role === 'final_grader')).toMatchObject({ id: 1, name: 'Dr. Maya Chen' })
    const token = body.users[0]!.token
    const self = await fetch(`${sim.origin}/api/v1/users/self`, { headers: { Authorization: `Bearer ${token}` } })
    expect(self.status).toBe(200)

    const users = await fetch(`${sim.origin}/__sim/worlds/${body.worldId}/users`)
    expect(await users.json()).toEqual(body.users)

    const reset = await fetch(`${sim.origin}/__sim/worlds/${body.worldId}/reset`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ scenario: 'demo' }),
    })
    expect(((await reset.json()) as { users: unknown[] }).users).toHaveLength(5 + 32)

    expect((await fetch(`${sim.origin}/__sim/worlds/${body.worldId}`, { method: 'DELETE' })).status).toBe(204)
    expect(
      (await fetch(`${sim.origin}/api/v1/users/self`, { headers: { Authorization: `Bearer ${token}` } })).status,
    ).toBe(401)
    expect((await fetch(`${sim.origin}/__sim/worlds/${body.worldId}/users`)).status).toBe(404)
    expect(
      (
        await fetch(`${sim.origin}/__sim/worlds`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ scenario: 'nope' }),
        })
      ).status,
    ).toBe(400)
    expect((await fetch(`${sim.origin}/__sim/worlds/default`, { method: 'DELETE' })).status).toBe(400)
  })

  it('resets the default world to a fresh demo', async () => {
    const before = await fetch(`${sim.origin}/__sim/worlds/default/users`)
    const chen = ((await before.json()) as Array<{ role: string; token: string }>).find(
      (u) => u.role === 'final_grader',
    )!
    const auth = { Authorization: `Bearer ${chen.token}` }
    const rows = (await (
      await fetch(`${sim.origin}${A(501)}/gradeable_students?include[]=provisional_grades&per_page=100`, {
        headers: auth,
      })
    ).json()) as Array<{ id: number; provisional_grades: Array<{ provisional_grade_id: number }> }>
    const pg = rows.find((r) => r.id === 1013)!.provisional_grades[0]!
    await fetch(`${sim.origin}${A(501)}/provisional_grades/${pg.provisional_grade_id}/select`, {
      method: 'PUT',
      headers: auth,
    })
    const reset = await fetch(`${sim.origin}/__sim/worlds/default/reset`, { method: 'POST' })
    expect(reset.status).toBe(200)
    const after = (await (
      await fetch(`${sim.origin}${A(501)}/gradeable_students?include[]=provisional_grades&per_page=100`, {
        headers: auth,
      })
    ).json()) as Array<{ id: number; in_moderation_set: boolean }>
    expect(after.find((r) => r.id === 1013)!.in_moderation_set).toBe(false)
  })

  it('logs every request of a world (method, route, path, status, ms) and clears the log', async () => {
    const w = sim.createWorld()
    await w.fetch('final_grader', '/api/v1/users/self')
    await w.fetch('teacher', `${A(501)}/provisional_grades/publish`, { method: 'POST' })
    const log = (await (await control(w, 'GET', '/requests')).json()) as Array<{
      method: string
      route: string
      path: string
      status: number
      ms: number
    }>
    expect(log.map(({ method, route, path, status }) => ({ method, route, path, status }))).toEqual([
      { method: 'GET', route: 'users_self', path: '/api/v1/users/self', status: 200 },
      { method: 'POST', route: 'publish', path: `${A(501)}/provisional_grades/publish`, status: 401 },
    ])
    expect(typeof log[0]!.ms).toBe('number')
    expect((await control(w, 'DELETE', '/requests')).status).toBe(204)
    expect(await (await control(w, 'GET', '/requests')).json()).toEqual([])
  })

  it('validates config', async () => {
    const w = sim.createWorld()
    expect((await control(w, 'PUT', '/config', { unauthorizedStatus: 418 })).status).toBe(400)
    expect((await control(w, 'PUT', '/config', { failureRate: 2 })).status).toBe(400)
    expect(await (await control(w, 'PUT', '/config', { latencyMs: 5 })).json()).toMatchObject({
      latencyMs: 5,
      failureRate: 0,
      unauthorizedStatus: 401,
      rateLimit: { highWaterMark: 600, maximum: 800, outflowPerSecond: 10, upFrontCost: 50, requestCost: 1 },
    })
  })

  it('answers unknown /api/v1 routes with Canvas’s 404', async () => {
    const w = sim.createWorld()
    const res = await w.fetch('final_grader', '/api/v1/nothing/here')
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ errors: [{ message: 'The specified resource does not exist.' }] })
  })
})
