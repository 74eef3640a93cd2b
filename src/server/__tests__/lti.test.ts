// @vitest-environment node
/**
 * LTI 1.3 launches end to end over real HTTP: the Canvas simulator (createSimServer, with its LTI platform side) as
 * the live Canvas on one loopback port, the app server in LTI mode on another, and a cookie-jar "browser".
 */
import { generateKeyPairSync } from 'node:crypto'
import { calculateJwkThumbprint, createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import type { World } from '../../mocks/sim/world'
import { createAppServer } from '../app-server'
import type { ProxyLog } from '../canvas-proxy'
import { ConfigError, readConfig, type OAuthConfig } from '../config'
import { SESSION_ENV, sharedPglite } from './db-helpers'
import { Browser, cookieAttributes, freePort, listen, simulatedCanvas } from './http-helpers'
import { formPost, launch, launchPage, parseForm, postLaunch, resign, toLaunchForm, toolKeyPem } from './lti-helpers'

const live = simulatedCanvas()
const { sim, apps } = live
const db = sharedPglite()
const TOOL_KEY = toolKeyPem()
const CLAIM = 'https://purl.imsglobal.org/spec/lti/claim/'

const issuerOf = (world: World) => `https://canvas-${world.id}.example.edu`

type Setup = { app: string; world: World; browser: Browser; logs: ProxyLog[]; clock: { offsetMs: number } }

function ltiEnv(world: World, app: string, port: number, extra: Record<string, string> = {}) {
  return {
    CANVAS_URL: live.url,
    CANVAS_CLIENT_ID: world.oauth.key.clientId,
    CANVAS_CLIENT_SECRET: world.oauth.key.clientSecret,
    PUBLIC_URL: app,
    PORT: String(port),
    LTI_CLIENT_ID: world.lti.key.clientId,
    LTI_DEPLOYMENT_IDS: world.lti.key.deploymentId,
    LTI_PRIVATE_KEY: TOOL_KEY,
    // Each world its own platform: the tests share one database, where users' tokens are kept by issuer and user.
    LTI_ISSUER: issuerOf(world),
    ...SESSION_ENV,
    ...extra,
  }
}

/** A world, the tool in front of it, and the world's LTI key configured from the tool's own /lti/config.json. */
async function setup(publicUrl?: string): Promise<Setup> {
  const world = sim.host.createWorld({ scenario: 'demo' })
  const port = await freePort()
  const app = `http://127.0.0.1:${port}`
  const config = readConfig(ltiEnv(world, publicUrl ?? app, port)) as OAuthConfig
  expect(config.lti).not.toBeNull()
  const logs: ProxyLog[] = []
  const clock = { offsetMs: 0 }
  const server = createAppServer(config, {
    distDir: '/nonexistent',
    log: (e) => logs.push(e),
    now: () => Date.now() + clock.offsetMs,
    database: db.db,
    sessions: { sweepEveryMs: 0 },
  })
  apps.push(server)
  await listen(server, port)
  const tool = await fetch(`${app}/lti/config.json`, publicUrl ? { headers: { Host: new URL(publicUrl).host } } : {})
  const put = await fetch(`${live.url}/__sim/worlds/${world.id}/lti`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ config: await tool.json(), issuer: issuerOf(world) }),
  })
  expect(put.status).toBe(200)
  return { app, world, browser: new Browser(), logs, clock }
}

/** Canvas's OAuth2 sign-in page → "Sign in as <who>" → the tool's callback. */
async function oauthOnce(s: Setup, loginLocation: string, who = 'Dr. Maya Chen') {
  const login = await s.browser.fetch(new URL(loginLocation, s.app).toString())
  expect(login.status).toBe(302)
  const authorize = await s.browser.fetch(login.headers.get('location')!)
  const link = new RegExp(`href="([^"]+)">Sign in as ${who.replace(/\./g, '\\.')}</a>`).exec(authorize.text_)
  const approved = await s.browser.fetch(new URL(link![1]!.replaceAll('&amp;', '&'), live.url).toString())
  return s.browser.fetch(approved.headers.get('location')!)
}

const session = async (s: Setup, browser = s.browser) =>
  JSON.parse((await browser.fetch(`${s.app}/session`)).text_) as { signedIn: boolean; user?: { id: number } }

/** The platform's key and kid (the simulator made them when the world's LTI key was set). */
const platform = async (world: World) => (await world.lti.keys)!

describe('LTI 1.3 launch: signing in from Canvas', () => {
  it('a course navigation launch sends the user through the OAuth2 sign-in once, then to the course; later launches go straight in', async () => {
    const s = await setup()
    const first = await launch(s.browser, live.url, s.world)
    expect(first.status).toBe(303)
    const course = `${s.app}/?course=101`
    expect(first.headers.get('location')).toBe(`${s.app}/login?return_to=${encodeURIComponent('/?course=101')}`)
    const callback = await oauthOnce(s, first.headers.get('location')!)
    expect(callback.status).toBe(303)
    expect(callback.headers.get('location')).toBe(course)
    expect(await session(s)).toMatchObject({ signedIn: true, user: { id: 1 } })

    // Again in the same browser: the session goes on.
    const again = await launch(s.browser, live.url, s.world)
    expect(again.status).toBe(303)
    expect(again.headers.get('location')).toBe(course)

    // In another browser (another computer, or the session ended): signed in from the kept tokens, no OAuth2.
    const other = new Browser()
    const oauthCalls = s.world.requestLog.filter((e) => e.route.startsWith('oauth')).length
    const direct = await launch(other, live.url, s.world)
    expect(direct.status).toBe(303)
    expect(direct.headers.get('location')).toBe(course)
    expect(await session(s, other)).toMatchObject({ signedIn: true, user: { id: 1 } })
    const me = await other.fetch(`${s.app}/api/v1/users/self`)
    expect(me.status).toBe(200)
    expect(JSON.parse(me.text_)).toMatchObject({ id: 1, name: 'Dr. Maya Chen' })
    expect(s.world.requestLog.filter((e) => e.route.startsWith('oauth')).length).toBe(oauthCalls)
    expect(s.logs.map((l) => `${l.route} ${l.status}`)).toContain('/lti/launch 303')

    // Kept encrypted: no token Canvas issued is readable in the table.
    const rows = await db.db.query<{ tokens: Uint8Array }>('SELECT tokens FROM md_user_tokens WHERE user_id = 1')
    expect(rows.length).toBeGreaterThan(0)
    for (const g of s.world.oauth.grants())
      for (const row of rows) {
        expect(Buffer.from(row.tokens).includes(g.accessToken)).toBe(false)
        expect(Buffer.from(row.tokens).includes(g.refreshToken)).toBe(false)
      }
  })

  it('a renewal in one session renews the kept tokens: the next launch does not renew them again', async () => {
    const s = await setup()
    // Access tokens of 10 s (a renewal is due 2 s before expiry), so that the clocks move by seconds, which the
    // launches' id_tokens allow.
    s.world.settings.tokenTtlSeconds = 10
    const first = await launch(s.browser, live.url, s.world)
    await oauthOnce(s, first.headers.get('location')!)
    const tokenCalls = () => s.world.requestLog.filter((e) => e.route === 'oauth_token').map((e) => e.status)
    const signInCalls = tokenCalls().length

    // 9 s later the access token is due: the first request renews it (once).
    s.clock.offsetMs = 9_000
    expect((await s.browser.fetch(`${s.app}/api/v1/users/self`)).status).toBe(200)
    expect(tokenCalls().slice(signInCalls)).toEqual([200])

    // Past the time a renewal's answer is shared (RECENT_REFRESH_MS): a launch in another browser starts from the
    // kept tokens, which the renewal replaced: they are fresh, so Canvas is not asked again.
    s.clock.offsetMs += 6_000
    const other = new Browser()
    const direct = await launch(other, live.url, s.world)
    expect(direct.status).toBe(303)
    expect((await other.fetch(`${s.app}/api/v1/users/self`)).status).toBe(200)
    expect(tokenCalls().slice(signInCalls)).toEqual([200])
  })

  it("an assignment menu launch opens that assignment's moderation page", async () => {
    const s = await setup()
    const first = await launch(s.browser, live.url, s.world, { placement: 'assignment_menu', assignmentId: 501 })
    const page = '/courses/101/assignments/501/moderate'
    expect(first.headers.get('location')).toBe(`${s.app}/login?return_to=${encodeURIComponent(page)}`)
    expect((await oauthOnce(s, first.headers.get('location')!)).headers.get('location')).toBe(`${s.app}${page}`)
    const second = await launch(new Browser(), live.url, s.world, { placement: 'assignment_menu', assignmentId: 501 })
    expect(second.status).toBe(303)
    expect(second.headers.get('location')).toBe(`${s.app}${page}`)
  })

  it("an assignment menu launch without the assignment's id (Canvas left $Canvas.assignment.id unexpanded) says so and offers the course", async () => {
    const s = await setup()
    const { form } = await toLaunchForm(s.browser, live.url, s.world, {
      placement: 'assignment_menu',
      menuAssignmentId: 501,
    })
    expect((decodeJwt(form.fields.id_token!)[`${CLAIM}custom`] as Record<string, string>).canvas_assignment_id).toBe(
      '$Canvas.assignment.id',
    )
    const res = await postLaunch(s.browser, live.url, form)
    expect(res.status).toBe(200)
    expect(res.text_).toContain('Canvas did not tell Moderation Desk which assignment you opened it from')
    expect(res.text_).toContain(`href="/login?return_to=${encodeURIComponent('/?course=101')}"`)
  })

  it('a student is told Moderation Desk is for teachers', async () => {
    const s = await setup()
    const student = s.world.cast.find((m) => m.role === 'student')!
    const res = await launch(s.browser, live.url, s.world, { userId: student.id })
    expect(res.status).toBe(403)
    expect(res.text_).toContain('for teachers, TAs and administrators')
  })

  it('the login request redirects to Canvas with the OIDC parameters and a state bound to this browser', async () => {
    const s = await setup()
    const login = await launchPage(s.browser, live.url, s.world)
    expect(login.action).toBe(`${s.app}/lti/login`)
    expect(login.fields).toMatchObject({
      iss: issuerOf(s.world),
      client_id: s.world.lti.key.clientId,
      lti_deployment_id: s.world.lti.key.deploymentId,
      lti_storage_target: 'post_message_forwarding',
    })
    const res = await s.browser.fetch(login.action, { ...formPost(login.fields), origin: live.url })
    expect(res.status).toBe(302)
    const to = new URL(res.headers.get('location')!)
    expect(`${to.origin}${to.pathname}`).toBe(`${live.url}/api/lti/authorize_redirect`)
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      scope: 'openid',
      response_type: 'id_token',
      response_mode: 'form_post',
      prompt: 'none',
      client_id: s.world.lti.key.clientId,
      redirect_uri: `${s.app}/lti/launch`,
      login_hint: login.fields.login_hint,
      lti_message_hint: login.fields.lti_message_hint,
    })
    expect(to.searchParams.get('state')!.length).toBeGreaterThanOrEqual(32)
    expect(to.searchParams.get('nonce')!.length).toBeGreaterThanOrEqual(32)
    expect(cookieAttributes(res.headers.getSetCookie(), 'md_lti')).toEqual(
      expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Lax']),
    )
    // GET works too (IMS allows both; some Canvas launches use it).
    const get = await new Browser().fetch(`${login.action}?${new URLSearchParams(login.fields).toString()}`)
    expect(get.status).toBe(302)
  })

  it.each([
    ['another issuer', { iss: 'https://canvas.example.edu' }, 401, 'another platform'],
    ['another client id', { client_id: '1' }, 401, 'made for another tool'],
    ['an unknown deployment', { lti_deployment_id: '9:abc', deployment_id: '9:abc' }, 401, 'deployment'],
    ['a target on another site', { target_link_uri: 'https://evil.example/lti/launch' }, 400, 'another site'],
  ])('the login request is refused from %s', async (_name, change, status, text) => {
    const s = await setup()
    const login = await launchPage(s.browser, live.url, s.world)
    const res = await s.browser.fetch(login.action, { ...formPost({ ...login.fields, ...change }), origin: live.url })
    expect(res.status).toBe(status)
    expect(res.text_).toContain(text)
  })
})

describe('LTI 1.3 launch: refusals', () => {
  /** A launch whose id_token is replaced by `forge(genuine token)` before it is posted. */
  async function forged(s: Setup, forge: (idToken: string) => Promise<string>) {
    const { form } = await toLaunchForm(s.browser, live.url, s.world)
    return postLaunch(s.browser, live.url, {
      ...form,
      fields: { ...form.fields, id_token: await forge(form.fields.id_token!) },
    })
  }
  const logged = (s: Setup) =>
    s.logs.filter((l) => l.route.startsWith('/lti/launch')).map((l) => `${l.route} ${l.status}`)

  it('refuses an id_token signed by another key (with Canvas’s kid, or another)', async () => {
    const s = await setup()
    const { privateKey: other } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const kid = (await platform(s.world)).publicJwk.kid
    const sameKid = await forged(s, (t) => resign(t, other, kid))
    expect(sameKid.status).toBe(401)
    expect(sameKid.text_).toContain('was not signed by Canvas')
    const otherKid = await forged(s, (t) => resign(t, other, 'someone-else'))
    expect(otherKid.status).toBe(401)
    // An altered payload under Canvas's genuine signature.
    const altered = await forged(s, async (t) => {
      const [h, , sig] = t.split('.')
      const claims = { ...decodeJwt(t), [`${CLAIM}custom`]: { canvas_course_id: '999', canvas_user_id: '1' } }
      return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}`
    })
    expect(altered.status).toBe(401)
    expect(logged(s)).toEqual([
      expect.stringMatching(/^\/lti\/launch \(bad-signature: .*\) 401$/),
      expect.stringMatching(/^\/lti\/launch \(bad-signature: .*\) 401$/),
      expect.stringMatching(/^\/lti\/launch \(bad-signature: .*\) 401$/),
    ])
  })

  it('refuses an id_token for another audience (aud, an extra audience, azp)', async () => {
    const s = await setup()
    const { privateKey, publicJwk } = await platform(s.world)
    for (const change of [{ aud: '1234' }, { aud: [s.world.lti.key.clientId, '1234'] }, { azp: '1234' }]) {
      const res = await forged(s, (t) => resign(t, privateKey, publicJwk.kid, (c) => ({ ...c, ...change })))
      expect(res.status).toBe(401)
      expect(res.text_).toContain('made for another tool')
    }
    expect(logged(s).every((l) => l.startsWith('/lti/launch (wrong-audience'))).toBe(true)
  })

  it('refuses a replayed nonce: the same id_token posted twice', async () => {
    const s = await setup()
    const { form } = await toLaunchForm(s.browser, live.url, s.world)
    expect((await postLaunch(s.browser, live.url, form)).status).toBe(303)
    const replay = await postLaunch(s.browser, live.url, form)
    expect(replay.status).toBe(401)
    expect(replay.text_).toContain('already been used')
    // …in another browser too.
    const elsewhere = await postLaunch(new Browser(), live.url, form)
    expect(elsewhere.status).toBe(401)
    expect(logged(s).slice(1)).toEqual(['/lti/launch (replayed) 401', '/lti/launch (replayed) 401'])
  })

  it('refuses an expired id_token', async () => {
    const s = await setup()
    const { privateKey, publicJwk } = await platform(s.world)
    const t0 = Math.floor(Date.now() / 1000) - 7200
    const res = await forged(s, (t) => resign(t, privateKey, publicJwk.kid, (c) => ({ ...c, iat: t0, exp: t0 + 3600 })))
    expect(res.status).toBe(401)
    expect(res.text_).toContain('expired')
    // The server's clock past the token's hour (and the minute's leeway) does the same to a genuine one.
    const { form } = await toLaunchForm(s.browser, live.url, s.world)
    s.clock.offsetMs = 3662_000
    expect((await postLaunch(s.browser, live.url, form)).status).toBe(401)
    expect(logged(s)).toEqual(['/lti/launch (expired) 401', '/lti/launch (expired) 401'])
  })

  it('refuses a launch from an unknown deployment', async () => {
    const s = await setup()
    const { privateKey, publicJwk } = await platform(s.world)
    const res = await forged(s, (t) =>
      resign(t, privateKey, publicJwk.kid, (c) => ({ ...c, [`${CLAIM}deployment_id`]: '77:elsewhere' })),
    )
    expect(res.status).toBe(401)
    expect(res.text_).toContain('LTI_DEPLOYMENT_IDS')
    expect(logged(s)).toEqual(['/lti/launch (unknown-deployment) 401'])
  })

  it('refuses another message type, and another LTI version', async () => {
    const s = await setup()
    const { privateKey, publicJwk } = await platform(s.world)
    const deepLinking = await forged(s, (t) =>
      resign(t, privateKey, publicJwk.kid, (c) => ({ ...c, [`${CLAIM}message_type`]: 'LtiDeepLinkingRequest' })),
    )
    expect(deepLinking.status).toBe(400)
    expect(deepLinking.text_).toContain('LtiResourceLinkRequest')
    const version = await forged(s, (t) =>
      resign(t, privateKey, publicJwk.kid, (c) => ({ ...c, [`${CLAIM}version`]: '1.1' })),
    )
    expect(version.status).toBe(400)
    expect(logged(s)).toEqual(['/lti/launch (wrong-message-type) 400', '/lti/launch (wrong-version) 400'])
  })

  it('refuses a nonce this server never issued, a state that is not the nonce’s, and Canvas’s posted errors', async () => {
    const s = await setup()
    const { privateKey, publicJwk } = await platform(s.world)
    const unknown = await forged(s, (t) => resign(t, privateKey, publicJwk.kid, (c) => ({ ...c, nonce: 'made-up' })))
    expect(unknown.status).toBe(401)
    const { form } = await toLaunchForm(s.browser, live.url, s.world)
    const wrongState = await postLaunch(s.browser, live.url, { ...form, fields: { ...form.fields, state: 'x' } })
    expect(wrongState.status).toBe(401)
    expect(wrongState.text_).toContain('did not start in this browser')
    const canvasError = await postLaunch(s.browser, live.url, {
      action: form.action,
      fields: { error: 'login_required', error_description: 'Must have an active user session', state: 'x' },
    })
    expect(canvasError.status).toBe(400)
    expect(canvasError.text_).toContain('Sign in to Canvas in this browser')
    expect(logged(s)).toEqual([
      '/lti/launch (unknown-nonce) 401',
      '/lti/launch (state-mismatch) 401',
      '/lti/launch (canvas error login_required) 400',
    ])
  })
})

describe('LTI 1.3: cookies kept back, keys, configuration', () => {
  it('a browser that keeps the state cookie back (Safari in a frame) gets a one-time link that signs a new tab in', async () => {
    const s = await setup()
    // The user's tokens are kept from an earlier launch.
    const first = await launch(s.browser, live.url, s.world)
    await oauthOnce(s, first.headers.get('location')!)

    const safari = new Browser()
    const { form } = await toLaunchForm(safari, live.url, s.world, { placement: 'assignment_menu', assignmentId: 501 })
    safari.jar.delete(s.app)
    const res = await postLaunch(safari, live.url, form)
    expect(res.status).toBe(200)
    expect(res.text_).toContain('Open Moderation Desk in a new tab')
    const href = /href="(\/lti\/open\?t=[^"]+)" target="_blank"/.exec(res.text_)![1]!
    const tab = new Browser()
    const opened = await tab.fetch(`${s.app}${href}`)
    expect(opened.status).toBe(303)
    expect(opened.headers.get('location')).toBe(`${s.app}/courses/101/assignments/501/moderate`)
    expect(await session(s, tab)).toMatchObject({ signedIn: true, user: { id: 1 } })
    // Once only.
    const again = await new Browser().fetch(`${s.app}${href}`)
    expect(again.status).toBe(400)
  })

  it('serves its public key at /lti/jwks (kid: the RFC 7638 thumbprint) and the developer key JSON at /lti/config.json', async () => {
    const s = await setup()
    const jwks = (await (await fetch(`${s.app}/lti/jwks`)).json()) as { keys: Record<string, string>[] }
    expect(jwks.keys).toHaveLength(1)
    const key = jwks.keys[0]!
    expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' })
    expect(key.d).toBeUndefined()
    expect(key.kid).toBe(await calculateJwkThumbprint({ kty: 'RSA', n: key.n!, e: key.e! }))
    type Placement = { placement: string; message_type: string }
    const config = (await (await fetch(`${s.app}/lti/config.json`)).json()) as {
      extensions: { settings: { placements: Placement[] } }[]
    }
    expect(config).toMatchObject({
      title: 'Moderation Desk',
      oidc_initiation_url: `${s.app}/lti/login`,
      target_link_uri: `${s.app}/lti/launch`,
      public_jwk_url: `${s.app}/lti/jwks`,
      scopes: [],
      custom_fields: {
        canvas_course_id: '$Canvas.course.id',
        canvas_assignment_id: '$Canvas.assignment.id',
        canvas_user_id: '$Canvas.user.id',
      },
    })
    expect(config.extensions[0]).toMatchObject({ platform: 'canvas.instructure.com', privacy_level: 'public' })
    expect(config.extensions[0]!.settings.placements.map((p) => p.placement)).toEqual([
      'course_navigation',
      'assignment_menu',
    ])
    for (const p of config.extensions[0]!.settings.placements) expect(p.message_type).toBe('LtiResourceLinkRequest')
    // The simulator's id_tokens verify against its own key set, as the tool checks them.
    const { form } = await toLaunchForm(s.browser, live.url, s.world)
    const { payload } = await jwtVerify(
      form.fields.id_token!,
      createRemoteJWKSet(new URL(`${live.url}/api/lti/security/jwks`)),
    )
    expect(payload.aud).toBe(s.world.lti.key.clientId)
  })

  it('over https: frameable by Canvas only, and its cookies SameSite=None; Secure; Partitioned', async () => {
    const s = await setup('https://desk.example.edu')
    const res = await fetch(`${s.app}/lti/jwks`, { headers: { Host: 'desk.example.edu' } })
    expect(res.headers.get('content-security-policy')).toContain(`frame-ancestors ${live.url}`)
    expect(res.headers.get('x-frame-options')).toBeNull()
    const login = await launchPage(s.browser, live.url, s.world)
    const started = await fetch(`${s.app}/lti/login`, {
      ...formPost(login.fields),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Host: 'desk.example.edu', Origin: live.url },
      redirect: 'manual',
    })
    expect(started.status).toBe(302)
    expect(cookieAttributes(started.headers.getSetCookie(), '__Host-md_lti')).toEqual(
      expect.arrayContaining(['SameSite=None', 'Secure', 'Partitioned', 'HttpOnly', 'Path=/']),
    )
  })

  it('refuses to start without its settings, and says which', () => {
    const world = sim.host.createWorld({ scenario: 'demo' })
    const env = ltiEnv(world, 'http://127.0.0.1:4173', 4173)
    const problems = (extra: Record<string, string>) => {
      try {
        readConfig({ ...env, ...extra })
        return ''
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError)
        return (err as Error).message
      }
    }
    expect(problems({ LTI_DEPLOYMENT_IDS: '' })).toMatch(/LTI_DEPLOYMENT_IDS is missing/)
    expect(problems({ LTI_PRIVATE_KEY: '' })).toMatch(/LTI_PRIVATE_KEY is missing/)
    expect(problems({ LTI_PRIVATE_KEY: 'not a key' })).toMatch(/LTI_PRIVATE_KEY is not a private key/)
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' })
    expect(problems({ LTI_PRIVATE_KEY: ec.toString() })).toMatch(/must be an RSA key of 2048 bits or more/)
    expect(problems({ LTI_CLIENT_ID: 'abc' })).toMatch(/LTI_CLIENT_ID must be the LTI developer key's Client ID/)
    expect(problems({ LTI_CLIENT_ID: '', LTI_ISSUER: 'https://canvas.example.edu' })).toMatch(
      /LTI_ISSUER is set but LTI_CLIENT_ID is not/,
    )
    expect(problems({ CANVAS_CLIENT_ID: '', CANVAS_CLIENT_SECRET: '', PUBLIC_URL: '', CANVAS_TOKEN: 'x' })).toMatch(
      /LTI_CLIENT_ID is set, but LTI launches need the OAuth2 sign-in as well/,
    )
    expect(problems({ LTI_PLATFORM_JWKS_URL: 'http://canvas.example.edu/jwks' })).toMatch(/must use https/)
    // A JWK works as well as PEM, and the defaults come from CANVAS_URL.
    const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' })
    const config = readConfig({ ...env, LTI_PRIVATE_KEY: JSON.stringify(jwk) }) as OAuthConfig
    expect(config.lti).toMatchObject({
      issuer: issuerOf(world),
      jwksUrl: `${live.url}/api/lti/security/jwks`,
      authUrl: `${live.url}/api/lti/authorize_redirect`,
      deploymentIds: [world.lti.key.deploymentId],
    })
  })
})

// The simulator's form is what parseForm reads; a page without one is an error worth seeing.
it('parseForm finds the action and the hidden fields', () => {
  expect(
    parseForm(
      '<form action="https://t/x?a=1&amp;b=2" method="POST"><input type="hidden" name="k" value="&quot;v&quot;">',
    ),
  ).toEqual({ action: 'https://t/x?a=1&b=2', method: 'POST', fields: { k: '"v"' } })
})
