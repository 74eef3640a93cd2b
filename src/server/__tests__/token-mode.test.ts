// @vitest-environment node
/**
 * Token mode end to end over real HTTP: the Canvas simulator on one loopback port as the live Canvas and
 * the app server (CANVAS_URL + CANVAS_TOKEN) in front of it, driven like the browser drives it.
 */
import { describe, expect, it } from 'vitest'
import type { World } from '../../mocks/sim/world'
import { createAppServer } from '../app-server'
import type { ProxyLog } from '../canvas-proxy'
import { readConfig } from '../config'
import { Browser, simulatedCanvas, listen } from './http-helpers'

const live = simulatedCanvas()
const { sim, apps } = live

const A501 = '/api/v1/courses/101/assignments/501'

async function setup(token?: string) {
  const world = sim.host.createWorld({ scenario: 'demo' })
  const chen = world.cast.find((m) => m.role === 'final_grader')!
  const logs: ProxyLog[] = []
  const server = createAppServer(readConfig({ CANVAS_URL: live.url, CANVAS_TOKEN: token ?? chen.token }), {
    distDir: '/nonexistent',
    log: (e) => logs.push(e),
  })
  apps.push(server)
  const app = await listen(server)
  return { app, world, token: token ?? chen.token, logs, browser: new Browser({ app: true }) }
}

type Row = {
  id: number
  in_moderation_set?: boolean
  provisional_grades: Array<{ provisional_grade_id: number; graded_at: string | null }>
}

async function allPages(browser: Browser, app: string, first: string) {
  const rows: Row[] = []
  const links: string[] = []
  let next: string | null = first
  while (next) {
    const res = await browser.fetch(`${app}${next}`)
    expect(res.status).toBe(200)
    rows.push(...(JSON.parse(res.text_) as Row[]))
    const link = res.headers.get('link') ?? ''
    links.push(link)
    next = /<([^>]+)>; rel="next"/.exec(link)?.[1] ?? null
  }
  return { rows, links }
}

const simLog = (world: World) => world.requestLog.map((e) => `${e.route} ${e.status}`)

describe('token mode against the simulator over HTTP', () => {
  it('pages gradeable_students with Link headers rewritten to same-origin paths', async () => {
    const s = await setup()
    const { rows, links } = await allPages(
      s.browser,
      s.app,
      `${A501}/gradeable_students?include%5B%5D=provisional_grades&allow_new_anonymous_id=true&per_page=10`,
    )
    expect(links.length).toBe(4)
    for (const link of links) {
      expect(link).not.toContain(live.url)
      for (const url of link.matchAll(/<([^>]+)>/g))
        expect(url[1]).toMatch(/^\/api\/v1\/courses\/101\/assignments\/501\/gradeable_students\?/)
    }
    expect(links[0]).toContain('rel="next"')
    // Same rows as asking the simulator directly.
    const direct = await fetch(
      `${live.url}${A501}/gradeable_students?include%5B%5D=provisional_grades&allow_new_anonymous_id=true&per_page=100`,
      {
        headers: { Authorization: `Bearer ${s.token}` },
      },
    )
    expect(rows.map((r) => r.id)).toEqual(((await direct.json()) as Row[]).map((r) => r.id))
    expect(rows.length).toBe(31)
  })

  it('passes select, bulk_select and publish through, including Canvas’s 422, until publish succeeds', async () => {
    const s = await setup()
    const json = { 'Content-Type': 'application/json' }
    const first = await s.browser.fetch(`${s.app}${A501}/provisional_grades/publish`, { method: 'POST' })
    expect([first.status, JSON.parse(first.text_)]).toEqual([
      422,
      { message: 'All submissions must have a selected grade' },
    ])

    const { rows } = await allPages(
      s.browser,
      s.app,
      `${A501}/gradeable_students?include%5B%5D=provisional_grades&allow_new_anonymous_id=true&per_page=100`,
    )
    const pending = rows.filter(
      (r) => !r.in_moderation_set && r.provisional_grades.filter((p) => p.graded_at).length >= 2,
    )
    const [one, ...rest] = pending
    const select = await s.browser.fetch(
      `${s.app}${A501}/provisional_grades/${one!.provisional_grades[0]!.provisional_grade_id}/select`,
      { method: 'PUT' },
    )
    expect(select.status).toBe(200)
    expect(JSON.parse(select.text_)).toMatchObject({ student_id: one!.id })
    const bulk = await s.browser.fetch(`${s.app}${A501}/provisional_grades/bulk_select`, {
      method: 'PUT',
      headers: json,
      body: JSON.stringify({ provisional_grade_ids: rest.map((r) => r.provisional_grades[0]!.provisional_grade_id) }),
    })
    expect(bulk.status).toBe(200)
    const ok = await s.browser.fetch(`${s.app}${A501}/provisional_grades/publish`, { method: 'POST' })
    expect([ok.status, JSON.parse(ok.text_)]).toEqual([200, { message: 'OK' }])
    expect(simLog(s.world).filter((l) => !l.startsWith('gradeable_students'))).toEqual([
      'publish 422',
      'select 200',
      'bulk_select 200',
      'publish 200',
    ])
    expect(s.browser.received(s.app)).not.toContain(s.token)
    expect(s.logs.map((l) => `${l.method} ${l.route} ${l.status}`)).toContain(
      'POST /api/v1/courses/:id/assignments/:id/provisional_grades/publish 200',
    )
  })

  it('passes Canvas’s 401 for a bad token through (status, body and WWW-Authenticate)', async () => {
    const s = await setup('not-a-token')
    const res = await s.browser.fetch(`${s.app}/api/v1/users/self`)
    expect(res.status).toBe(401)
    expect(JSON.parse(res.text_)).toEqual({ errors: [{ message: 'Invalid access token.' }] })
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="canvas-lms"')
    expect(s.browser.received(s.app)).not.toContain('not-a-token')
  })

  it('answers /session with the mode, and has no sign-in routes', async () => {
    const s = await setup()
    expect(JSON.parse((await s.browser.fetch(`${s.app}/session`)).text_)).toEqual({
      mode: 'token',
      signedIn: true,
      csrfToken: expect.stringMatching(/^[\w-]{43}$/),
    })
    expect((await s.browser.fetch(`${s.app}/api/v1/users/self`, { method: 'GET' })).status).toBe(200)
    // /login is just a client route here (static fallback), never a redirect to Canvas.
    const login = await s.browser.fetch(`${s.app}/login`)
    expect(login.status).not.toBe(302)
  })
})
