import { expect, paths, test } from './fixtures'

/**
 * What the load time at scale depends on, asserted without timing: the fewest requests (per_page=100, no
 * duplicate, no refetch), page 1 requested together with the assignment, the other pages concurrently once
 * page 1 tells how many there are, and a selection that does not reload anything.
 */
const LAB = paths.moderate(101, 501)
const GRADEABLE = '/api/v1/courses/101/assignments/501/gradeable_students'
const ASSIGNMENT = '/api/v1/courses/101/assignments/501'
const N = 1000

test.describe('loading 1,000 students', () => {
  test.use({ scenario: { scenario: 'large', students: N, graders: 3 } })

  test('ceil(N/100) roster requests, none repeated, page 1 with the assignment, the rest concurrently; selecting works', async ({
    page,
    world,
  }) => {
    // A fixed latency makes "together" and "concurrently" observable as an order of events, not as a time.
    await world.configure({ latencyMs: 100 })
    // 'headers': the answer's headers are in (its body may still be arriving); 'response': all of it has arrived.
    const events: { kind: 'request' | 'headers' | 'response'; path: string; url: string; method: string }[] = []
    page.on('request', (r) => {
      const u = new URL(r.url())
      if (u.pathname.startsWith('/api/v1/'))
        events.push({ kind: 'request', path: u.pathname, url: u.pathname + u.search, method: r.method() })
    })
    page.on('response', (r) => {
      const u = new URL(r.url())
      if (u.pathname.startsWith('/api/v1/'))
        events.push({ kind: 'headers', path: u.pathname, url: u.pathname + u.search, method: r.request().method() })
    })
    page.on('requestfinished', (r) => {
      const u = new URL(r.url())
      if (u.pathname.startsWith('/api/v1/'))
        events.push({ kind: 'response', path: u.pathname, url: u.pathname + u.search, method: r.method() })
    })

    await page.goto(LAB)
    const grid = page.getByRole('grid')
    await expect(page.getByRole('status').filter({ hasText: '1,000 students loaded.' })).toBeVisible({
      timeout: 20_000,
    })
    await expect(grid).toHaveAttribute('aria-rowcount', String(N + 1))
    await expect(grid).toHaveAttribute('aria-busy', 'false')

    const rosterRequests = events.filter((e) => e.kind === 'request' && e.path === GRADEABLE)
    expect(rosterRequests).toHaveLength(Math.ceil(N / 100))
    expect(new Set(rosterRequests.map((e) => e.url)).size).toBe(rosterRequests.length)
    const pageOf = (url: string) => Number(new URL(url, 'http://x').searchParams.get('page') ?? '1')
    expect(rosterRequests.map((e) => pageOf(e.url)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: N / 100 }, (_, i) => i + 1),
    )
    for (const r of rosterRequests) expect(new URL(r.url, 'http://x').searchParams.get('per_page')).toBe('100')

    // Page 1 and the assignment are both requested before either answer arrives.
    const idx = (pred: (e: (typeof events)[number]) => boolean) => events.findIndex(pred)
    const page1Req = idx((e) => e.kind === 'request' && e.path === GRADEABLE && pageOf(e.url) === 1)
    const assignmentReq = idx((e) => e.kind === 'request' && e.path === ASSIGNMENT)
    const page1Res = idx((e) => e.kind === 'response' && e.path === GRADEABLE && pageOf(e.url) === 1)
    const assignmentRes = idx((e) => e.kind === 'response' && e.path === ASSIGNMENT)
    expect(page1Req).toBeGreaterThanOrEqual(0)
    expect(assignmentReq).toBeGreaterThanOrEqual(0)
    expect(page1Req).toBeLessThan(assignmentRes)
    expect(assignmentReq).toBeLessThan(page1Res)
    // Pages 2… start once page 1's headers are in (its Link header names the last page; its body need not have
    // arrived yet), several before any of them answers.
    const page1Headers = idx((e) => e.kind === 'headers' && e.path === GRADEABLE && pageOf(e.url) === 1)
    expect(page1Headers).toBeGreaterThanOrEqual(0)
    const laterReqs = events
      .map((e, i) => ({ e, i }))
      .filter(({ e }) => e.kind === 'request' && e.path === GRADEABLE && pageOf(e.url) > 1)
    expect(laterReqs.every(({ i }) => i > page1Headers)).toBe(true)
    const firstLaterRes = idx((e) => e.kind === 'response' && e.path === GRADEABLE && pageOf(e.url) > 1)
    expect(laterReqs.filter(({ i }) => i < firstLaterRes).length).toBeGreaterThanOrEqual(4)

    // The simulator saw the same: one request per page, no aborted duplicates.
    const log = await world.requests()
    expect(log.filter((r) => r.route === 'gradeable_students')).toHaveLength(N / 100)

    // Selecting a grade works at this size and reloads nothing.
    const candidate = grid.locator('[role="gridcell"][aria-selected="false"]').first()
    const col = await candidate.getAttribute('data-col')
    const rowKey = await candidate.locator('xpath=..').getAttribute('data-row-key')
    const cell = grid.locator(`[data-row-key="${rowKey}"] [data-col="${col}"]`)
    await cell.click()
    await expect(cell).toHaveAttribute('aria-selected', 'true')
    await expect
      .poll(async () => (await world.requests()).filter((r) => r.route === 'select' && r.status === 200).length)
      .toBe(1)
    expect((await world.requests()).filter((r) => r.route === 'gradeable_students')).toHaveLength(N / 100)
  })
})

test.describe('loading 1,000 students under Canvas’s throttle', () => {
  test.use({ scenario: { scenario: 'large', students: N, graders: 3 } })

  test('pages Canvas refuses with 403 Rate Limit Exceeded are retried: every student arrives, no error', async ({
    page,
    world,
  }) => {
    // Canvas's rule with a lower high-water mark and no leak: the 4th request in flight is refused, fewer than
    // the browser's 6 connections.
    await world.configure({
      latencyMs: 100,
      rateLimit: { highWaterMark: 200, maximum: 800, outflowPerSecond: 0, upFrontCost: 50, requestCost: 1 },
    })
    await page.goto(LAB)
    const grid = page.getByRole('grid')
    await expect(page.getByRole('status').filter({ hasText: '1,000 students loaded.' })).toBeVisible({
      timeout: 20_000,
    })
    await expect(grid).toHaveAttribute('aria-rowcount', String(N + 1))
    await expect(page.getByRole('alert')).toHaveCount(0)

    const roster = (await world.requests()).filter((r) => r.route === 'gradeable_students')
    expect(roster.filter((r) => r.status === 403).length).toBeGreaterThan(0)
    const answered = roster
      .filter((r) => r.status === 200)
      .map((r) => Number(new URL(r.path, 'http://x').searchParams.get('page') ?? '1'))
    expect(answered.sort((a, b) => a - b)).toEqual(Array.from({ length: N / 100 }, (_, i) => i + 1))
  })
})

test('the grid is not held back by the code of the panels below it, which load once it is shown', async ({ page }) => {
  // The panels' code (tool-panels.tsx, a chunk of its own) is held until the grid and its rows are on screen.
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  const asked: string[] = []
  await page.route(/\/assets\/tool-panels-[\w-]+\.js$/, async (route) => {
    asked.push(route.request().url())
    await held
    await route.continue()
  })
  await page.goto(LAB)
  await expect(page.getByRole('grid').getByRole('row', { name: /Aisha Mohammed/ })).toBeVisible()
  const tools = page.getByRole('region', { name: 'Moderation tools' })
  await expect(tools.getByRole('status')).toHaveText('Loading the moderation tools…')
  await expect(tools.getByRole('heading', { name: 'Publish', exact: true })).toHaveCount(0)
  expect(asked).toHaveLength(1)
  release()
  await expect(tools.getByRole('heading', { name: 'Publish', exact: true })).toBeVisible()
  await expect(tools.getByRole('heading', { name: 'Reports' })).toBeVisible()
  await expect(tools.getByRole('status').filter({ hasText: 'Loading the moderation tools…' })).toHaveCount(0)
})
