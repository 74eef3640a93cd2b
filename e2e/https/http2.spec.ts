import { expect, paths, test } from '../fixtures'

/**
 * `npm start` with TLS_CERT_FILE/TLS_KEY_FILE (a throwaway self-signed certificate, playwright.config.ts):
 * Chromium loads the page and the whole roster over HTTP/2, so more roster pages are on the wire at once than
 * the 6 connections per origin HTTP/1.1 allows.
 */
const N = 1000
const GRADEABLE = '/api/v1/courses/101/assignments/501/gradeable_students'

test.describe('the demo over HTTPS', () => {
  test.use({ scenario: { scenario: 'large', students: N, graders: 3 } })

  test('loads the moderation page and its API calls over HTTP/2, more than 6 roster pages in flight at once', async ({
    page,
    world,
  }) => {
    // Each Canvas answer takes 300 ms, so requests sent together overlap on the wire.
    await world.configure({ latencyMs: 300 })
    await page.goto(paths.moderate(101, 501))
    expect(new URL(page.url()).protocol).toBe('https:')
    const grid = page.getByRole('grid')
    await expect(page.getByRole('status').filter({ hasText: '1,000 students loaded.' })).toBeVisible({
      timeout: 20_000,
    })
    await expect(grid).toHaveAttribute('aria-rowcount', String(N + 1))
    await expect(grid.getByRole('rowheader').first()).toBeVisible()

    const timing = await page.evaluate(() => ({
      navigation: (performance.getEntriesByType('navigation') as PerformanceNavigationTiming[]).map(
        (e) => e.nextHopProtocol,
      ),
      api: (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .filter((e) => new URL(e.name).pathname.startsWith('/api/v1/'))
        .map((e) => ({
          path: new URL(e.name).pathname,
          protocol: e.nextHopProtocol,
          sent: e.requestStart,
          answered: e.responseStart,
        })),
    }))
    expect(timing.navigation).toEqual(['h2'])
    const roster = timing.api.filter((e) => e.path === GRADEABLE)
    expect(roster).toHaveLength(N / 100)
    expect(timing.api.length).toBeGreaterThan(roster.length)
    for (const e of timing.api) expect(e.protocol, e.path).toBe('h2')

    // Most roster pages on the wire at the same moment (sent, not yet answered): over HTTP/1.1 at most 6.
    const inFlightAt = (t: number) => roster.filter((e) => e.sent <= t && t < e.answered).length
    const mostInFlight = Math.max(...roster.map((e) => inFlightAt(e.sent)))
    expect(mostInFlight).toBeGreaterThan(6)
  })
})
