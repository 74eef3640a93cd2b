import type { Page } from '@playwright/test'
import { DEFAULT_CANVAS_SCOPES } from '../../src/server/canvas-scopes'
import { expect, LAB, signInWithCanvas, test } from './fixtures'
import {
  bulkAccept,
  customGrade,
  gridLoads,
  publish,
  selectThenRollBackOnFault,
  unselectedCell,
  unselectedPair,
} from './flows'
import { SIM_URL } from './live-env'

/** The moderation page, after signing in with Canvas on the simulator's sign-in page. */
async function openLabSignedIn(page: Page) {
  await page.goto(LAB)
  await signInWithCanvas(page, LAB)
  await gridLoads(page)
}

// `npm start` in OAuth2 mode (CANVAS_CLIENT_ID/SECRET + PUBLIC_URL) against the simulator over HTTP: each test
// signs in on the simulator's Canvas sign-in page, as a user would.

test.describe('OAuth mode: signing in with Canvas', () => {
  test('a deep link signs in with Canvas and lands back on the same page; the header names the user; Sign out', async ({
    page,
    canvas,
  }) => {
    const deepLink = `${LAB}?from=mail#grid`
    await page.goto(deepLink)
    await signInWithCanvas(page, deepLink)
    await gridLoads(page)
    const bar = page.getByRole('banner')
    await expect(bar.getByText('Dr. Maya Chen')).toBeVisible()
    expect(await (await page.request.get('/session')).json()).toMatchObject({
      mode: 'oauth',
      signedIn: true,
      user: { id: 1, name: 'Dr. Maya Chen' },
    })

    await canvas.clearRequests()
    await bar.getByRole('button', { name: 'Sign out' }).click()
    // Signed out: the token is revoked at Canvas and the next visit asks Canvas again.
    await expect(page).toHaveURL(new RegExp(`^${SIM_URL}/login/oauth2/auth\\?`))
    expect((await canvas.requests()).filter((r) => r.route === 'oauth_token_delete').map((r) => r.status)).toEqual([
      200,
    ])
    expect(await (await page.request.get('/session')).json()).toMatchObject({ mode: 'oauth', signedIn: false })
  })

  test('signing out while Canvas cannot be reached says the Canvas token could not be revoked', async ({
    page,
    canvas,
  }) => {
    await openLabSignedIn(page)
    await canvas.fault({ route: 'oauth_token_delete', kind: 'drop', count: 1 })
    const bar = page.getByRole('banner')
    await bar.getByRole('button', { name: 'Sign out' }).click()
    await expect(bar.getByRole('status')).toContainText(
      'Canvas could not be reached to revoke the sign-in it gave Moderation Desk',
    )
    await expect(bar.getByRole('status')).toContainText('Approved Integrations')
    expect(await (await page.request.get('/session')).json()).toMatchObject({ mode: 'oauth', signedIn: false })
    await bar.getByRole('link', { name: 'Continue' }).click()
    await expect(page).toHaveURL(new RegExp(`^${SIM_URL}/login/oauth2/auth\\?`))
  })

  test('select, then a Canvas fault is rolled back; bulk accept; custom grade (with the CSRF token)', async ({
    page,
    canvas,
  }) => {
    await openLabSignedIn(page)
    await selectThenRollBackOnFault(page, canvas)
    await bulkAccept(page, canvas)
    await customGrade(page, canvas)
  })

  test('publish', async ({ page, canvas }) => {
    await openLabSignedIn(page)
    await publish(page, canvas)
  })

  test('an access token that expires mid-session is renewed without the user noticing', async ({ page, canvas }) => {
    await openLabSignedIn(page)
    let navigations = 0
    page.on('framenavigated', (f) => f === page.mainFrame() && navigations++)
    await canvas.clearRequests()
    await canvas.expireTokens()
    const cell = await unselectedCell(page, canvas)
    await cell.click()
    await expect(cell).toHaveAttribute('aria-selected', 'true')
    await expect(page.getByRole('alert')).toHaveCount(0)
    // The cell shows the selection at once (optimistically): wait for Canvas to have received it.
    const routes = async (route: string) =>
      (await canvas.requests()).filter((r) => r.route === route).map((r) => r.status)
    await expect.poll(() => routes('select')).toEqual([200])
    expect(await routes('oauth_token')).toEqual([200]) // the refresh, before the select
    expect(navigations).toBe(0)
  })

  test('a revoked sign-in (Canvas answers 401) re-authenticates and comes back to the same page, saying the change was not saved', async ({
    page,
    canvas,
  }) => {
    await openLabSignedIn(page)
    const { student, first } = await unselectedPair(canvas)
    await canvas.revokeGrants()
    await page.getByLabel('Search students').fill(student)
    await page.getByRole('gridcell', { name: first.name }).click()
    await signInWithCanvas(page, LAB)
    await expect(
      page
        .getByRole('alert')
        .filter({ hasText: /sign-in ended while a change was being saved, so that change was not saved/ }),
    ).toBeVisible()
    await gridLoads(page)
    // Nothing reached Canvas's data; doing it again works.
    await page.getByLabel('Search students').fill(student)
    const cell = page.getByRole('gridcell', { name: first.name })
    await expect(cell).toHaveAttribute('aria-selected', 'false')
    await cell.click()
    await expect(cell).toHaveAttribute('aria-selected', 'true')
  })

  test('state-changing requests need the CSRF token; /__sim and /demo do not exist here', async ({ page }) => {
    await openLabSignedIn(page)
    const answers = await page.evaluate(async () => {
      const status = async (url: string, init?: RequestInit) => (await fetch(url, init)).status
      return {
        noCsrf: await status('/api/v1/courses/101/assignments/501/provisional_grades/bulk_select', {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ provisional_grade_ids: [] }),
        }),
        simControl: await status('/__sim/worlds'),
        demoSession: await status('/demo/session'),
      }
    })
    expect(answers.noCsrf).toBe(403)
    expect(answers.simControl).toBeGreaterThanOrEqual(400)
    expect(answers.demoSession).toBeGreaterThanOrEqual(400)
  })
})

test.describe('OAuth mode: a developer key with "Enforce Scopes", and Canvas’s throttle', () => {
  test('the sign-in asks for the scopes the README lists; a key with exactly those signs in and the page works', async ({
    page,
    canvas,
  }) => {
    await canvas.oauthKey({ scopes: DEFAULT_CANVAS_SCOPES, allowIncludes: true })
    await page.goto(LAB)
    await expect(page).toHaveURL(new RegExp(`^${SIM_URL}/login/oauth2/auth\\?`))
    expect(new URL(page.url()).searchParams.get('scope')?.split(' ')).toEqual(DEFAULT_CANVAS_SCOPES)
    await page.getByRole('link', { name: 'Sign in as Dr. Maya Chen' }).click()
    await expect(page).toHaveURL(LAB)
    await gridLoads(page)
    const cell = await unselectedCell(page, canvas)
    await cell.click()
    await expect(cell).toHaveAttribute('aria-selected', 'true')
    await expect(page.getByRole('alert')).toHaveCount(0)
    // Every call went through the token's scopes: Canvas refused none. (The cell is selected optimistically: wait
    // for Canvas to have received the selection.)
    await expect
      .poll(async () => (await canvas.requests()).filter((r) => r.route === 'select').map((r) => r.status))
      .toEqual([200])
    const log = await canvas.requests()
    expect(log.filter((r) => r.status === 401)).toEqual([])
  })

  test('a key lacking one of the scopes: the page says what to tell the administrator; once added, signing in works', async ({
    page,
    canvas,
  }) => {
    await canvas.oauthKey({
      scopes: DEFAULT_CANVAS_SCOPES.filter((s) => s !== 'url:GET|/api/v1/accounts'),
      allowIncludes: true,
    })
    await page.goto(LAB)
    await expect(page.getByRole('heading', { name: 'Canvas did not sign you in' })).toBeVisible()
    await expect(page.getByText(/Please tell your Canvas administrator/)).toBeVisible()
    expect(await (await page.request.get('/session')).json()).toMatchObject({ signedIn: false })
    await canvas.oauthKey({ scopes: DEFAULT_CANVAS_SCOPES })
    await page.getByRole('link', { name: 'Try again' }).click()
    await signInWithCanvas(page, LAB)
    await gridLoads(page)
  })

  test('Canvas throttles the token endpoint (403 Rate Limit Exceeded): the sign-in and a renewal are retried, nobody is signed out', async ({
    page,
    canvas,
  }) => {
    await canvas.fault({ route: 'oauth_token', status: 403, count: 2 })
    await openLabSignedIn(page)
    expect((await canvas.requests()).filter((r) => r.route === 'oauth_token').map((r) => r.status)).toEqual([
      403, 403, 200,
    ])
    expect(await (await page.request.get('/session')).json()).toMatchObject({ signedIn: true })

    // Later the access token expires and the renewal is throttled once: the user's click still lands.
    await canvas.clearRequests()
    await canvas.expireTokens()
    await canvas.fault({ route: 'oauth_token', status: 403, count: 1 })
    const cell = await unselectedCell(page, canvas)
    await cell.click()
    await expect(cell).toHaveAttribute('aria-selected', 'true')
    // The selection reaches Canvas once the renewal got through (after half a second's wait).
    await expect
      .poll(async () => (await canvas.requests()).filter((r) => r.route === 'select').map((r) => r.status))
      .toEqual([200])
    expect((await canvas.requests()).filter((r) => r.route === 'oauth_token').map((r) => r.status)).toEqual([403, 200])
    await expect(page.getByRole('alert')).toHaveCount(0)
    await expect(cell).toHaveAttribute('aria-selected', 'true')
    expect(await (await page.request.get('/session')).json()).toMatchObject({ signedIn: true })
  })
})
