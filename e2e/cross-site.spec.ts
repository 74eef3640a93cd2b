import { attackerPage, startAttackerSite, type Forgery } from './support/attacker-site'
import { expect, paths, test } from './fixtures'

// A page on another port of the same host (same site: the demo's SameSite=Lax cookie goes along) tries to make
// the demo server publish, install a fault and create a world — all "simple" requests, no CORS preflight.
test('a page on another site cannot publish, install faults or create worlds through the demo server', async ({
  page,
  world,
  request,
  baseURL,
}) => {
  const forgedWorld = `forged-${world.id}`
  const forgeries: Forgery[] = [
    { kind: 'no-cors fetch', url: `${baseURL}/api/v1/courses/101/assignments/501/provisional_grades/publish` },
    // text/plain forms can carry JSON: name + "=" + value.
    {
      kind: 'form text/plain',
      url: `${baseURL}/__sim/worlds/${world.id}/faults`,
      fields: { '{"route":"users_self","kind":"drop","count":5,"x":"': '"}' },
    },
    {
      kind: 'form text/plain',
      url: `${baseURL}/__sim/worlds`,
      fields: { [`{"scenario":"demo","worldId":"${forgedWorld}","x":"`]: '"}' },
    },
    {
      kind: 'form urlencoded',
      url: `${baseURL}/api/v1/courses/101/assignments/501/provisional_grades/publish`,
      fields: { a: '1' },
    },
  ]
  const site = await startAttackerSite('127.0.0.1', attackerPage(forgeries))
  try {
    await page.goto(site.url)
    await expect(page).toHaveTitle('done')
  } finally {
    await site.close()
  }
  expect((await world.requests()).map((r) => r.route)).not.toContain('publish')
  expect(await (await request.get(`/__sim/worlds/${world.id}/faults`)).json()).toEqual([])
  expect((await request.get(`/__sim/worlds/${forgedWorld}/users`)).status()).toBe(404)

  // The dashboard itself still changes things: its requests carry its Origin and CSRF token.
  await page.goto(paths.moderate(101, 501))
  const cell = page.getByRole('gridcell', { name: /^Priya Natarajan: 11 for Aisha Mohammed/ })
  await cell.click()
  await expect(cell).toHaveAttribute('aria-selected', 'true')
  expect((await world.requests()).filter((r) => r.route === 'select').map((r) => r.status)).toEqual([200])
})
