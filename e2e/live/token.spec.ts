import { readdirSync, readFileSync, statSync } from 'node:fs'
import { connect } from 'node:net'
import path from 'node:path'
import { expect, LAB, test } from './fixtures'
import { bulkAccept, customGrade, gridLoads, publish, selectThenRollBackOnFault, unselectedCell } from './flows'
import { LIVE_TOKEN, OAUTH_KEY, SIM_URL, TOKEN_PORT, TOKEN_URL } from './live-env'
import { attackerPage, startAttackerSite, type Forgery } from '../support/attacker-site'

// `npm start` in token mode (CANVAS_URL + CANVAS_TOKEN) against the simulator over HTTP (playwright.config.ts).

test.describe('token mode: the dashboard through the server, against Canvas over HTTP', () => {
  test('GET /session says token mode; the grid loads through the proxy; no demo banner', async ({ page, canvas }) => {
    expect(await (await page.request.get('/session')).json()).toEqual({
      mode: 'token',
      signedIn: true,
      csrfToken: expect.any(String),
    })
    await page.goto('/')
    await page.getByRole('link', { name: 'Lab Report 3: Enzyme Kinetics' }).click()
    await expect(page).toHaveURL(LAB)
    await gridLoads(page)
    await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0)
    // The simulator served it, with the server's token (its log is per world, so per token).
    expect(
      (await canvas.requests()).filter((r) => r.route === 'gradeable_students' && r.status === 200).length,
    ).toBeGreaterThan(0)
  })

  test('select, then a Canvas fault is rolled back', async ({ page, canvas }) => {
    await page.goto(LAB)
    await gridLoads(page)
    await selectThenRollBackOnFault(page, canvas)
  })

  test('accept all grades from one grader', async ({ page, canvas }) => {
    await page.goto(LAB)
    await gridLoads(page)
    await bulkAccept(page, canvas)
  })

  test('custom grade', async ({ page, canvas }) => {
    await page.goto(LAB)
    await gridLoads(page)
    await customGrade(page, canvas)
  })

  test('publish', async ({ page, canvas }) => {
    await page.goto(LAB)
    await gridLoads(page)
    await publish(page, canvas)
  })

  test('the token is in no response the browser receives: bodies and headers of a whole session', async ({
    page,
    canvas,
  }) => {
    const seen: Promise<{ url: string; text: string; link: string | null }>[] = []
    page.on('response', (res) => {
      seen.push(
        (async () => {
          const headers = await res.allHeaders()
          const body = await res.body().then(
            (b) => b.toString('latin1'),
            () => '',
          )
          return { url: res.url(), text: `${JSON.stringify(headers)}\n${body}`, link: headers.link ?? null }
        })(),
      )
    })
    await page.goto('/')
    await page.getByRole('link', { name: 'Lab Report 3: Enzyme Kinetics' }).click()
    await gridLoads(page)
    const cell = await unselectedCell(page, canvas)
    await cell.click()
    await expect(cell).toHaveAttribute('aria-selected', 'true')
    await page.goto('/courses/101/assignments/502/moderate')
    await expect(page.getByRole('grid')).toBeVisible()
    const all = await Promise.all(seen)
    expect(all.filter((r) => r.url.includes('/api/v1/')).length).toBeGreaterThan(8)
    expect(all.filter((r) => r.text.includes(LIVE_TOKEN)).map((r) => r.url)).toEqual([])
    // Pagination links were rewritten to this origin (Canvas's own html_url links in bodies stay as Canvas sent them).
    const links = all.flatMap((r) => (r.link ? [r.link] : []))
    expect(links.length).toBeGreaterThan(0)
    expect(links.filter((l) => l.includes('http'))).toEqual([])
  })

  test('a page on another site cannot make the server act with its token: nothing reaches Canvas', async ({
    page,
    canvas,
  }) => {
    const a501 = `${TOKEN_URL}/api/v1/courses/101/assignments/501`
    const forgeries: Forgery[] = [
      { kind: 'no-cors fetch', url: `${a501}/provisional_grades/publish` },
      { kind: 'form text/plain', url: `${a501}/provisional_grades/publish`, fields: { '{"a":"': '"}' } },
      { kind: 'form urlencoded', url: `${a501}/moderated_students`, fields: { 'student_ids[]': '1029' } },
    ]
    // Another site, and a sibling port of this host (same site: SameSite cookies would go along).
    for (const host of ['localhost', '127.0.0.1'] as const) {
      await canvas.clearRequests()
      const site = await startAttackerSite(host, attackerPage(forgeries))
      try {
        await page.goto(site.url)
        await expect(page).toHaveTitle('done')
      } finally {
        await site.close()
      }
      expect(await canvas.requests()).toEqual([])
    }
    // The app's own writes still go through (its Origin and CSRF token).
    await page.goto(LAB)
    await gridLoads(page)
    const cell = await unselectedCell(page, canvas)
    await cell.click()
    await expect(cell).toHaveAttribute('aria-selected', 'true')
    // Selected optimistically: wait for Canvas to have received it.
    await expect
      .poll(async () => (await canvas.requests()).filter((r) => r.route === 'select').map((r) => r.status))
      .toEqual([200])
  })

  test('answers only for its own host names (DNS rebinding), and never lets the browser cache Canvas data', async ({
    page,
  }) => {
    await page.goto(LAB)
    await gridLoads(page)
    const api = await page.request.get(
      '/api/v1/courses/101/assignments/501/gradeable_students?include[]=provisional_grades&per_page=5',
    )
    expect(api.status()).toBe(200)
    expect(api.headers()['cache-control']).toBe('no-store')
    const rebound = await page.request.get('/api/v1/courses/101/assignments/501/gradeable_students?per_page=5', {
      headers: { Host: `rebind.example:${TOKEN_PORT}` },
    })
    expect(rebound.status()).toBe(421)
    // The live build has no service worker to install: the demo's msw worker is left out of `npm run build`.
    expect((await page.request.get('/mockServiceWorker.js')).status()).toBe(404)
  })

  test('no built file contains the token or the OAuth client secret', async () => {
    const dist = path.resolve(path.dirname(test.info().config.configFile!), process.env.DIST_DIR ?? 'dist')
    const files: string[] = []
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = path.join(dir, name)
        if (statSync(p).isDirectory()) walk(p)
        else files.push(p)
      }
    }
    walk(dist)
    expect(files.some((f) => f.endsWith('index.html'))).toBe(true)
    const leaks = files.filter((f) => {
      const text = readFileSync(f).toString('latin1')
      return text.includes(LIVE_TOKEN) || text.includes(OAUTH_KEY.clientSecret)
    })
    expect(leaks).toEqual([])
  })

  test('no open proxy: outside the allowlist, absolute URLs, path traversal, header injection, /__sim and /demo are refused', async ({
    page,
    canvas,
  }) => {
    await page.goto(LAB)
    await gridLoads(page)
    await canvas.clearRequests()
    const answers = await page.evaluate(async () => {
      const probe = async (url: string, init?: RequestInit) => {
        const r = await fetch(url, init)
        return { status: r.status, body: await r.text() }
      }
      // With the app's CSRF token, so that what is refused is the method, not a missing token.
      const { csrfToken } = (await (await fetch('/session')).json()) as { csrfToken: string }
      return {
        outsideAllowlist: await probe('/api/v1/users/1/logins'),
        wrongMethod: await probe('/api/v1/courses/101', { method: 'DELETE', headers: { 'X-CSRF-Token': csrfToken } }),
        absoluteUrlInPath: await probe('/api/v1/http://evil.example/api/v1/users/self'),
        traversal: await probe('/api/v1/courses/101%2f..%2f..%2fusers%2fself'),
        headerInjection: await probe('/api/v1/users/self%0d%0aAuthorization:%20Bearer%20x'),
        simControl: await probe('/__sim/worlds'),
        demoSession: await probe('/demo/session'),
      }
    })
    expect(answers).toMatchObject({
      outsideAllowlist: { status: 404 },
      wrongMethod: { status: 405 },
      absoluteUrlInPath: { status: 400 },
      traversal: { status: 400 },
      headerInjection: { status: 400 },
    })
    expect(answers.simControl.status).toBeGreaterThanOrEqual(400)
    expect(answers.demoSession.status).toBeGreaterThanOrEqual(400)
    for (const a of Object.values(answers)) expect(JSON.parse(a.body).errors[0].message).toBeTruthy()

    // An absolute-form request target (what a browser cannot send; a raw socket can) is not forwarded either.
    const raw = await new Promise<string>((resolve) => {
      const sock = connect(TOKEN_PORT, '127.0.0.1', () =>
        sock.write(`GET ${SIM_URL}/api/v1/users/self HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`),
      )
      let data = ''
      sock.on('data', (c) => (data += c))
      sock.on('end', () => resolve(data))
    })
    expect(raw).not.toContain('Dr. Maya Chen')
    // Nothing of the above reached Canvas.
    expect(await canvas.requests()).toEqual([])
  })
})
