import { expect, signInWithCanvas, test } from './fixtures'
import { gridLoads } from './flows'
import { LTI_URL, LTI_WORLD, SIM_URL } from './live-env'

// Issue #16: Canvas launches Moderation Desk over LTI 1.3 (the simulator plays Canvas's side: its launch page posts
// the OIDC login request, its authorization endpoint posts the signed id_token). The API token comes from the
// OAuth2 sign-in, once; later launches go straight in.
const launch = (q: string) => `${SIM_URL}/__sim/worlds/${LTI_WORLD}/lti/launch?${q}&user_id=1&frame=0`

test.describe('LTI 1.3 launch from Canvas', () => {
  test('course navigation → OAuth once → the course; later launches go straight in, to the course or an assignment', async ({
    page,
    canvas,
  }) => {
    // Canvas's developer key made from the tool's own JSON, as an administrator pastes it.
    await canvas.ltiKey(await (await page.request.get('/lti/config.json')).json())

    await page.goto(launch('placement=course_navigation&course_id=101'))
    await signInWithCanvas(page, `${LTI_URL}/?course=101`)
    await expect(page.getByRole('heading', { level: 2, name: /BIO 201: Cell Biology/ })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Lab Report 3: Enzyme Kinetics' })).toBeVisible()

    await canvas.clearRequests()
    await page.goto(launch('placement=course_navigation&course_id=101'))
    await expect(page).toHaveURL(`${LTI_URL}/?course=101`)
    // Straight in: Canvas's authorization for the launch, but no OAuth sign-in page and no new grant.
    const routes = (await canvas.requests()).map((r) => r.route)
    expect(routes.filter((r) => r.startsWith('oauth'))).toEqual([])

    await page.goto(launch('placement=assignment_menu&course_id=101&assignment_id=501'))
    await expect(page).toHaveURL(`${LTI_URL}/courses/101/assignments/501/moderate`)
    await gridLoads(page)
  })

  test('a launch Canvas did not sign is refused with the reason', async ({ page }) => {
    const res = await page.request.post('/lti/launch', { form: { id_token: 'not.a.token', state: 'x' } })
    expect(res.status()).toBeGreaterThanOrEqual(400)
    const page_ = await res.text()
    expect(page_).toMatch(/<h1>[^<]+<\/h1>/) // a page that says why, in words
    expect(page_).not.toContain('not.a.token') // and never echoes the token
  })
})
