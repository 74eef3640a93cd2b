// @vitest-environment node
/**
 * The checks in front of every route (request-guard.ts, csrf.ts), tried as an attacker would, over real HTTP
 * against the app server in token, OAuth and demo mode with the simulator as the live Canvas. Each forged or
 * misdirected request must be refused before anything reaches Canvas (the simulator's request log stays empty).
 */
import { request, type IncomingHttpHeaders } from 'node:http'
import { describe, expect, it } from 'vitest'
import type { World } from '../../mocks/sim/world'
import { createAppServer, type AppServer } from '../app-server'
import { readConfig } from '../config'
import { SESSION_ENV, sharedPglite } from './db-helpers'
import { Browser, freePort, listen, simulatedCanvas } from './http-helpers'

const live = simulatedCanvas()
const sessions = sharedPglite()
const A501 = '/api/v1/courses/101/assignments/501'
const ROSTER = `${A501}/gradeable_students?include%5B%5D=provisional_grades&per_page=5`

type Answer = { status: number; headers: IncomingHttpHeaders; body: string }

/** node:http, so that Host (and any other header) is exactly what the test says. */
function raw(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Promise<Answer> {
  const { hostname, port } = new URL(base)
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, method, path, headers }, (res) => {
      let b = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (b += c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: b }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

const message = (a: Answer) => (JSON.parse(a.body) as { errors: Array<{ message: string }> }).errors[0]!.message

async function start(
  env: Record<string, string>,
  opts: Parameters<typeof createAppServer>[1] = { distDir: '/nonexistent' },
): Promise<{ app: string; server: AppServer }> {
  const port = env.PORT ?? String(await freePort())
  const server = createAppServer(readConfig({ ...env, ...SESSION_ENV, PORT: port }), {
    database: sessions.db,
    ...opts,
  })
  live.apps.push(server)
  await listen(server, Number(port))
  return { app: `http://127.0.0.1:${port}`, server }
}

async function tokenMode(extra: Record<string, string> = {}) {
  const world = live.sim.host.createWorld({ scenario: 'demo' })
  const chen = world.cast.find((m) => m.role === 'final_grader')!
  const { app } = await start({ CANVAS_URL: live.url, CANVAS_TOKEN: chen.token, ...extra })
  const csrf = await new Browser().csrfToken(app)
  return { app, world, csrf }
}

const reached = (world: World) => world.requestLog.map((e) => e.route)

/** Requests a page elsewhere can make without a CORS preflight, each aimed at a state-changing Canvas call. */
function forgeries(app: string): Array<{ what: string; headers: Record<string, string>; body?: string }> {
  const sibling = `http://127.0.0.1:${Number(new URL(app).port) + 1}`
  return [
    {
      what: 'a cross-site form post (enctype=text/plain)',
      headers: { Origin: 'http://evil.example', 'Content-Type': 'text/plain', 'Sec-Fetch-Site': 'cross-site' },
      body: '{"x":"',
    },
    {
      what: 'a no-cors fetch',
      headers: { Origin: 'http://evil.example', 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'no-cors' },
    },
    {
      what: 'Origin: null (a sandboxed frame)',
      headers: { Origin: 'null', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    },
    { what: 'a sibling port of the same host', headers: { Origin: sibling, 'Sec-Fetch-Site': 'same-site' } },
    { what: 'https on the same host name', headers: { Origin: app.replace('http:', 'https:') } },
    { what: 'no Origin at all (curl, or a client that hides it)', headers: {} },
    { what: 'no Origin, and a cross-site Sec-Fetch-Site', headers: { 'Sec-Fetch-Site': 'cross-site' } },
  ]
}

const WRITES = [
  ['POST', `${A501}/provisional_grades/publish`],
  ['POST', `${A501}/moderated_students`],
  ['PUT', `${A501}/provisional_grades/bulk_select`],
  ['PUT', `${A501}/provisional_grades/1/select`],
  ['PUT', `${A501}/submissions/1003`],
] as const

describe('forged cross-site requests (token mode)', () => {
  it('refuses every state-changing request that is not provably from its own pages, before Canvas', async () => {
    const { app, world } = await tokenMode()
    for (const [method, path] of WRITES) {
      for (const forgery of forgeries(app)) {
        const r = await raw(app, method, path, forgery.headers, forgery.body)
        expect([forgery.what, method, path, r.status, r.headers['x-moderation-desk-refused']]).toEqual([
          forgery.what,
          method,
          path,
          403,
          'origin',
        ])
      }
    }
    expect(reached(world)).toEqual([])
    expect(world.assignments.get(501)!.grades_published_at).toBeNull()
  })

  it('needs the CSRF token from GET /session even from its own origin, and then forwards the request', async () => {
    const { app, world, csrf } = await tokenMode()
    const publish = `${A501}/provisional_grades/publish`
    const missing = await raw(app, 'POST', publish, { Origin: app })
    expect([missing.status, missing.headers['x-moderation-desk-refused'], message(missing)]).toEqual([
      403,
      'csrf',
      'The request is missing its CSRF token (X-CSRF-Token). Reload the page and try again.',
    ])
    expect((await raw(app, 'POST', publish, { Origin: app, 'X-CSRF-Token': `${csrf}x` })).status).toBe(403)
    expect(reached(world)).toEqual([])
    // The app's request: its Origin (or Sec-Fetch-Site: same-origin where a browser sends no Origin) and the token.
    const forwarded = await raw(app, 'POST', publish, { Origin: app, 'X-CSRF-Token': csrf })
    expect([forwarded.status, JSON.parse(forwarded.body)]).toEqual([
      422,
      { message: 'All submissions must have a selected grade' },
    ])
    const viaFetchMetadata = await raw(app, 'POST', publish, { 'Sec-Fetch-Site': 'same-origin', 'X-CSRF-Token': csrf })
    expect(viaFetchMetadata.status).toBe(422)
    // localhost is the same server but another origin than 127.0.0.1: its pages send their own Origin.
    const port = new URL(app).port
    expect(
      (
        await raw(app, 'POST', publish, {
          Host: `localhost:${port}`,
          Origin: `http://localhost:${port}`,
          'X-CSRF-Token': csrf,
        })
      ).status,
    ).toBe(422)
    expect(
      (await raw(app, 'POST', publish, { Host: `localhost:${port}`, Origin: app, 'X-CSRF-Token': csrf })).status,
    ).toBe(403)
    expect(reached(world)).toEqual(['publish', 'publish', 'publish'])
  })

  it('keeps one CSRF token per process, which another server process does not accept', async () => {
    const one = await tokenMode()
    const other = await tokenMode()
    expect(one.csrf).not.toBe(other.csrf)
    expect(
      (
        await raw(other.app, 'POST', `${A501}/provisional_grades/publish`, {
          Origin: other.app,
          'X-CSRF-Token': one.csrf,
        })
      ).status,
    ).toBe(403)
  })

  it('lets reads through from anywhere: another origin cannot read the answer (no CORS), and there is nothing to forge', async () => {
    const { app } = await tokenMode()
    const r = await raw(app, 'GET', ROSTER, { Origin: 'http://evil.example' })
    expect(r.status).toBe(200)
    expect(r.headers['access-control-allow-origin']).toBeUndefined()
  })
})

describe('Host check (DNS rebinding)', () => {
  it('answers only 127.0.0.1, localhost and [::1] on its own port in token mode; 421 before any routing otherwise', async () => {
    const { app, world } = await tokenMode()
    const port = Number(new URL(app).port)
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      expect([host, (await raw(app, 'GET', ROSTER, { Host: host })).status]).toEqual([host, 200])
    }
    const before = world.requestLog.length
    for (const host of [
      `rebind.example:${port}`,
      'rebind.example',
      `127.0.0.1:${port + 1}`,
      '127.0.0.1',
      `127.0.0.1.nip.io:${port}`,
      'bad host',
      `127.0.0.1:${port}@evil.example`,
    ]) {
      for (const path of [ROSTER, '/session', '/', '/courses/101']) {
        const r = await raw(app, 'GET', path, { Host: host })
        expect([host, path, r.status, r.headers['x-moderation-desk-refused']]).toEqual([host, path, 421, 'host'])
        expect(r.body).not.toContain('provisional_grades')
      }
    }
    expect(world.requestLog.length).toBe(before)
    // /healthz answers whatever the Host: load balancers probe by IP address, and it tells only the mode.
    expect(JSON.parse((await raw(app, 'GET', '/healthz', { Host: 'rebind.example' })).body)).toEqual({
      ok: true,
      mode: 'token',
    })
  })

  it('answers ALLOWED_HOSTS names (any port, or the one given) behind a reverse proxy, with their https origin for writes', async () => {
    const { app, world, csrf } = await tokenMode({ ALLOWED_HOSTS: 'desk.example.edu,internal.example:8443' })
    expect((await raw(app, 'GET', ROSTER, { Host: 'desk.example.edu' })).status).toBe(200)
    expect((await raw(app, 'GET', ROSTER, { Host: 'desk.example.edu:8080' })).status).toBe(200)
    expect((await raw(app, 'GET', ROSTER, { Host: 'internal.example:8443' })).status).toBe(200)
    expect((await raw(app, 'GET', ROSTER, { Host: 'internal.example:8444' })).status).toBe(421)
    expect((await raw(app, 'GET', ROSTER, { Host: 'evil.desk.example.edu' })).status).toBe(421)
    const publish = `${A501}/provisional_grades/publish`
    const write = (origin: string) =>
      raw(app, 'POST', publish, { Host: 'desk.example.edu', Origin: origin, 'X-CSRF-Token': csrf })
    expect((await write('https://desk.example.edu')).status).toBe(422)
    expect((await write('http://desk.example.edu')).status).toBe(422)
    expect((await write('https://evil.example')).status).toBe(403)
    expect(reached(world).filter((r) => r === 'publish')).toHaveLength(2)
  })

  it('answers PUBLIC_URL’s host in OAuth mode', async () => {
    const world = live.sim.host.createWorld({ scenario: 'demo' })
    const { app } = await start({
      CANVAS_URL: live.url,
      CANVAS_CLIENT_ID: world.oauth.key.clientId,
      CANVAS_CLIENT_SECRET: world.oauth.key.clientSecret,
      PUBLIC_URL: 'https://desk.example.edu',
    })
    expect((await raw(app, 'GET', '/session', { Host: 'desk.example.edu' })).status).toBe(200)
    expect((await raw(app, 'GET', '/session', { Host: 'desk.example.edu:443' })).status).toBe(200)
    expect((await raw(app, 'GET', '/session', { Host: 'desk.example.edu:8443' })).status).toBe(421)
    expect((await raw(app, 'GET', '/login', { Host: 'rebind.example' })).status).toBe(421)
    expect((await raw(app, 'GET', '/session', { Host: `127.0.0.1:${new URL(app).port}` })).status).toBe(200)
  })
})

describe('OAuth mode: writes need the Origin as well as the session’s CSRF token', () => {
  it('refuses a write that carries the token but no Origin or Sec-Fetch-Site', async () => {
    const world = live.sim.host.createWorld({ scenario: 'demo' })
    const port = await freePort()
    const app = `http://127.0.0.1:${port}`
    await start({
      PORT: String(port),
      CANVAS_URL: live.url,
      CANVAS_CLIENT_ID: world.oauth.key.clientId,
      CANVAS_CLIENT_SECRET: world.oauth.key.clientSecret,
      PUBLIC_URL: app,
    })
    const browser = new Browser()
    const login = await browser.fetch(`${app}/login`)
    const authorize = await browser.fetch(login.headers.get('location')!)
    const link = /href="([^"]+)">Sign in as Dr\. Maya Chen<\/a>/.exec(authorize.text_)![1]!.replaceAll('&amp;', '&')
    const approved = await browser.fetch(new URL(link, live.url).toString())
    expect((await browser.fetch(approved.headers.get('location')!)).status).toBe(303)
    const csrf = browser.cookie(app, 'md_csrf')!
    world.requestLog = []
    const publish = `${app}${A501}/provisional_grades/publish`
    const bare = await browser.fetch(publish, { method: 'POST', origin: null, headers: { 'X-CSRF-Token': csrf } })
    expect([bare.status, bare.headers.get('x-moderation-desk-refused')]).toEqual([403, 'origin'])
    const cross = await browser.fetch(publish, {
      method: 'POST',
      origin: 'http://evil.example',
      headers: { 'X-CSRF-Token': csrf },
    })
    expect(cross.status).toBe(403)
    const logout = await browser.fetch(`${app}/logout`, {
      method: 'POST',
      origin: 'http://evil.example',
      headers: { 'X-CSRF-Token': csrf },
    })
    expect(logout.status).toBe(403)
    expect(reached(world)).toEqual([])
    expect((await browser.fetch(publish, { method: 'POST', headers: { 'X-CSRF-Token': csrf } })).status).toBe(422)
  })
})

describe('demo mode: the simulator and its control plane behind the same rules', () => {
  async function demo() {
    const { app } = await start({})
    const browser = new Browser({ app: true })
    const created = await browser.fetch(`${app}/__sim/worlds`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"scenario":"demo"}',
    })
    expect(created.status).toBe(201)
    const { worldId } = JSON.parse(created.text_) as { worldId: string }
    return { app, worldId, browser, cookie: `md_demo=${worldId}.1`, csrf: await browser.csrfToken(app) }
  }

  it('refuses cross-site writes to Canvas, the demo session and the control API, and changes nothing', async () => {
    const { app, worldId, browser, cookie } = await demo()
    const targets = [
      ['POST', `${A501}/provisional_grades/publish`],
      ['PUT', '/demo/session'],
      ['POST', `/__sim/worlds/${worldId}/faults`],
      ['PUT', `/__sim/worlds/${worldId}/config`],
      ['POST', '/__sim/worlds'],
      ['POST', `/__sim/worlds/${worldId}/reset`],
    ] as const
    for (const [method, path] of targets) {
      for (const forgery of forgeries(app)) {
        const r = await raw(
          app,
          method,
          path,
          { ...forgery.headers, Cookie: cookie },
          forgery.body ?? '{"userId":3,"route":"publish","latencyMs":60000,"scenario":"large","students":100000}',
        )
        expect([forgery.what, path, r.status]).toEqual([forgery.what, path, 403])
      }
    }
    const state = async (p: string) =>
      JSON.parse((await browser.fetch(`${app}${p}`, { headers: { Cookie: cookie } })).text_) as unknown
    expect(await state(`/__sim/worlds/${worldId}/faults`)).toEqual([])
    expect(await state(`/__sim/worlds/${worldId}/config`)).toMatchObject({ latencyMs: 0 })
    expect(await state('/demo/session')).toMatchObject({ current: { id: 1 } })
    expect(((await state('/__sim/worlds')) as unknown[]).length).toBe(2) // default + this test's
    expect(
      ((await state(`/__sim/worlds/${worldId}/requests`)) as Array<{ route: string }>).map((e) => e.route),
    ).not.toContain('publish')
  })

  it('accepts the app’s own writes (Origin and CSRF token), and answers 421 to a rebinding Host', async () => {
    const { app, cookie, csrf } = await demo()
    const port = new URL(app).port
    const switched = await raw(
      app,
      'PUT',
      '/demo/session',
      { Origin: app, 'X-CSRF-Token': csrf, Cookie: cookie, 'Content-Type': 'application/json' },
      '{"userId":3}',
    )
    expect(switched.status).toBe(200)
    expect((await raw(app, 'GET', '/__sim/worlds', { Host: `rebind.example:${port}` })).status).toBe(421)
    expect((await raw(app, 'GET', '/demo/session', { Host: `rebind.example:${port}`, Cookie: cookie })).status).toBe(
      421,
    )
  })

  it('answers the simulated Canvas with Cache-Control: no-store, and caps request bodies at 1 MB', async () => {
    const { app, cookie, csrf } = await demo()
    const roster = await raw(app, 'GET', ROSTER, { Cookie: cookie })
    expect([roster.status, roster.headers['cache-control']]).toEqual([200, 'no-store'])
    // The simulator itself sends what Canvas sends.
    const direct = await fetch(`${live.url}${ROSTER}`, {
      headers: { Authorization: `Bearer ${live.sim.host.getWorld('default')!.cast[0]!.token}` },
    })
    expect(direct.headers.get('cache-control')).toBe('max-age=0, private, must-revalidate')
    const big = await raw(
      app,
      'POST',
      '/__sim/worlds',
      { Origin: app, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
      Buffer.alloc(2_000_000, 0x20),
    )
    expect([big.status, message(big)]).toEqual([413, 'The request body is too large.'])
    const huge = await raw(
      app,
      'POST',
      '/__sim/worlds',
      { Origin: app, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
      '{"scenario":"large","students":100000}',
    )
    expect(huge.status).toBe(400)
    expect(JSON.parse(huge.body)).toEqual({ error: expect.stringMatching(/students must be at most 20000/) })
  })

  it('answers GET /session with this process’s CSRF token', async () => {
    const { app } = await start({})
    const session = JSON.parse((await raw(app, 'GET', '/session')).body) as Record<string, unknown>
    expect(session).toEqual({ mode: 'demo', signedIn: true, csrfToken: expect.stringMatching(/^[\w-]{43}$/) })
    expect((await raw(app, 'GET', '/session')).headers['cache-control']).toBe('no-store')
  })
})

describe('the standalone simulator (npm run sim)', () => {
  it('answers only loopback Host names, and refuses writes from another site’s pages', async () => {
    const port = new URL(live.url).port
    expect((await raw(live.url, 'GET', '/__sim/worlds/default/users', { Host: `rebind.example:${port}` })).status).toBe(
      421,
    )
    expect((await raw(live.url, 'GET', '/__sim/worlds/default/users', { Host: `localhost:${port}` })).status).toBe(200)
    const forged = await raw(live.url, 'POST', '/__sim/worlds/default/oauth/revoke', { Origin: 'http://evil.example' })
    expect(forged.status).toBe(403)
    // Tools and the tests' servers send no Origin.
    expect((await raw(live.url, 'POST', '/__sim/worlds/default/oauth/revoke', {})).status).toBe(200)
  })
})
