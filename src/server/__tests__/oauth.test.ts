// @vitest-environment node
/**
 * OAuth mode end to end over real HTTP: the Canvas simulator (createSimServer) on one loopback port as the
 * live Canvas, the app server in OAuth mode on another, and a cookie-jar "browser" with manual redirects.
 */
import { describe, expect, it } from 'vitest'
import type { SimHost } from '../../mocks/sim/host'
import type { World } from '../../mocks/sim/world'
import { createAppServer } from '../app-server'
import type { ProxyLog } from '../canvas-proxy'
import { DEFAULT_CANVAS_SCOPES } from '../canvas-scopes'
import { readConfig, type OAuthConfig } from '../config'
import { createSessionTokens } from '../oauth-api'
import { INVALID_SCOPE_MESSAGE, NOT_REVOKED_MESSAGE, safeReturnTo } from '../oauth-routes'
import { createTokenClient, tokensFrom } from '../oauth-token-client'
import { SessionStore } from '../session-store'
import { SESSION_ENV, sharedPglite } from './db-helpers'
import { Browser, simulatedCanvas, cookieAttributes, freePort, listen } from './http-helpers'

const live = simulatedCanvas()
const { sim, apps } = live
// The sessions of every server of this file, in one embedded database (each test's sessions are its own).
const sessions = sharedPglite()

const host: SimHost = sim.host
const PAGE = '/courses/101/assignments/501/moderate?filter=disagreements#student-1012'
const A501 = '/api/v1/courses/101/assignments/501'

type Setup = {
  app: string
  world: World
  browser: Browser
  logs: ProxyLog[]
  clock: { offsetMs: number }
  issued: Set<string>
}

async function setup(publicUrl?: string, env: Record<string, string> = {}): Promise<Setup> {
  const world = host.createWorld({ scenario: 'demo' })
  const port = await freePort()
  const app = publicUrl ?? `http://127.0.0.1:${port}`
  const config = readConfig({
    CANVAS_URL: live.url,
    CANVAS_CLIENT_ID: world.oauth.key.clientId,
    CANVAS_CLIENT_SECRET: world.oauth.key.clientSecret,
    PUBLIC_URL: app,
    PORT: String(port),
    ...SESSION_ENV,
    ...env,
  }) as OAuthConfig
  expect(config.mode).toBe('oauth')
  const logs: ProxyLog[] = []
  const clock = { offsetMs: 0 }
  const server = createAppServer(config, {
    distDir: '/nonexistent',
    log: (e) => logs.push(e),
    now: () => Date.now() + clock.offsetMs,
    database: sessions.db,
    sessions: { sweepEveryMs: 0 },
  })
  apps.push(server)
  await listen(server, port)
  const browser = new Browser()
  // Every token and secret Canvas ever issued in this world, to prove none reaches the browser.
  const issued = new Set<string>([world.oauth.key.clientSecret])
  const original = browser.fetch.bind(browser)
  browser.fetch = async (url, init) => {
    const res = await original(url, init)
    for (const g of world.oauth.grants()) issued.add(g.accessToken).add(g.refreshToken)
    return res
  }
  return { app: `http://127.0.0.1:${port}`, world, browser, logs, clock, issued }
}

/** /login → Canvas's sign-in page → click "Sign in as <name>" → /oauth/callback. Returns the callback response. */
async function signIn(s: Setup, returnTo: string | null = PAGE, who = 'Dr. Maya Chen') {
  const { browser } = s
  const login = await browser.fetch(
    `${s.app}/login${returnTo === null ? '' : `?return_to=${encodeURIComponent(returnTo)}`}`,
  )
  expect(login.status).toBe(302)
  const authorize = await browser.fetch(login.headers.get('location')!)
  expect(authorize.status).toBe(200)
  const link = new RegExp(`href="([^"]+)">Sign in as ${who.replace(/\./g, '\\.')}</a>`).exec(authorize.text_)
  expect(link).not.toBeNull()
  const approved = await browser.fetch(new URL(link![1]!.replaceAll('&amp;', '&'), live.url).toString())
  expect(approved.status).toBe(302)
  const callbackUrl = approved.headers.get('location')!
  expect(callbackUrl.startsWith(`${s.app}/oauth/callback?`)).toBe(true)
  return { login, callback: await browser.fetch(callbackUrl), callbackUrl }
}

const csrf = (s: Setup) => s.browser.cookie(s.app, 'md_csrf')!
const simLog = (world: World) => world.requestLog.map((e) => `${e.route} ${e.status}`)

describe('OAuth mode: signing in', () => {
  it('GET /login redirects to Canvas with the developer key, the callback URI and a fresh state bound to this browser by a signed cookie', async () => {
    const s = await setup()
    const login = await s.browser.fetch(`${s.app}/login?return_to=${encodeURIComponent(PAGE)}`)
    expect(login.status).toBe(302)
    const to = new URL(login.headers.get('location')!)
    expect(`${to.origin}${to.pathname}`).toBe(`${live.url}/login/oauth2/auth`)
    expect([...to.searchParams.keys()].sort()).toEqual(['client_id', 'redirect_uri', 'response_type', 'scope', 'state'])
    expect(to.searchParams.get('client_id')).toBe(s.world.oauth.key.clientId)
    // The scopes of every call the server forwards, space-separated (CANVAS_SCOPES unset).
    expect(to.searchParams.get('scope')).toBe(DEFAULT_CANVAS_SCOPES.join(' '))
    expect(to.searchParams.get('response_type')).toBe('code')
    expect(to.searchParams.get('redirect_uri')).toBe(`${s.app}/oauth/callback`)
    const state = to.searchParams.get('state')!
    expect(state.length).toBeGreaterThanOrEqual(32)
    expect(cookieAttributes(login.headers.getSetCookie(), 'md_login')).toEqual(
      expect.arrayContaining(['Path=/', 'SameSite=Lax', 'HttpOnly', 'Max-Age=900']),
    )
    // No session exists before Canvas sends the user back.
    expect(cookieAttributes(login.headers.getSetCookie(), 'md_sid')).toBeUndefined()
    expect(login.headers.get('cache-control')).toBe('no-store')
    const again = await s.browser.fetch(`${s.app}/login`)
    expect(new URL(again.headers.get('location')!).searchParams.get('state')).not.toBe(state)
  })

  it('the callback exchanges the code server-side, rotates the session and sets md_sid (HttpOnly) and md_csrf, then returns to the page', async () => {
    const s = await setup()
    const { login, callback } = await signIn(s)
    expect(callback.status).toBe(303)
    expect(callback.headers.get('location')).toBe(`${s.app}${PAGE}`)
    const setCookies = callback.headers.getSetCookie()
    const sid = cookieAttributes(setCookies, 'md_sid')!
    expect(sid).toEqual(expect.arrayContaining(['Path=/', 'SameSite=Lax', 'HttpOnly']))
    expect(sid.some((a) => a === 'Secure')).toBe(false) // PUBLIC_URL is http://127.0.0.1
    const csrfAttrs = cookieAttributes(setCookies, 'md_csrf')!
    expect(csrfAttrs).toEqual(expect.arrayContaining(['Path=/', 'SameSite=Lax']))
    expect(csrfAttrs).not.toContain('HttpOnly')
    // The pending sign-in is used up; the session starts only now.
    expect(cookieAttributes(login.headers.getSetCookie(), 'md_sid')).toBeUndefined()
    expect(cookieAttributes(setCookies, 'md_login')).toContain('Max-Age=0')
    expect(s.browser.cookie(s.app, 'md_login')).toBeUndefined()
    expect(simLog(s.world)).toEqual(['oauth_auth 200', 'oauth_auth 302', 'oauth_token 200'])

    const session = await s.browser.fetch(`${s.app}/session`)
    expect(JSON.parse(session.text_)).toEqual({
      mode: 'oauth',
      signedIn: true,
      user: { id: 1, name: 'Dr. Maya Chen' },
      csrfToken: csrf(s),
    })
  })

  it('marks the cookies Secure and __Host- prefixed (Path=/, no Domain) when PUBLIC_URL is https', async () => {
    const s = await setup('https://desk.example.edu')
    const login = await s.browser.fetch(`${s.app}/login`, { headers: { Host: 'desk.example.edu' } })
    const attrs = cookieAttributes(login.headers.getSetCookie(), '__Host-md_login')!
    expect(attrs).toEqual(expect.arrayContaining(['Secure', 'Path=/', 'HttpOnly']))
    expect(attrs.some((a) => /^domain=/i.test(a))).toBe(false)
    expect(cookieAttributes(login.headers.getSetCookie(), 'md_login')).toBeUndefined()
    expect(new URL(login.headers.get('location')!).searchParams.get('redirect_uri')).toBe(
      'https://desk.example.edu/oauth/callback',
    )
  })

  it('refuses a callback with a wrong, replayed or foreign state, and shows a cancelled sign-in', async () => {
    const s = await setup()
    const { callbackUrl } = await signIn(s)
    const replay = await s.browser.fetch(callbackUrl)
    expect(replay.status).toBe(400)
    expect(replay.text_).toContain('Sign-in expired')

    const user = new Browser()
    const login = await user.fetch(`${s.app}/login?return_to=%2Fcourses`)
    const state = new URL(login.headers.get('location')!).searchParams.get('state')!
    const forged = await user.fetch(`${s.app}/oauth/callback?code=abc&state=${state}x`)
    expect(forged.status).toBe(400)
    // Someone else's browser (no session cookie, or another session) cannot use this state.
    expect((await new Browser().fetch(`${s.app}/oauth/callback?code=abc&state=${state}`)).status).toBe(400)
    expect((await s.browser.fetch(`${s.app}/oauth/callback?code=abc&state=${state}`)).status).toBe(400)

    const deniedAt = new URL(login.headers.get('location')!)
    deniedAt.searchParams.set('sim_deny', '1')
    const denied = await user.fetch(deniedAt.toString())
    const cancelled = await user.fetch(denied.headers.get('location')!)
    expect(cancelled.status).toBe(403)
    expect(cancelled.text_).toContain('Sign-in cancelled')
    expect(cancelled.text_).toContain('href="/login?return_to=%2Fcourses"')
  })

  it.each([
    'https://evil.example/',
    '//evil.example/x',
    '/\\evil.example',
    '/.//evil.example',
    '/%2e//evil.example',
    'javascript:alert(1)',
    'http:/evil.example',
    '/\t/evil.example',
    '/login?return_to=https://evil.example',
    '/api/v1/users/self',
  ])('refuses return_to %j (goes to / after signing in)', async (evil) => {
    const s = await setup()
    const { callback } = await signIn(s, evil)
    expect(callback.headers.get('location')).toBe(`${s.app}/`)
  })

  it('validates return_to as a same-origin path', () => {
    const o = 'https://desk.example.edu'
    expect(safeReturnTo('/courses/1?x=1#y', o)).toBe('/courses/1?x=1#y')
    expect(safeReturnTo('/a/../b', o)).toBe('/b')
    for (const bad of [
      null,
      '',
      'courses',
      '//x',
      '/\\x',
      '/./\\x',
      `/${'a'.repeat(3000)}`,
      '/logout',
      '/oauth/callback?code=1',
    ])
      expect(safeReturnTo(bad, o)).toBe('/')
  })

  it('sends a signed-in user straight back from /login', async () => {
    const s = await setup()
    await signIn(s)
    const again = await s.browser.fetch(`${s.app}/login?return_to=%2Fcourses`)
    expect(again.status).toBe(303)
    expect(again.headers.get('location')).toBe(`${s.app}/courses`)
  })
})

describe('OAuth mode: API calls', () => {
  it('forwards API calls with the session’s token; without a session answers 401 with login_url', async () => {
    const s = await setup()
    const anon = await s.browser.fetch(`${s.app}/api/v1/users/self`, { headers: { 'X-Return-To': PAGE } })
    expect(anon.status).toBe(401)
    expect(JSON.parse(anon.text_)).toEqual({
      errors: [{ message: 'Sign in with Canvas to continue.' }],
      login_url: `/login?return_to=${encodeURIComponent(PAGE)}`,
    })
    const noHint = await s.browser.fetch(`${s.app}/api/v1/users/self`, {
      headers: { 'X-Return-To': 'https://evil.example/' },
    })
    expect(JSON.parse(noHint.text_).login_url).toBe('/login?return_to=%2F')
    expect(JSON.parse((await s.browser.fetch(`${s.app}/session`)).text_)).toEqual({
      mode: 'oauth',
      signedIn: false,
      login_url: '/login?return_to=%2F',
    })

    await signIn(s)
    const me = await s.browser.fetch(`${s.app}/api/v1/users/self`)
    expect(me.status).toBe(200)
    expect(JSON.parse(me.text_)).toMatchObject({ id: 1, name: 'Dr. Maya Chen' })
    const rows = await s.browser.fetch(`${s.app}${A501}/gradeable_students?include%5B%5D=provisional_grades&per_page=5`)
    expect(rows.status).toBe(200)
    expect(rows.headers.get('link')).toMatch(/^<\/api\/v1\/courses\/101\/assignments\/501\/gradeable_students\?/)
    // The allowlist still applies, and /__sim is not reachable through the app.
    expect((await s.browser.fetch(`${s.app}/api/v1/accounts/1/users`)).status).toBe(404)
    expect((await s.browser.fetch(`${s.app}/__sim/worlds`)).status).toBe(400)
  })

  it('passes Canvas’s permission 401 through without refreshing or asking to sign in again', async () => {
    const s = await setup()
    await signIn(s, '/', 'Prof. Daniel Reyes')
    const res = await s.browser.fetch(`${s.app}${A501}/provisional_grades/publish`, {
      method: 'POST',
      headers: { 'X-CSRF-Token': csrf(s) },
    })
    expect(res.status).toBe(401)
    expect(JSON.parse(res.text_)).toEqual({
      status: 'unauthorized',
      errors: [{ message: 'user not authorized to perform that action' }],
    })
    expect(simLog(s.world).filter((l) => l.startsWith('oauth_token'))).toEqual(['oauth_token 200']) // the sign-in only
    expect(JSON.parse((await s.browser.fetch(`${s.app}/session`)).text_).signedIn).toBe(true)
  })

  it('refuses state-changing calls without the CSRF token (403, nothing sent to Canvas) and forwards them with it', async () => {
    const s = await setup()
    await signIn(s)
    s.world.requestLog = []
    const publish = (headers: Record<string, string>) =>
      s.browser.fetch(`${s.app}${A501}/provisional_grades/publish`, { method: 'POST', headers })
    const none = await publish({})
    expect(none.status).toBe(403)
    expect(JSON.parse(none.text_).errors[0].message).toMatch(/CSRF/)
    expect((await publish({ 'X-CSRF-Token': 'x'.repeat(43) })).status).toBe(403)
    expect((await publish({ 'X-CSRF-Token': csrf(s), Origin: 'https://evil.example' })).status).toBe(403)
    expect(s.world.requestLog).toEqual([])

    const ok = await publish({ 'X-CSRF-Token': csrf(s), Origin: s.app })
    expect(ok.status).toBe(422) // Canvas's own answer: reached Canvas
    expect(JSON.parse(ok.text_)).toEqual({ message: 'All submissions must have a selected grade' })
    const rows = JSON.parse(
      (await s.browser.fetch(`${s.app}${A501}/gradeable_students?include%5B%5D=provisional_grades&per_page=100`)).text_,
    ) as Array<{
      id: number
      selected_provisional_grade_id: number | null
      provisional_grades: Array<{ provisional_grade_id: number }>
    }>
    const liam = rows.find((r) => r.id === 1012)!
    const pg = liam.provisional_grades[0]!.provisional_grade_id
    const select = await s.browser.fetch(`${s.app}${A501}/provisional_grades/${pg}/select`, {
      method: 'PUT',
      headers: { 'X-CSRF-Token': csrf(s) },
    })
    expect(select.status).toBe(200)
    expect(JSON.parse(select.text_)).toMatchObject({ selected_provisional_grade_id: pg, student_id: 1012 })
    expect(simLog(s.world)).toEqual(['publish 422', 'gradeable_students 200', 'select 200'])
  })

  it('a Canvas 401 for an expired token is answered by refreshing and retrying once, invisibly to the browser', async () => {
    const s = await setup()
    await signIn(s)
    const before = s.world.oauth.grants()[0]!.accessToken
    await fetch(`${live.url}/__sim/worlds/${s.world.id}/oauth/expire`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    })
    s.world.requestLog = []
    const me = await s.browser.fetch(`${s.app}/api/v1/users/self`)
    expect(me.status).toBe(200)
    expect(simLog(s.world)).toEqual(['oauth_token 200', 'users_self 200']) // the rejected call is not logged by Canvas (no world for a dead token)
    expect(s.world.oauth.grants()[0]!.accessToken).not.toBe(before)
    expect(s.logs.filter((l) => l.route.startsWith('canvas:/login/oauth2/token'))).toEqual([
      expect.objectContaining({ route: 'canvas:/login/oauth2/token (authorization_code)', status: 200 }),
      expect.objectContaining({ route: 'canvas:/login/oauth2/token (refresh_token)', status: 200 }),
    ])
  })

  it('shares one refresh among concurrent calls (the app loads pages in parallel)', async () => {
    const s = await setup()
    await signIn(s)
    await fetch(`${live.url}/__sim/worlds/${s.world.id}/oauth/expire`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    })
    s.world.requestLog = []
    const pages = await Promise.all(
      [1, 2, 3, 4, 5].map((p) => s.browser.fetch(`${s.app}${A501}/gradeable_students?page=${p}&per_page=5`)),
    )
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200, 200, 200])
    expect(simLog(s.world).filter((l) => l.startsWith('oauth_token'))).toEqual(['oauth_token 200'])
  })

  it('refreshes proactively shortly before the token expires', async () => {
    const s = await setup()
    await signIn(s)
    s.world.requestLog = []
    s.clock.offsetMs = 3600_000 - 60_000 // one minute before expiry (the simulator's clock is not moved)
    expect((await s.browser.fetch(`${s.app}/api/v1/users/self`)).status).toBe(200)
    expect(simLog(s.world)).toEqual(['oauth_token 200', 'users_self 200'])
    s.world.requestLog = []
    expect((await s.browser.fetch(`${s.app}/api/v1/users/self`)).status).toBe(200)
    expect(simLog(s.world)).toEqual(['users_self 200']) // fresh for another hour
  })

  it('a revoked refresh token leads to 401 with login_url, and signing in again returns to the same page', async () => {
    const s = await setup()
    await signIn(s)
    await fetch(`${live.url}/__sim/worlds/${s.world.id}/oauth/revoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    })
    const res = await s.browser.fetch(`${s.app}${A501}/gradeable_students?per_page=5`, {
      headers: { 'X-Return-To': PAGE },
    })
    expect(res.status).toBe(401)
    const body = JSON.parse(res.text_) as { errors: Array<{ message: string }>; login_url: string }
    expect(body).toEqual({
      errors: [{ message: 'Sign in with Canvas to continue.' }],
      login_url: `/login?return_to=${encodeURIComponent(PAGE)}`,
    })
    expect(JSON.parse((await s.browser.fetch(`${s.app}/session`)).text_).signedIn).toBe(false)

    // The app navigates to login_url; Canvas signs the user in again; the callback lands on the same page.
    const login = await s.browser.fetch(`${s.app}${body.login_url}`)
    const authorize = await s.browser.fetch(login.headers.get('location')!)
    const href = /href="([^"]+)">Sign in as Dr\. Maya Chen</.exec(authorize.text_)![1]!.replaceAll('&amp;', '&')
    const approved = await s.browser.fetch(new URL(href, live.url).toString())
    const callback = await s.browser.fetch(approved.headers.get('location')!)
    expect(callback.headers.get('location')).toBe(`${s.app}${PAGE}`)
    expect((await s.browser.fetch(`${s.app}${A501}/gradeable_students?per_page=5`)).status).toBe(200)
  })

  it('a proactive refresh that Canvas refuses also answers 401 with login_url', async () => {
    const s = await setup()
    await signIn(s)
    await fetch(`${live.url}/__sim/worlds/${s.world.id}/oauth/revoke`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    })
    s.clock.offsetMs = 3600_000
    const res = await s.browser.fetch(`${s.app}/api/v1/users/self`)
    expect(res.status).toBe(401)
    expect(JSON.parse(res.text_).login_url).toBe('/login?return_to=%2F')
  })

  it('keeps the session when Canvas’s token endpoint is down (503 to try again), and a failed code exchange offers a retry', async () => {
    const s = await setup()
    await fetch(`${live.url}/__sim/worlds/${s.world.id}/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ route: 'oauth_token', status: 503 }),
    })
    const { callback } = await signIn(s)
    expect(callback.status).toBe(502)
    expect(callback.text_).toContain(`href="/login?return_to=${encodeURIComponent(PAGE).replaceAll('&', '&amp;')}"`)
    expect((await signIn(s)).callback.status).toBe(303)

    await fetch(`${live.url}/__sim/worlds/${s.world.id}/oauth/expire`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    })
    await fetch(`${live.url}/__sim/worlds/${s.world.id}/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ route: 'oauth_token', status: 503 }),
    })
    const down = await s.browser.fetch(`${s.app}/api/v1/users/self`)
    expect(down.status).toBe(503)
    expect(JSON.parse(down.text_).login_url).toBeUndefined()
    // Canvas refused the old token before doing anything: the 503 is marked as not done (not an unknown outcome).
    expect(down.headers.get('x-moderation-desk-refused')).toBe('not-sent')
    expect((await s.browser.fetch(`${s.app}/api/v1/users/self`)).status).toBe(200) // refreshed now
  })

  it('ends an idle session', async () => {
    const s = await setup()
    await signIn(s)
    s.clock.offsetMs = 9 * 3_600_000
    expect((await s.browser.fetch(`${s.app}/api/v1/users/self`)).status).toBe(401)
  })
})

const postJson = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
const tokenCalls = (world: World) => simLog(world).filter((l) => l.startsWith('oauth_token'))

describe('OAuth mode: developer keys with "Enforce Scopes"', () => {
  it('a key with exactly the scopes asked for (and "Allow Include Parameters") signs users in, and every call works', async () => {
    const s = await setup()
    s.world.oauth.key.scopes = [...DEFAULT_CANVAS_SCOPES]
    s.world.oauth.key.allowIncludes = true
    const { login, callback } = await signIn(s)
    expect(new URL(login.headers.get('location')!).searchParams.get('scope')).toBe(DEFAULT_CANVAS_SCOPES.join(' '))
    expect(callback.status).toBe(303)
    expect((await s.browser.fetch(`${s.app}/api/v1/users/self`)).status).toBe(200)
    expect((await s.browser.fetch(`${s.app}/api/v1/accounts`)).status).toBe(200)
    const rows = JSON.parse(
      (await s.browser.fetch(`${s.app}${A501}/gradeable_students?include%5B%5D=provisional_grades&per_page=100`)).text_,
    ) as Array<{ id: number; provisional_grades: Array<{ provisional_grade_id: number }> }>
    const pg = rows.find((r) => r.id === 1012)!.provisional_grades[0]!.provisional_grade_id
    const select = await s.browser.fetch(`${s.app}${A501}/provisional_grades/${pg}/select`, {
      method: 'PUT',
      headers: { 'X-CSRF-Token': csrf(s) },
    })
    expect(select.status).toBe(200)
    expect(simLog(s.world).filter((l) => l.endsWith(' 401'))).toEqual([])
  })

  it('a key lacking one of the scopes refuses the sign-in, and the page says what the administrator can do', async () => {
    const s = await setup()
    s.world.oauth.key.scopes = DEFAULT_CANVAS_SCOPES.filter((scope) => scope !== 'url:GET|/api/v1/accounts')
    const login = await s.browser.fetch(`${s.app}/login?return_to=${encodeURIComponent(PAGE)}`)
    // Canvas refuses at once, and its error redirect carries no state (oauth2_provider_controller.rb).
    const refused = await s.browser.fetch(login.headers.get('location')!)
    expect(refused.status).toBe(302)
    const back = new URL(refused.headers.get('location')!)
    expect(back.searchParams.get('error')).toBe('invalid_scope')
    expect(back.searchParams.has('state')).toBe(false)
    const page = await s.browser.fetch(back.toString())
    expect(page.status).toBe(403)
    expect(page.text_).toContain('Canvas did not sign you in')
    expect(page.text_).toContain(INVALID_SCOPE_MESSAGE.slice(0, 60))
    expect(page.text_).toContain(`href="/login?return_to=${encodeURIComponent(PAGE).replaceAll('&', '&amp;')}"`)
    expect(s.browser.cookie(s.app, 'md_sid')).toBeUndefined()
    expect(JSON.parse((await s.browser.fetch(`${s.app}/session`)).text_).signedIn).toBe(false)
    expect(tokenCalls(s.world)).toEqual([])
  })

  it('CANVAS_SCOPES narrower than the calls: Canvas’s “Insufficient scopes” 401 passes through; no renewal, no sign-out', async () => {
    const narrow = DEFAULT_CANVAS_SCOPES.filter((scope) => scope !== 'url:GET|/api/v1/accounts')
    const s = await setup(undefined, { CANVAS_SCOPES: narrow.join(' ') })
    s.world.oauth.key.scopes = [...DEFAULT_CANVAS_SCOPES]
    s.world.oauth.key.allowIncludes = true
    const { login } = await signIn(s)
    expect(new URL(login.headers.get('location')!).searchParams.get('scope')).toBe(narrow.join(' '))
    const accounts = await s.browser.fetch(`${s.app}/api/v1/accounts`)
    expect(accounts.status).toBe(401)
    expect(JSON.parse(accounts.text_)).toEqual({ errors: [{ message: 'Insufficient scopes on access token.' }] })
    expect(tokenCalls(s.world)).toEqual(['oauth_token 200']) // the sign-in only
    expect(JSON.parse((await s.browser.fetch(`${s.app}/session`)).text_).signedIn).toBe(true)
    expect((await s.browser.fetch(`${s.app}/api/v1/users/self`)).status).toBe(200)
  })
})

describe('OAuth mode: Canvas’s throttle on the token endpoint, and its refresh threshold', () => {
  it('a sign-in rush: Canvas throttles this server’s token calls (403 Rate Limit Exceeded), and everyone still gets in', async () => {
    const s = await setup()
    // Canvas's default throttle (600 units, 10 a second) and 200 units per token: the fourth sign-in in a row is
    // refused until the bucket has drained (about 5 s), longer than a few quick retries would wait.
    const users = ['Dr. Maya Chen', 'Prof. Daniel Reyes', 'Priya Natarajan', 'Tomás Herrera']
    for (const who of users) {
      const browser = new Browser()
      const { callback } = await signIn({ ...s, browser }, '/courses', who)
      expect([who, callback.status, callback.headers.get('location')]).toEqual([who, 303, `${s.app}/courses`])
      expect((await browser.fetch(`${s.app}/api/v1/users/self`)).status).toBe(200)
    }
    const calls = tokenCalls(s.world)
    expect(calls.filter((c) => c === 'oauth_token 200')).toHaveLength(4)
    expect(calls).toContain('oauth_token 403')
  }, 30_000)

  it('a renewal Canvas refuses for its throttle is retried, and the user’s call succeeds; the session is kept', async () => {
    const s = await setup()
    await signIn(s)
    await postJson(`${live.url}/__sim/worlds/${s.world.id}/oauth/expire`, {})
    await postJson(`${live.url}/__sim/worlds/${s.world.id}/faults`, { route: 'oauth_token', status: 403, count: 2 })
    s.world.requestLog = []
    const me = await s.browser.fetch(`${s.app}/api/v1/users/self`)
    expect(me.status).toBe(200)
    expect(simLog(s.world)).toEqual(['oauth_token 403', 'oauth_token 403', 'oauth_token 200', 'users_self 200'])
    expect(JSON.parse((await s.browser.fetch(`${s.app}/session`)).text_).signedIn).toBe(true)
  })

  it('an older Canvas that answers a renewal within its refresh threshold without a token: renewed again after it', async () => {
    const s = await setup()
    s.world.oauth.key.refreshSpamIntervalSeconds = 5
    await signIn(s)
    await postJson(`${live.url}/__sim/worlds/${s.world.id}/oauth/expire`, {})
    s.world.requestLog = []
    const started = performance.now()
    const me = await s.browser.fetch(`${s.app}/api/v1/users/self`)
    expect(me.status).toBe(200)
    expect(performance.now() - started).toBeGreaterThan(5000)
    // The first renewal came within 5 s of the sign-in: Canvas kept the token and sent none.
    expect(simLog(s.world)).toEqual(['oauth_token 200', 'oauth_token 200', 'users_self 200'])
    expect(JSON.parse((await s.browser.fetch(`${s.app}/session`)).text_).signedIn).toBe(true)
  }, 20_000)

  it('sessions of this process holding one grant share its renewal, and reuse it for 5 s (Canvas’s refresh threshold)', async () => {
    const world = host.createWorld({ scenario: 'demo' })
    const config = readConfig({
      CANVAS_URL: live.url,
      CANVAS_CLIENT_ID: world.oauth.key.clientId,
      CANVAS_CLIENT_SECRET: world.oauth.key.clientSecret,
      PUBLIC_URL: 'http://127.0.0.1:9',
      ...SESSION_ENV,
    }) as OAuthConfig
    const redirectUri = `${config.publicUrl}/oauth/callback`
    const authorize = new URLSearchParams({
      client_id: config.clientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      sim_user_id: '1',
    })
    const approved = await fetch(`${live.url}/login/oauth2/auth?${authorize.toString()}`, { redirect: 'manual' })
    const code = new URL(approved.headers.get('location')!).searchParams.get('code')!
    const client = createTokenClient(config, () => {})
    const first = await client.request({ grant_type: 'authorization_code', code, redirect_uri: redirectUri })
    if (!first.ok) throw new Error(first.error)
    const clock = { offsetMs: 0 }
    const now = () => Date.now() + clock.offsetMs
    const store = new SessionStore(sessions.db, config.sessionKeys, { now, sweepEveryMs: 0 })
    const tokens = createSessionTokens({ client, now, store })
    const holding = async () =>
      (await store.create({ user: first.user, tokens: tokensFrom(first, null, now()) })).session
    const self = (token: string) =>
      fetch(`${live.url}/api/v1/users/self`, { headers: { Authorization: `Bearer ${token}` } })
    await postJson(`${live.url}/__sim/worlds/${world.id}/oauth/expire`, {})
    world.requestLog = []

    const [a, b] = [await holding(), await holding()]
    expect(await Promise.all([tokens.refresh(a), tokens.refresh(b)])).toEqual(['ok', 'ok'])
    expect(tokenCalls(world)).toEqual(['oauth_token 200'])
    expect(b.tokens!.accessToken).toBe(a.tokens!.accessToken)
    expect((await self(a.tokens!.accessToken)).status).toBe(200)

    clock.offsetMs = 4000
    const c = await holding()
    expect(await tokens.refresh(c)).toBe('ok')
    expect(c.tokens!.accessToken).toBe(a.tokens!.accessToken)
    expect(tokenCalls(world)).toEqual(['oauth_token 200']) // within 5 s: no second call

    clock.offsetMs = 5000
    const d = await holding()
    expect(await tokens.refresh(d)).toBe('ok')
    expect(tokenCalls(world)).toEqual(['oauth_token 200', 'oauth_token 200'])
    expect(d.tokens!.accessToken).not.toBe(a.tokens!.accessToken)
    expect((await self(d.tokens!.accessToken)).status).toBe(200)
  })
})

describe('OAuth mode: sign-ins that have not finished', () => {
  it('a flood of GET /login stores nothing and cannot push out a real user’s pending sign-in or session', async () => {
    const s = await setup()
    const signedIn = new Browser()
    await signIn({ ...s, browser: signedIn }, '/courses')
    // A real user starts signing in (opens Canvas's page) before the flood…
    const login = await s.browser.fetch(`${s.app}/login?return_to=${encodeURIComponent(PAGE)}`)
    const authorize = await s.browser.fetch(login.headers.get('location')!)
    // …then 500 sign-ins are started and never finished, from one address and from cookie-less clients.
    for (let i = 0; i < 500; i++) expect((await fetch(`${s.app}/login`, { redirect: 'manual' })).status).toBe(302)
    // The real user finishes: the state still matches their browser's cookie.
    const link = /href="([^"]+)">Sign in as Dr\. Maya Chen<\/a>/.exec(authorize.text_)![1]!.replaceAll('&amp;', '&')
    const approved = await s.browser.fetch(new URL(link, live.url).toString())
    const callback = await s.browser.fetch(approved.headers.get('location')!)
    expect([callback.status, callback.headers.get('location')]).toEqual([303, `${s.app}${PAGE}`])
    expect((await s.browser.fetch(`${s.app}/api/v1/users/self`)).status).toBe(200)
    expect((await signedIn.fetch(`${s.app}/api/v1/users/self`)).status).toBe(200)
  })

  it('keeps a few sign-ins of one browser at once (tabs), in a cookie that is signed and expires', async () => {
    const s = await setup()
    const states: string[] = []
    for (let i = 0; i < 4; i++)
      states.push(
        new URL(
          (await s.browser.fetch(`${s.app}/login?return_to=%2Fcourses%2F${i}`)).headers.get('location')!,
        ).searchParams.get('state')!,
      )
    const cookie = s.browser.cookie(s.app, 'md_login')!
    expect(cookie.length).toBeLessThan(3100)
    // The oldest of four gave way; a tampered cookie is worth nothing.
    expect((await s.browser.fetch(`${s.app}/oauth/callback?state=${states[0]}&error=access_denied`)).status).toBe(400)
    expect((await s.browser.fetch(`${s.app}/oauth/callback?state=${states[1]}&error=access_denied`)).status).toBe(403)
    s.browser.cookies(s.app).set(
      'md_login',
      cookie.replace(/^./, (c) => (c === 'W' ? 'X' : 'W')),
    )
    expect((await s.browser.fetch(`${s.app}/oauth/callback?state=${states[2]}&error=access_denied`)).status).toBe(400)
    s.browser.cookies(s.app).set('md_login', cookie)
    s.clock.offsetMs = 16 * 60_000
    expect((await s.browser.fetch(`${s.app}/oauth/callback?state=${states[3]}&error=access_denied`)).status).toBe(400)
  })
})

describe('OAuth mode: logout', () => {
  it('says so when Canvas cannot be reached to revoke the token', async () => {
    const s = await setup()
    await signIn(s)
    await fetch(`${live.url}/__sim/worlds/${s.world.id}/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ route: 'oauth_token_delete', kind: 'drop', count: 1 }),
    })
    const out = await s.browser.fetch(`${s.app}/logout`, { method: 'POST', headers: { 'X-CSRF-Token': csrf(s) } })
    expect(out.status).toBe(200)
    expect(JSON.parse(out.text_)).toEqual({
      signedIn: false,
      revoked: false,
      message: NOT_REVOKED_MESSAGE,
      login_url: '/login?return_to=%2F',
    })
    expect(NOT_REVOKED_MESSAGE).toMatch(/Canvas could not be reached to revoke .* Approved Integrations/)
    // Signed out here all the same.
    expect((await s.browser.fetch(`${s.app}/api/v1/users/self`)).status).toBe(401)
    expect(s.world.oauth.grants()).toHaveLength(1)
  })

  it('needs the CSRF token, revokes the token at Canvas, ends the session and clears the cookies', async () => {
    const s = await setup()
    await signIn(s)
    const grant = s.world.oauth.grants()[0]!
    const refused = await s.browser.fetch(`${s.app}/logout`, { method: 'POST' })
    expect(refused.status).toBe(403)
    expect((await s.browser.fetch(`${s.app}/api/v1/users/self`)).status).toBe(200)
    expect((await s.browser.fetch(`${s.app}/logout`)).status).toBe(405)

    const out = await s.browser.fetch(`${s.app}/logout`, { method: 'POST', headers: { 'X-CSRF-Token': csrf(s) } })
    expect(out.status).toBe(200)
    expect(JSON.parse(out.text_)).toEqual({ signedIn: false, revoked: true, login_url: '/login?return_to=%2F' })
    expect(cookieAttributes(out.headers.getSetCookie(), 'md_sid')).toContain('Max-Age=0')
    expect(cookieAttributes(out.headers.getSetCookie(), 'md_csrf')).toContain('Max-Age=0')
    expect(s.browser.cookie(s.app, 'md_sid')).toBeUndefined()
    expect(s.world.oauth.grants()).toEqual([])
    const direct = await fetch(`${live.url}/api/v1/users/self`, {
      headers: { Authorization: `Bearer ${grant.accessToken}` },
    })
    expect(direct.status).toBe(401)
    expect(simLog(s.world).at(-1)).toBe('oauth_token_delete 200')
    expect((await s.browser.fetch(`${s.app}/api/v1/users/self`)).status).toBe(401)
  })

  it('refreshes an expired token to revoke it, and is harmless without a session', async () => {
    const s = await setup()
    await signIn(s)
    await fetch(`${live.url}/__sim/worlds/${s.world.id}/oauth/expire`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    })
    const out = await s.browser.fetch(`${s.app}/logout`, { method: 'POST', headers: { 'X-CSRF-Token': csrf(s) } })
    expect(JSON.parse(out.text_)).toMatchObject({ revoked: true })
    expect(s.world.oauth.grants()).toEqual([])
    const again = await s.browser.fetch(`${s.app}/logout`, { method: 'POST' })
    expect(again.status).toBe(200)
  })
})

describe('OAuth mode: secrets', () => {
  it('no token, refresh token or client secret reaches the browser; none of them, nor the code or state, reaches the log', async () => {
    const s = await setup()
    const { callbackUrl } = await signIn(s)
    const code = new URL(callbackUrl).searchParams.get('code')!
    const state = new URL(callbackUrl).searchParams.get('state')!
    await s.browser.fetch(`${s.app}/api/v1/users/self`)
    await fetch(`${live.url}/__sim/worlds/${s.world.id}/oauth/expire`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    })
    await s.browser.fetch(`${s.app}${A501}/gradeable_students?per_page=3`)
    await s.browser.fetch(`${s.app}/session`)
    await s.browser.fetch(`${s.app}${A501}/provisional_grades/publish`, {
      method: 'POST',
      headers: { 'X-CSRF-Token': csrf(s) },
    })
    await s.browser.fetch(`${s.app}/logout`, { method: 'POST', headers: { 'X-CSRF-Token': csrf(s) } })

    expect(s.issued.size).toBeGreaterThanOrEqual(4) // secret, access token, refresh token, refreshed access token
    const fromApp = s.browser.received(s.app)
    const logText = JSON.stringify(s.logs)
    for (const secret of s.issued) expect(fromApp).not.toContain(secret)
    // The code and state pass through the browser's address bar by design (OAuth), but are never logged.
    for (const secret of [...s.issued, code, state]) expect(logText).not.toContain(secret)
    expect(s.logs.map((l) => l.route)).toContain('/oauth/callback')
  })
})
