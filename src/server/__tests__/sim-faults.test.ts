// @vitest-environment node
/**
 * The faults whose outcome is unknown (commit-then-drop, commit-then-502) over real connections: the standalone
 * simulator (`npm run sim`, sim-server.ts) and `npm start`'s demo (the app server with the simulator in-process).
 * No msw interception in this file: every request goes over a socket.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { A, rowOf, type PgJson, type Row } from '../../testing/canvas-json'
import { createAppServer } from '../app-server'
import { readConfig } from '../config'
import { createSimServer } from '../sim-server'
import { Browser, close, listen } from './http-helpers'

const NGINX_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n'
const ROWS = `${A(501)}/gradeable_students?include[]=provisional_grades&per_page=100`

/** Student 1009's provisional grades and selection, a select of one of them, and a fault, over `http`. */
function student1009(
  http: (url: string, init?: RequestInit) => Promise<{ status: number; body: () => Promise<string> }>,
) {
  const row = async () => rowOf(JSON.parse(await (await http(ROWS)).body()) as Row[], 1009)
  return {
    row,
    selected: async () => (await row()).selected_provisional_grade_id,
    select: (pg: PgJson) => http(`${A(501)}/provisional_grades/${pg.provisional_grade_id}/select`, { method: 'PUT' }),
  }
}

type Http = (
  url: string,
  init?: RequestInit,
) => Promise<{ status: number; type: string | null; body: () => Promise<string> }>

/**
 * Selects 1009's first grade under commit-then-drop (the request fails, yet Canvas holds the selection), then the
 * second under commit-then-502 (nginx's page arrives whole, and Canvas holds that one).
 */
async function selectsLandThroughLostAnswers(http: Http, fault: (body: unknown) => Promise<{ status: number }>) {
  const s = student1009(http)
  const [p1, p2] = (await s.row()).provisional_grades!
  expect(await s.selected()).toBeNull()

  expect((await fault({ route: 'select', kind: 'commit-then-drop' })).status).toBe(201)
  await expect(s.select(p1!)).rejects.toThrow()
  expect(await s.selected()).toBe(p1!.provisional_grade_id)

  expect((await fault({ route: 'select', kind: 'commit-then-502' })).status).toBe(201)
  const gateway = await http(`${A(501)}/provisional_grades/${p2!.provisional_grade_id}/select`, { method: 'PUT' })
  expect([gateway.status, gateway.type, await gateway.body()]).toEqual([502, 'text/html', NGINX_502])
  expect(await s.selected()).toBe(p2!.provisional_grade_id)
}

describe('faults whose outcome is unknown, over real HTTP', () => {
  it('the standalone simulator: the socket is destroyed after the selection is saved; the 502 page arrives whole', async () => {
    const server = createSimServer()
    const base = await listen(server)
    try {
      const world = server.host.createWorld({})
      const token = world.cast.find((m) => m.role === 'final_grader')!.token
      const http = async (url: string, init: RequestInit = {}) => {
        const res = await fetch(`${base}${url}`, { ...init, headers: { Authorization: `Bearer ${token}` } })
        return { status: res.status, type: res.headers.get('content-type'), body: () => res.text() }
      }
      const fault = (body: unknown) =>
        fetch(`${base}/__sim/worlds/${world.id}/faults`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        })
      await selectsLandThroughLostAnswers(http, fault)
    } finally {
      await close(server)
    }
  })

  it('npm start’s demo: the same faults through the app server’s /__sim and /api/v1', async () => {
    const app = createAppServer(readConfig({}), { distDir: mkdtempSync(path.join(tmpdir(), 'md-faults-')) })
    const origin = await listen(app)
    try {
      // Writes as the app's pages send them: Origin and the CSRF token of GET /session.
      const browser = new Browser({ app: true })
      const created = await browser.fetch(`${origin}/__sim/worlds`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ scenario: 'demo' }),
      })
      const { worldId } = JSON.parse(created.text_) as { worldId: string }
      const http = async (url: string, init: RequestInit = {}) => {
        const res = await browser.fetch(`${origin}${url}`, { ...init, headers: { Cookie: `md_demo=${worldId}.1` } })
        return { status: res.status, type: res.headers.get('content-type'), body: async () => res.text_ }
      }
      const fault = (body: unknown) =>
        browser.fetch(`${origin}/__sim/worlds/${worldId}/faults`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        })
      await selectsLandThroughLostAnswers(http, fault)
    } finally {
      await close(app)
    }
  })

  it('token mode: a gateway page from Canvas reaches the page as it came; a connection Canvas dropped becomes 502', async () => {
    const sim = createSimServer()
    const canvas = await listen(sim)
    const world = sim.host.createWorld({})
    const token = world.cast.find((m) => m.role === 'final_grader')!.token
    const app = createAppServer(readConfig({ CANVAS_URL: canvas, CANVAS_TOKEN: token }), { distDir: '/nonexistent' })
    const origin = await listen(app)
    try {
      const browser = new Browser({ app: true })
      const http = async (url: string, init: RequestInit = {}) => {
        const res = await browser.fetch(`${origin}${url}`, init)
        return { status: res.status, type: res.headers.get('content-type'), body: async () => res.text_ }
      }
      const s = student1009(http)
      const [p1, p2] = (await s.row()).provisional_grades!
      const fault = (body: unknown) =>
        fetch(`${canvas}/__sim/worlds/${world.id}/faults`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        })

      expect((await fault({ route: 'select', kind: 'commit-then-502' })).status).toBe(201)
      const gateway = await s.select(p1!)
      expect([gateway.status, await gateway.body()]).toEqual([502, NGINX_502])
      expect(await s.selected()).toBe(p1!.provisional_grade_id)

      expect((await fault({ route: 'select', kind: 'commit-then-drop' })).status).toBe(201)
      const dropped = await s.select(p2!)
      expect([dropped.status, JSON.parse(await dropped.body())]).toEqual([
        502,
        {
          errors: [
            {
              message:
                'The connection to Canvas dropped before its answer came back, so the change may or may not have been made.',
            },
          ],
        },
      ])
      expect(await s.selected()).toBe(p2!.provisional_grade_id)
    } finally {
      await close(app)
      await close(sim)
    }
  })
})
