// @vitest-environment node
/**
 * Contract: Canvas's Cache-Control on /api/v1 (Rails' defaults; see canvasCacheControl in handlers/responses.ts).
 * The app server's proxy overrides it with no-store; its tests get this header from the simulator.
 */
import { describe, expect, it } from 'vitest'
import { setupSimulator } from '../../testing/simulator'
import { A } from '../../testing/canvas-json'

const sim = setupSimulator()
const CANVAS_DEFAULT = 'max-age=0, private, must-revalidate'

const cacheControl = (res: Response) => [res.status, res.headers.get('cache-control')]

describe('Cache-Control on /api/v1, as Canvas sends it', () => {
  it('200 answers, reads and writes, paginated or not: max-age=0, private, must-revalidate', async () => {
    const w = sim.createWorld()
    expect(cacheControl(await w.fetch('final_grader', '/api/v1/users/self'))).toEqual([200, CANVAS_DEFAULT])
    const page = await w.fetch('final_grader', `${A(501)}/gradeable_students?include[]=provisional_grades&per_page=5`)
    expect(page.headers.get('link')).toContain('rel="next"')
    expect(cacheControl(page)).toEqual([200, CANVAS_DEFAULT])
    const write = await w.fetch('teacher', `${A(501)}/submissions/1024`, {
      method: 'PUT',
      form: { 'submission[posted_grade]': '13', 'submission[provisional]': 'true' },
    })
    expect(cacheControl(write)).toEqual([200, CANVAS_DEFAULT])
  })

  it("errors: no-cache (Rails' default when Rack::ETag computes no ETag)", async () => {
    const w = sim.createWorld()
    expect(
      cacheControl(await fetch(`${sim.origin}/api/v1/users/self`, { headers: { Authorization: 'Bearer wrong' } })),
    ).toEqual([401, 'no-cache'])
    expect(cacheControl(await w.fetch('teacher', `${A(501)}/provisional_grades/publish`, { method: 'POST' }))).toEqual([
      401,
      'no-cache',
    ])
    expect(
      cacheControl(await w.fetch('final_grader', `${A(501)}/provisional_grades/publish`, { method: 'POST' })),
    ).toEqual([422, 'no-cache'])
    expect(cacheControl(await w.fetch('final_grader', '/api/v1/nowhere'))).toEqual([404, 'no-cache'])
    const badJson = await w.fetch('teacher', `${A(501)}/submissions/1024`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: '{',
    })
    expect(cacheControl(badJson)).toEqual([400, 'no-cache'])
  })

  it('injected faults look the same: a status fault no-cache, a malformed 200 the 200 default', async () => {
    const w = sim.createWorld()
    w.world.faults.push({
      route: 'users_self',
      method: null,
      pathPattern: null,
      queryPattern: null,
      kind: 'status',
      status: 503,
      remaining: 1,
      afterHandler: false,
    })
    expect(cacheControl(await w.fetch('final_grader', '/api/v1/users/self'))).toEqual([503, 'no-cache'])
    w.world.faults.push({
      route: 'users_self',
      method: null,
      pathPattern: null,
      queryPattern: null,
      kind: 'malformed',
      status: 200,
      remaining: 1,
      afterHandler: false,
    })
    expect(cacheControl(await w.fetch('final_grader', '/api/v1/users/self'))).toEqual([200, CANVAS_DEFAULT])
  })

  it('leaves the OAuth token endpoint at no-store (RFC 6749 §5.1)', async () => {
    const w = sim.createWorld()
    const res = await fetch(`${sim.origin}/login/oauth2/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: w.world.oauth.key.clientId,
        client_secret: 'wrong',
        code: 'x',
      }).toString(),
    })
    expect(cacheControl(res)).toEqual([401, 'no-store'])
  })
})
