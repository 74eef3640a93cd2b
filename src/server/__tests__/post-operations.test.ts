// @vitest-environment node
/**
 * Posting grades through the server (issue #15): the browser asks for a named operation, the server sends Canvas
 * only its fixed GraphQL document (lib/post-operations.ts), and nothing else ever reaches /api/graphql. Token mode
 * against the standalone simulator as Canvas, over real sockets.
 */
import { createServer, type IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { POST_DOCUMENTS } from '../../lib/post-operations'
import { createAppServer } from '../app-server'
import { readConfig } from '../config'
import { createSimServer } from '../sim-server'
import { Browser, close, listen } from './http-helpers'

async function tokenMode() {
  const sim = createSimServer()
  const canvas = await listen(sim)
  const world = sim.host.createWorld({})
  const token = world.cast.find((m) => m.role === 'final_grader')!.token
  const app = createAppServer(readConfig({ CANVAS_URL: canvas, CANVAS_TOKEN: token }), { distDir: '/nonexistent' })
  const origin = await listen(app)
  const browser = new Browser({ app: true })
  const post = (path: string, body: unknown) =>
    browser.fetch(`${origin}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
  return {
    world,
    origin,
    browser,
    post,
    done: async () => {
      await close(app)
      await close(sim)
    },
  }
}

describe('the server’s named posting operations', () => {
  it('posts through Canvas’s GraphQL, and the app follows the Progress it queued', async () => {
    const t = await tokenMode()
    try {
      const before = await t.post('/api/md/courses/101/assignments/501/post_grades', {})
      expect([before.status, JSON.parse(before.text_)]).toEqual([
        400,
        { errors: [{ message: 'Assignments under moderation cannot be posted before grades are published' }] },
      ])
      t.world.assignments.get(501)!.grades_published_at = t.world.tick()
      const res = await t.post('/api/md/courses/101/assignments/501/post_grades', { gradedOnly: false })
      expect(res.status).toBe(200)
      const { progress } = JSON.parse(res.text_) as { progress: { id: number; state: string } }
      const followed = await t.browser.fetch(`${t.origin}/api/v1/progress/${progress.id}`)
      expect(JSON.parse(followed.text_)).toMatchObject({ workflow_state: 'completed' })
      expect([...t.world.submissions.get(501)!.values()].some((s) => s.posted_at !== null)).toBe(true)
      const log = t.world.requestLog.map((r) => `${r.method} ${r.route}`)
      expect(log).toContain('POST graphql')
    } finally {
      await t.done()
    }
  })

  it('never forwards /api/graphql, nor a query, an unknown operation or an unknown field', async () => {
    const t = await tokenMode()
    try {
      const query = { query: '{ allCourses { _id name } }' }
      const direct = await t.post('/api/graphql', query)
      expect(direct.status).toBe(400) // not a path the server forwards at all
      const smuggled = await t.post('/api/md/courses/101/assignments/501/post_grades', query)
      expect(smuggled.status).toBe(400)
      const unknown = await t.post('/api/md/courses/101/assignments/501/run_query', query)
      expect(unknown.status).toBe(404)
      const get = await t.browser.fetch(`${t.origin}/api/md/courses/101/assignments/501/post_grades`)
      expect(get.status).toBe(405)
      for (const r of [direct, smuggled, unknown, get])
        expect(r.headers.get('x-moderation-desk-refused'), r.url).toBe('not-sent')
      expect(t.world.requestLog.filter((r) => r.route === 'graphql')).toEqual([])
    } finally {
      await t.done()
    }
  })
})

describe('what Canvas receives', () => {
  it('exactly the fixed document, with the checked variables as GraphQL ids', async () => {
    const seen: { path: string; body: unknown; auth: string | undefined }[] = []
    const canvas = createServer((req: IncomingMessage, res) => {
      let text = ''
      req.on('data', (c: Buffer) => (text += c.toString('utf8')))
      req.on('end', () => {
        seen.push({ path: req.url ?? '', body: JSON.parse(text), auth: req.headers.authorization })
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end(
          JSON.stringify({ data: { postAssignmentGradesForSections: { progress: { _id: '77', state: 'queued' } } } }),
        )
      })
    })
    const canvasUrl = await listen(canvas)
    const app = createAppServer(readConfig({ CANVAS_URL: canvasUrl, CANVAS_TOKEN: 'secret-token' }), {
      distDir: '/nonexistent',
    })
    const origin = await listen(app)
    try {
      const browser = new Browser({ app: true })
      const res = await browser.fetch(`${origin}/api/md/courses/101/assignments/501/post_grades_for_sections`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ sectionIds: [1010, 1012], gradedOnly: true }),
      })
      expect([res.status, JSON.parse(res.text_)]).toEqual([200, { progress: { id: 77, state: 'queued' } }])
      expect(seen).toEqual([
        {
          path: '/api/graphql',
          auth: 'Bearer secret-token',
          body: {
            query: POST_DOCUMENTS.post_grades_for_sections.document,
            operationName: 'MdPostAssignmentGradesForSections',
            variables: { assignmentId: '501', sectionIds: ['1010', '1012'], gradedOnly: true },
          },
        },
      ])
      expect(res.text_).not.toContain('secret-token')
    } finally {
      await close(app)
      await close(canvas)
    }
  })
})
