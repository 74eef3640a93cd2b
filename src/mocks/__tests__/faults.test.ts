// @vitest-environment node
import { describe, expect, it, vi } from 'vitest'
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

  it('matches by a query regex: one page of a list fails, the others answer', async () => {
    const w = sim.createWorld()
    await control(w, 'POST', '/faults', {
      route: 'gradeable_students',
      query: '(^|&)page=2(&|$)',
      status: 503,
      count: 'always',
    })
    const list = (page: number) =>
      w.fetch('final_grader', `${A(501)}/gradeable_students?per_page=10&page=${page}`).then((r) => r.status)
    expect([await list(1), await list(2), await list(2), await list(3)]).toEqual([200, 503, 503, 200])
    expect((await control(w, 'POST', '/faults', { route: 'x', query: '(' })).status).toBe(400)
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

describe('faults whose outcome is unknown: the write lands, the answer is lost', () => {
  const NGINX_502 =
    '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n'
  const selectPath = (pg: { provisional_grade_id: number }) =>
    `${A(501)}/provisional_grades/${pg.provisional_grade_id}/select`
  const put = (json: unknown) => ({ method: 'PUT', json })
  const selectedOf = async (w: SimWorldHandle, student: number) =>
    rowOf(await allGradeable(w, 'final_grader', 501), student).selected_provisional_grade_id
  const logged = async (w: SimWorldHandle, route: string) =>
    ((await (await control(w, 'GET', '/requests')).json()) as Array<{ route: string; status: number }>)
      .filter((r) => r.route === route)
      .map((r) => r.status)

  it('commit-then-drop: the selection is saved, the connection is dropped, the log says 0', async () => {
    const w = sim.createWorld()
    const [pg] = rowOf(await allGradeable(w, 'final_grader', 501), 1009).provisional_grades!
    expect((await control(w, 'POST', '/faults', { route: 'select', kind: 'commit-then-drop' })).status).toBe(201)
    await expect(w.fetch('final_grader', selectPath(pg!), { method: 'PUT' })).rejects.toThrow()
    expect(await selectedOf(w, 1009)).toBe(pg!.provisional_grade_id)
    expect(await logged(w, 'select')).toEqual([0])
    // Once: the next select is answered again.
    expect((await w.fetch('final_grader', selectPath(pg!), { method: 'PUT' })).status).toBe(200)
  })

  it('commit-then-502: the custom grade is saved, the client gets nginx’s 502 page and no Canvas headers', async () => {
    const w = sim.createWorld()
    await control(w, 'POST', '/faults', { route: 'submissions_update', kind: 'commit-then-502' })
    const res = await w.fetch(
      'final_grader',
      `${A(501)}/submissions/1011`,
      put({ submission: { posted_grade: '14', provisional: true, final: true } }),
    )
    expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([502, 'text/html', NGINX_502])
    expect(res.headers.get('x-rate-limit-remaining')).toBeNull()
    const row = rowOf(await allGradeable(w, 'final_grader', 501), 1011)
    expect(row.provisional_grades!.find((p) => p.final)).toMatchObject({ score: 14, scorer_id: 1 })
    expect(await logged(w, 'submissions_update')).toEqual([502])
  })

  it('commit-then-502 on publish: the grades are published although the answer was a 502', async () => {
    const w = sim.createWorld()
    const rows = await allGradeable(w, 'final_grader', 501)
    const ids = rows
      .filter((r) => !r.in_moderation_set && r.provisional_grades!.filter((p) => p.graded_at).length >= 2)
      .map((r) => r.provisional_grades![0]!.provisional_grade_id)
    await w.json('final_grader', `${A(501)}/provisional_grades/bulk_select`, put({ provisional_grade_ids: ids }))
    await control(w, 'POST', '/faults', { route: 'publish', kind: 'commit-then-502' })
    const publish = () => w.fetch('final_grader', `${A(501)}/provisional_grades/publish`, { method: 'POST' })
    expect((await publish()).status).toBe(502)
    const again = await publish()
    expect([again.status, await again.json()]).toEqual([
      400,
      { message: 'Assignment grades have already been published' },
    ])
  })

  it('loses a refusal too: a 422 that changed nothing comes back as a dropped connection', async () => {
    const w = sim.createWorld()
    await control(w, 'POST', '/faults', { route: 'publish', kind: 'commit-then-drop' })
    await expect(w.fetch('final_grader', `${A(501)}/provisional_grades/publish`, { method: 'POST' })).rejects.toThrow()
    expect(await logged(w, 'publish')).toEqual([0])
    expect((await w.json<{ grade: string | null }>('final_grader', `${A(501)}/submissions/1001`)).grade).toBeNull()
  })

  it('commit-then-drop on a bulk chunk: every selection of the chunk is saved', async () => {
    const w = sim.createWorld()
    const rows = await allGradeable(w, 'final_grader', 501)
    const pick = [1009, 1011, 1013].map((id) => rowOf(rows, id).provisional_grades!.at(-1)!.provisional_grade_id)
    await control(w, 'POST', '/faults', { route: 'bulk_select', kind: 'commit-then-drop' })
    await expect(
      w.fetch('final_grader', `${A(501)}/provisional_grades/bulk_select`, put({ provisional_grade_ids: pick })),
    ).rejects.toThrow()
    const after = await allGradeable(w, 'final_grader', 501)
    expect([1009, 1011, 1013].map((id) => rowOf(after, id).selected_provisional_grade_id)).toEqual(pick)
  })

  it('html: a gateway page with the status (default 502), without running the endpoint', async () => {
    const w = sim.createWorld()
    const [pg] = rowOf(await allGradeable(w, 'final_grader', 501), 1009).provisional_grades!
    await control(w, 'POST', '/faults', { route: 'select', kind: 'html' })
    const res = await w.fetch('final_grader', selectPath(pg!), { method: 'PUT' })
    expect([res.status, res.headers.get('content-type'), await res.text()]).toEqual([502, 'text/html', NGINX_502])
    expect(await selectedOf(w, 1009)).toBeNull()

    await control(w, 'POST', '/faults', { route: 'select', kind: 'html', status: 504 })
    const timeout = await w.fetch('final_grader', selectPath(pg!), { method: 'PUT' })
    expect([timeout.status, await timeout.text()]).toEqual([
      504,
      '<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body>\r\n<center><h1>504 Gateway Time-out</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
    ])
    expect(await selectedOf(w, 1009)).toBeNull()
    expect(await logged(w, 'select')).toEqual([502, 504])
  })

  it('lists the new kinds and refuses a status they would not send', async () => {
    const w = sim.createWorld()
    const refused = await control(w, 'POST', '/faults', { route: 'select', kind: 'commit-then-502', status: 504 })
    expect([refused.status, await refused.json()]).toEqual([
      400,
      { error: "status applies to kind 'status' or 'html', not 'commit-then-502'" },
    ])
    expect((await control(w, 'POST', '/faults', { route: 'select', kind: 'drop', status: 500 })).status).toBe(400)
    const made = await control(w, 'POST', '/faults', { route: 'publish', kind: 'commit-then-502' })
    expect(await made.json()).toMatchObject({ kind: 'commit-then-502', status: 502, remaining: 1 })
  })

  it('applies to the OAuth2 endpoints: the code is exchanged (a grant exists, the code is used up), the answer lost', async () => {
    const w = sim.createWorld()
    const { clientId, clientSecret } = w.world.oauth.key
    const redirect_uri = 'https://desk.example.edu/oauth/callback'
    const auth = await fetch(
      `${sim.origin}/login/oauth2/auth?${new URLSearchParams({ client_id: clientId, response_type: 'code', redirect_uri, sim_user_id: '1' })}`,
      { redirect: 'manual' },
    )
    const code = new URL(auth.headers.get('location')!).searchParams.get('code')!
    const exchange = () =>
      fetch(`${sim.origin}/login/oauth2/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: clientId,
          client_secret: clientSecret,
          redirect_uri,
          code,
        }).toString(),
      })
    await control(w, 'POST', '/faults', { route: 'oauth_token', kind: 'commit-then-502' })
    const lost = await exchange()
    expect([lost.status, lost.headers.get('content-type')]).toEqual([502, 'text/html'])
    expect(await logged(w, 'oauth_token')).toEqual([502])
    const grants = ((await (await control(w, 'GET', '/oauth')).json()) as { grants: Array<{ userId: number }> }).grants
    expect(grants.map((g) => g.userId)).toEqual([1])
    expect((await exchange()).status).toBe(400) // the code was used by the exchange whose answer was lost
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

describe('latency', () => {
  it('the endpoint does its work when the request comes in; its answer comes latencyMs later', async () => {
    const w = sim.createWorld()
    const roster = `${A(501)}/gradeable_students?include[]=provisional_grades&per_page=100`
    type Row = {
      id: number
      selected_provisional_grade_id: number | null
      provisional_grades: { provisional_grade_id: number }[]
    }
    const rows = (await (await w.fetch('final_grader', roster)).json()) as Row[]
    const student = rows.find((r) => r.selected_provisional_grade_id === null && r.provisional_grades.length > 0)!
    const pgId = student.provisional_grades[0]!.provisional_grade_id
    w.world.settings.latencyMs = 200

    const events: string[] = []
    const select = w.fetch('final_grader', `${A(501)}/provisional_grades/${pgId}/select`, { method: 'PUT' })
    void select.then(() => events.push('answer'))
    const selection = () => w.world.selections.get(501)?.get(student.id)?.selected_provisional_grade_id
    await vi.waitFor(() => expect(selection()).toBe(pgId), { interval: 5, timeout: 2_000 })
    events.push('selected in Canvas')
    expect((await select).status).toBe(200)
    // As a Canvas with many workers: requests that come in together do not wait for one another's work.
    expect(events).toEqual(['selected in Canvas', 'answer'])
  })
})

describe('serverMsPerRow', () => {
  it('holds a list answer back by its rows; other routes are not held', async () => {
    const w = sim.createWorld()
    await control(w, 'PUT', '/config', { serverMsPerRow: { gradeable_students: 60 } })
    expect(((await (await control(w, 'GET', '/config')).json()) as Record<string, unknown>).serverMsPerRow).toEqual({
      gradeable_students: 60,
    })
    const events: string[] = []
    const page = w
      .fetch('final_grader', `${A(501)}/gradeable_students?include[]=provisional_grades&per_page=5`)
      .then((r) => events.push(`page ${r.status}`))
    const self = w.fetch('final_grader', '/api/v1/users/self').then((r) => events.push(`self ${r.status}`))
    await Promise.all([page, self])
    // The page of 5 students is worked out at once and held 300 ms; users/self, asked for after it, is not held.
    expect(events).toEqual(['self 200', 'page 200'])
  })

  it('refuses what is not a number of milliseconds per row', async () => {
    const w = sim.createWorld()
    for (const bad of [{ gradeable_students: -1 }, { gradeable_students: 'slow' }, [4], 4]) {
      const res = await control(w, 'PUT', '/config', { serverMsPerRow: bad })
      expect(res.status).toBe(400)
    }
    expect(w.world.settings.serverMsPerRow).toEqual({})
  })
})
