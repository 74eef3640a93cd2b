// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { setupSimulator, type SimWorldHandle } from '../../testing/simulator'

const sim = setupSimulator()
const O = sim.origin
const REDIRECT = 'https://desk.example.edu/oauth/callback'

function authUrl(w: SimWorldHandle, extra: Record<string, string> = {}) {
  const q = new URLSearchParams({
    client_id: w.world.oauth.key.clientId,
    response_type: 'code',
    redirect_uri: REDIRECT,
    state: 'st-123',
    ...extra,
  })
  return `${O}/login/oauth2/auth?${q}`
}

async function approve(w: SimWorldHandle, userId = 1, redirectUri = REDIRECT): Promise<string> {
  const res = await fetch(authUrl(w, { sim_user_id: String(userId), redirect_uri: redirectUri }), {
    redirect: 'manual',
  })
  expect(res.status).toBe(302)
  return new URL(res.headers.get('location')!).searchParams.get('code')!
}

function tokenRequest(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${O}/login/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  })
}

function exchange(w: SimWorldHandle, code: string, overrides: Record<string, string> = {}) {
  const { clientId, clientSecret } = w.world.oauth.key
  return tokenRequest({
    grant_type: 'authorization_code',
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uri: REDIRECT,
    code,
    ...overrides,
  })
}

function refresh(w: SimWorldHandle, refreshToken: string) {
  const { clientId, clientSecret } = w.world.oauth.key
  return tokenRequest({
    grant_type: 'refresh_token',
    client_id: clientId,
    client_secret: clientSecret,
    refresh_token: refreshToken,
  })
}

const self = (token: string) => fetch(`${O}/api/v1/users/self`, { headers: { Authorization: `Bearer ${token}` } })
const control = (w: SimWorldHandle, method: string, path: string, body?: unknown) =>
  fetch(
    `${O}/__sim/worlds/${w.id}${path}`,
    body === undefined
      ? { method }
      : { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) },
  )

type TokenBody = {
  access_token: string
  refresh_token?: string
  token_type: string
  expires_in: number
  user: { id: number; name: string }
}

async function signIn(w: SimWorldHandle, userId = 1): Promise<TokenBody> {
  const res = await exchange(w, await approve(w, userId))
  expect(res.status).toBe(200)
  return (await res.json()) as TokenBody
}

describe('simulated Canvas OAuth2: developer key', () => {
  it('comes with each new world and from the control API', async () => {
    const created = await fetch(`${O}/__sim/worlds`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ scenario: 'demo' }),
    })
    const body = (await created.json()) as { worldId: string; oauth: { clientId: string; clientSecret: string } }
    expect(body.oauth.clientId).toMatch(/^\d{14}$/)
    expect(body.oauth.clientSecret).toMatch(/^[a-z0-9]{64}$/)
    const oauth = await (await fetch(`${O}/__sim/worlds/${body.worldId}/oauth`)).json()
    expect(oauth).toEqual({
      ...body.oauth,
      redirectUris: [],
      scopes: null,
      allowIncludes: false,
      tokenTtlSeconds: 3600,
      grants: [],
    })
    // Deterministic per world id and seed: a reset keeps the key.
    const reset = await (await fetch(`${O}/__sim/worlds/${body.worldId}/reset`, { method: 'POST' })).json()
    expect(reset.oauth).toEqual(body.oauth)
    await fetch(`${O}/__sim/worlds/${body.worldId}`, { method: 'DELETE' })
  })

  it('keeps client ids unique across worlds', () => {
    const a = sim.createWorld()
    const b = sim.createWorld()
    expect(a.world.oauth.key.clientId).not.toBe(b.world.oauth.key.clientId)
    expect(sim.host.findWorldByClientId(b.world.oauth.key.clientId)).toBe(b.world)
  })
})

describe('GET /login/oauth2/auth', () => {
  it('shows a sign-in page listing the staff with "Sign in as" links that keep the request', async () => {
    const w = sim.createWorld()
    const res = await fetch(authUrl(w))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const html = await res.text()
    for (const name of ['Dr. Maya Chen', 'Prof. Daniel Reyes', 'Priya Natarajan', 'Tomás Herrera', 'Alex Morgan'])
      expect(html).toContain(`>Sign in as ${name}</a>`)
    expect(html).not.toContain('Liam O') // students are not listed
    const href = /href="([^"]+)">Sign in as Dr\. Maya Chen</.exec(html)![1]!.replaceAll('&amp;', '&')
    const link = new URL(href, O)
    expect(link.pathname).toBe('/login/oauth2/auth')
    expect(Object.fromEntries(link.searchParams)).toEqual({
      client_id: w.world.oauth.key.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      state: 'st-123',
      sim_user_id: '1',
    })
    const followed = await fetch(new URL(href, O), { redirect: 'manual' })
    expect(followed.status).toBe(302)
    expect(html).toContain('>Cancel</a>')
  })

  it('approves with sim_user_id: 302 to redirect_uri with a code and the state, keeping its query', async () => {
    const w = sim.createWorld()
    const res = await fetch(authUrl(w, { sim_user_id: '3', redirect_uri: `${REDIRECT}?tenant=a` }), {
      redirect: 'manual',
    })
    expect(res.status).toBe(302)
    const location = new URL(res.headers.get('location')!)
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT)
    expect(location.searchParams.get('tenant')).toBe('a')
    expect(location.searchParams.get('state')).toBe('st-123')
    expect(location.searchParams.get('code')).toMatch(/^[A-Za-z0-9]{40}$/)
  })

  it('answers Cancel (sim_deny) and a wrong response_type with an error redirect', async () => {
    const w = sim.createWorld()
    const denied = await fetch(authUrl(w, { sim_deny: '1' }), { redirect: 'manual' })
    expect(Object.fromEntries(new URL(denied.headers.get('location')!).searchParams)).toEqual({
      error: 'access_denied',
      state: 'st-123',
    })
    const token = await fetch(authUrl(w, { response_type: 'token' }), { redirect: 'manual' })
    expect(new URL(token.headers.get('location')!).searchParams.get('error')).toBe('unsupported_response_type')
  })

  it('refuses an unknown client (401) and a redirect_uri the key does not allow (400) without redirecting', async () => {
    const w = sim.createWorld()
    const unknown = await fetch(authUrl(w, { client_id: '42' }), { redirect: 'manual' })
    expect(unknown.status).toBe(401)
    expect(await unknown.json()).toEqual({ error: 'invalid_client', error_description: 'unknown client' })
    expect((await fetch(authUrl(w, { redirect_uri: 'javascript:alert(1)' }), { redirect: 'manual' })).status).toBe(400)
    await control(w, 'PUT', '/oauth', { redirectUris: [REDIRECT] })
    const other = await fetch(authUrl(w, { redirect_uri: 'https://evil.example/cb' }), { redirect: 'manual' })
    expect(other.status).toBe(400)
    expect(await other.json()).toEqual({
      error: 'invalid_request',
      error_description: 'redirect_uri does not match client settings',
    })
    expect((await fetch(authUrl(w, { sim_user_id: '1' }), { redirect: 'manual' })).status).toBe(302)
  })

  it('shows the page with a notice for a user who is not in the world', async () => {
    const w = sim.createWorld()
    const res = await fetch(authUrl(w, { sim_user_id: '999' }), { redirect: 'manual' })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('No user 999 in this world')
  })
})

describe('POST /login/oauth2/token', () => {
  it('exchanges a code for Canvas’s token body; the access token acts as the user on /api/v1', async () => {
    const w = sim.createWorld()
    const res = await exchange(w, await approve(w, 1))
    expect(res.status).toBe(200)
    const body = (await res.json()) as TokenBody
    expect(body).toEqual({
      access_token: expect.stringMatching(new RegExp(`^${w.id}~[A-Za-z0-9]{64}$`)),
      token_type: 'Bearer',
      user: { id: 1, name: 'Dr. Maya Chen', global_id: '10000000000001', effective_locale: 'en' },
      refresh_token: expect.stringMatching(/~/),
      expires_in: 3600,
    })
    const me = await self(body.access_token)
    expect(me.status).toBe(200)
    expect(await me.json()).toMatchObject({ id: 1, name: 'Dr. Maya Chen' })
    // Same world and rules as the seeded tokens: the final grader sees 501's roster.
    const rows = await fetch(`${O}/api/v1/courses/101/assignments/501/gradeable_students?per_page=5`, {
      headers: { Authorization: `Bearer ${body.access_token}` },
    })
    expect(rows.status).toBe(200)
  })

  it('takes client credentials with HTTP Basic too', async () => {
    const w = sim.createWorld()
    const { clientId, clientSecret } = w.world.oauth.key
    const code = await approve(w)
    const res = await tokenRequest(
      { grant_type: 'authorization_code', redirect_uri: REDIRECT, code },
      { Authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}` },
    )
    expect(res.status).toBe(200)
  })

  it('uses a code once; a replay is refused and revokes the tokens from the first exchange', async () => {
    const w = sim.createWorld()
    const code = await approve(w)
    const first = (await (await exchange(w, code)).json()) as TokenBody
    const again = await exchange(w, code)
    expect(again.status).toBe(400)
    expect(await again.json()).toEqual({ error: 'invalid_grant', error_description: 'authorization_code not found' })
    expect((await self(first.access_token)).status).toBe(401)
    expect((await refresh(w, first.refresh_token!)).status).toBe(400)
  })

  it('refuses an expired code, a wrong secret, a different redirect_uri and unknown grant types', async () => {
    const w = sim.createWorld()
    const code = await approve(w)
    const realNow = w.world.oauth.now
    w.world.oauth.now = () => realNow() + 10 * 60_000 + 1
    expect(await (await exchange(w, code)).json()).toEqual({
      error: 'invalid_grant',
      error_description: 'authorization_code not found',
    })
    w.world.oauth.now = realNow

    const secret = await exchange(w, await approve(w), { client_secret: 'nope' })
    expect(secret.status).toBe(401)
    expect(secret.headers.get('www-authenticate')).toBe('Canvas OAuth 2.0')
    expect(await secret.json()).toEqual({ error: 'invalid_client', error_description: 'invalid client' })

    const redirect = await exchange(w, await approve(w), { redirect_uri: 'https://desk.example.edu/other' })
    expect(redirect.status).toBe(400)
    expect(await redirect.json()).toMatchObject({ error: 'invalid_request' })

    const unknownClient = await exchange(w, await approve(w), { client_id: '1' })
    expect(unknownClient.status).toBe(401)

    const grant = await exchange(w, await approve(w), { grant_type: 'password' })
    expect(await grant.json()).toMatchObject({ error: 'unsupported_grant_type' })
    const noCode = await exchange(w, '')
    expect(await noCode.json()).toMatchObject({ error: 'invalid_request' })
  })

  it('expires access tokens (ttl setting, or now by control call) with Canvas’s 401; refresh gives a new one', async () => {
    const w = sim.createWorld()
    // Five tokens in a row: more than Canvas's throttle lets one caller have (see "throttles the token endpoint").
    expect((await control(w, 'PUT', '/config', { tokenTtlSeconds: 120, rateLimit: false })).status).toBe(200)
    const tokens = await signIn(w, 1)
    expect(tokens.expires_in).toBe(120)
    const priya = await signIn(w, 3)

    expect(await (await control(w, 'POST', '/oauth/expire', { userId: 1 })).json()).toEqual({ expired: 1 })
    const expired = await self(tokens.access_token)
    expect(expired.status).toBe(401)
    expect(expired.headers.get('www-authenticate')).toBe('Bearer realm="canvas-lms"')
    expect(await expired.json()).toEqual({ errors: [{ message: 'Invalid access token.' }] })
    expect((await self(priya.access_token)).status).toBe(200) // other users unaffected

    const oauth = await (await control(w, 'GET', '/oauth')).json()
    expect(oauth.grants).toEqual([
      expect.objectContaining({ userId: 1, accessTokenExpired: true }),
      expect.objectContaining({ userId: 3, accessTokenExpired: false }),
    ])
    expect(JSON.stringify(oauth)).not.toContain(tokens.refresh_token!)

    const res = await refresh(w, tokens.refresh_token!)
    expect(res.status).toBe(200)
    const fresh = (await res.json()) as TokenBody
    expect(fresh).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      user: expect.objectContaining({ id: 1 }),
      expires_in: 120,
    })
    expect(fresh.access_token).not.toBe(tokens.access_token)
    expect((await self(fresh.access_token)).status).toBe(200)
    expect((await self(tokens.access_token)).status).toBe(401)

    // Refreshing again replaces the access token again; the refresh token stays the same.
    const second = (await (await refresh(w, tokens.refresh_token!)).json()) as TokenBody
    expect((await self(fresh.access_token)).status).toBe(401)
    expect((await self(second.access_token)).status).toBe(200)

    const bogus = await refresh(w, 'nope')
    expect(bogus.status).toBe(400)
    expect(await bogus.json()).toEqual({ error: 'invalid_request', error_description: 'refresh_token not found' })
  })

  it('revokes a user’s grants by control call (refresh fails, as after removing the integration in Canvas)', async () => {
    const w = sim.createWorld()
    const tokens = await signIn(w, 1)
    expect(await (await control(w, 'POST', '/oauth/revoke', { userId: 1 })).json()).toEqual({ revoked: 1 })
    expect((await self(tokens.access_token)).status).toBe(401)
    expect((await refresh(w, tokens.refresh_token!)).status).toBe(400)
    expect((await control(w, 'POST', '/oauth/revoke', { userId: 12345 })).status).toBe(400)
  })

  it('logs OAuth requests by path only and takes faults by route name', async () => {
    const w = sim.createWorld()
    const tokens = await signIn(w, 1)
    await control(w, 'POST', '/faults', { route: 'oauth_token', status: 503 })
    const failed = await refresh(w, tokens.refresh_token!)
    expect(failed.status).toBe(503)
    expect((await refresh(w, tokens.refresh_token!)).status).toBe(200)
    const log = (await (await control(w, 'GET', '/requests')).json()) as Array<{
      route: string
      path: string
      status: number
    }>
    expect(log.map((e) => [e.route, e.path, e.status])).toEqual([
      ['oauth_auth', '/login/oauth2/auth', 302],
      ['oauth_token', '/login/oauth2/token', 200],
      ['oauth_token', '/login/oauth2/token', 503],
      ['oauth_token', '/login/oauth2/token', 200],
    ])
  })
})

describe('DELETE /login/oauth2/token', () => {
  it('revokes the access token and its refresh token', async () => {
    const w = sim.createWorld()
    const tokens = await signIn(w, 1)
    const res = await fetch(`${O}/login/oauth2/token`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${tokens.access_token}` },
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({})
    expect((await self(tokens.access_token)).status).toBe(401)
    expect((await refresh(w, tokens.refresh_token!)).status).toBe(400)
  })

  it('refuses without an OAuth token (400), with a dead token (401), and keeps seeded tokens', async () => {
    const w = sim.createWorld()
    expect((await fetch(`${O}/login/oauth2/token`, { method: 'DELETE' })).status).toBe(400)
    expect(
      (await fetch(`${O}/login/oauth2/token`, { method: 'DELETE', headers: { Authorization: 'Bearer nope' } })).status,
    ).toBe(401)
    const seeded = await fetch(`${O}/login/oauth2/token`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${w.token('final_grader')}` },
    })
    expect(seeded.status).toBe(400)
    expect((await w.fetch('final_grader', '/api/v1/users/self')).status).toBe(200)
  })

  it('stops every token of a deleted world', async () => {
    const w = sim.createWorld()
    const tokens = await signIn(w, 1)
    sim.host.deleteWorld(w.id)
    expect((await self(tokens.access_token)).status).toBe(401)
  })
})

describe('developer keys with "Enforce Scopes" (scopes) and "Allow Include Parameters"', () => {
  const SELF = 'url:GET|/api/v1/users/:id'
  const ROSTER = 'url:GET|/api/v1/courses/:course_id/assignments/:assignment_id/gradeable_students'
  const SELECT =
    'url:PUT|/api/v1/courses/:course_id/assignments/:assignment_id/provisional_grades/:provisional_grade_id/select'
  const GRADEABLE = '/api/v1/courses/101/assignments/501/gradeable_students?include[]=provisional_grades&per_page=3'

  async function signInWith(w: SimWorldHandle, scope: string | null): Promise<TokenBody> {
    const extra: Record<string, string> = scope === null ? {} : { scope }
    const res = await fetch(authUrl(w, { sim_user_id: '1', ...extra }), { redirect: 'manual' })
    const code = new URL(res.headers.get('location')!).searchParams.get('code')
    expect(code, res.headers.get('location')!).not.toBeNull()
    return (await (await exchange(w, code!)).json()) as TokenBody
  }
  const api = (token: string, path: string, init: { method?: string } = {}) =>
    fetch(`${O}${path}`, { ...init, headers: { Authorization: `Bearer ${token}` } })

  it('are set and shown by the control API; a body of the wrong shape is refused and changes nothing', async () => {
    const w = sim.createWorld()
    const put = await control(w, 'PUT', '/oauth', { scopes: [SELF, ROSTER], allowIncludes: true })
    expect(put.status).toBe(200)
    expect(await put.json()).toMatchObject({ scopes: [SELF, ROSTER], allowIncludes: true })
    expect((await control(w, 'PUT', '/oauth', { scopes: 'url:GET|/api/v1/courses' })).status).toBe(400)
    expect(await (await control(w, 'PUT', '/oauth', { allowIncludes: 'yes' })).json()).toEqual({
      error: 'allowIncludes must be true or false',
    })
    expect(await (await control(w, 'GET', '/oauth')).json()).toMatchObject({ scopes: [SELF, ROSTER] })
    expect(await (await control(w, 'PUT', '/oauth', { scopes: null })).json()).toMatchObject({ scopes: null })
  })

  it('refuse a sign-in asking for a scope the key lacks, or for none, with invalid_scope (redirected without the state)', async () => {
    const w = sim.createWorld()
    await control(w, 'PUT', '/oauth', { scopes: [SELF, ROSTER] })
    const other = 'url:GET|/api/v1/accounts'
    const refused = await fetch(authUrl(w, { sim_user_id: '1', scope: `${SELF} ${other} url:GET|/api/v1/courses` }), {
      redirect: 'manual',
    })
    expect(refused.status).toBe(302)
    const to = new URL(refused.headers.get('location')!)
    expect(`${to.origin}${to.pathname}`).toBe(REDIRECT)
    expect(Object.fromEntries(to.searchParams)).toEqual({
      error: 'invalid_scope',
      error_description:
        'A requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner. ' +
        'The following scopes were requested, but not granted: url:GET|/api/v1/accounts and url:GET|/api/v1/courses',
    })
    // Asking for no scope at all is refused too (Provider#valid_scopes?: scopes.present?); so is a near miss.
    for (const extra of [{}, { scope: 'url:GET|/api/v1/users/:user_id' }] as Array<Record<string, string>>) {
      const res = await fetch(authUrl(w, { sim_user_id: '1', ...extra }), { redirect: 'manual' })
      expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('invalid_scope')
    }
    // A subset of the key's scopes is fine, in `scope` or in `scopes`.
    expect((await signInWith(w, SELF)).access_token).toMatch(/~/)
    const viaScopes = await fetch(authUrl(w, { sim_user_id: '1', scopes: ROSTER }), { redirect: 'manual' })
    expect(new URL(viaScopes.headers.get('location')!).searchParams.get('code')).toMatch(/^[A-Za-z0-9]{40}$/)
  })

  it("give tokens that reach only their scopes' routes: 401 Insufficient scopes, without WWW-Authenticate", async () => {
    const w = sim.createWorld()
    await control(w, 'PUT', '/oauth', { scopes: [SELF, ROSTER, SELECT], allowIncludes: true })
    const { access_token: token } = await signInWith(w, `${SELF} ${ROSTER}`)
    expect((await api(token, '/api/v1/users/self')).status).toBe(200) // users/self is users/:id
    expect((await api(token, GRADEABLE)).status).toBe(200)
    for (const [path, init] of [
      ['/api/v1/courses', {}],
      ['/api/v1/courses/101/assignments/501', {}],
      // The key has this scope, but the token did not ask for it.
      ['/api/v1/courses/101/assignments/501/provisional_grades/1/select', { method: 'PUT' }],
      ['/api/v1/courses/101/assignments/501/submissions/1012', { method: 'PUT' }],
    ] as const) {
      const res = await api(token, path, init)
      expect(res.status, path).toBe(401)
      expect(res.headers.get('www-authenticate')).toBeNull()
      expect(await res.json()).toEqual({ errors: [{ message: 'Insufficient scopes on access token.' }] })
    }
    const log = (await (await control(w, 'GET', '/requests')).json()) as Array<{ route: string; status: number }>
    expect(log.filter((e) => e.status === 401).map((e) => e.route)).toEqual([
      'courses',
      'assignment',
      'select',
      'submissions_update',
    ])
  })

  it('without "Allow Include Parameters" drop include[] from a scoped token’s calls; other tokens keep them', async () => {
    const w = sim.createWorld()
    await control(w, 'PUT', '/oauth', { scopes: [ROSTER] })
    const { access_token: token } = await signInWith(w, ROSTER)
    const rows = async (res: Response) => (await res.json()) as Array<Record<string, unknown>>
    const stripped = await rows(await api(token, GRADEABLE))
    expect(stripped.length).toBe(3)
    for (const row of stripped) expect(row).not.toHaveProperty('provisional_grades')
    for (const row of await rows(await w.fetch('final_grader', GRADEABLE)))
      expect(row).toHaveProperty('provisional_grades')

    await control(w, 'PUT', '/oauth', { allowIncludes: true })
    for (const row of await rows(await api(token, GRADEABLE))) expect(row).toHaveProperty('provisional_grades')
  })

  it('without scopes on the key, ignore the scopes asked for: the token reaches everything its user may', async () => {
    const w = sim.createWorld()
    const { access_token: token } = await signInWith(w, SELF)
    expect((await api(token, '/api/v1/courses')).status).toBe(200)
    for (const row of (await (await api(token, GRADEABLE)).json()) as object[])
      expect(row).toHaveProperty('provisional_grades')
    // The seeded tokens stand for manually created ones, which have no scopes, whatever the key says.
    await control(w, 'PUT', '/oauth', { scopes: [SELF] })
    expect((await w.fetch('final_grader', '/api/v1/courses')).status).toBe(200)
  })
})

describe('POST /login/oauth2/token: Canvas’s throttle and refresh threshold', () => {
  async function codeFor(w: SimWorldHandle) {
    return approve(w, 1)
  }

  it('throttles the token endpoint: 200 units more per token given, one bucket for all callers of a world', async () => {
    const w = sim.createWorld()
    const statuses: number[] = []
    const costs: Array<string | null> = []
    for (let i = 0; i < 4; i++) {
      const res = await exchange(w, await codeFor(w))
      statuses.push(res.status)
      costs.push(res.headers.get('x-request-cost'))
      if (res.status === 403) {
        expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
        expect(await res.text()).toBe('403 Forbidden (Rate Limit Exceeded)\n')
        expect(res.headers.get('x-rate-limit-remaining')).toBe('0.0')
      }
    }
    // Canvas's defaults: full at 600, 10 units a second, 50 held while a call is under way.
    expect(statuses).toEqual([200, 200, 200, 403])
    expect(costs.slice(0, 3)).toEqual(['201.0', '201.0', '201.0'])
    const log = (await (await control(w, 'GET', '/requests')).json()) as Array<{ route: string; status: number }>
    expect(log.filter((e) => e.route === 'oauth_token').map((e) => e.status)).toEqual([200, 200, 200, 403])
  })

  it('charges a refused grant only its own small cost, and does not throttle with the rate limit off', async () => {
    const w = sim.createWorld()
    for (let i = 0; i < 8; i++) expect((await exchange(w, 'no-such-code')).status).toBe(400)
    expect((await exchange(w, await codeFor(w))).headers.get('x-rate-limit-remaining')).toMatch(/^\d+\.\d+$/)

    const off = sim.createWorld()
    await control(off, 'PUT', '/config', { rateLimit: false })
    for (let i = 0; i < 5; i++) expect((await exchange(off, await codeFor(off))).status).toBe(200)
  })

  it('answers a 403 fault on oauth_token as its throttle does (the only 403 of that endpoint); the code still works', async () => {
    const w = sim.createWorld()
    await control(w, 'POST', '/faults', { route: 'oauth_token', status: 403, count: 2 })
    const code = await codeFor(w)
    for (let i = 0; i < 2; i++) {
      const res = await exchange(w, code)
      expect(res.status).toBe(403)
      expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
      expect(await res.text()).toBe('403 Forbidden (Rate Limit Exceeded)\n')
    }
    expect((await exchange(w, code)).status).toBe(200)
  })

  it('with an older Canvas’s refresh threshold, a renewal soon after the last answers "access_token": null', async () => {
    const w = sim.createWorld()
    w.world.oauth.key.refreshSpamIntervalSeconds = 5
    const tokens = await signIn(w, 1)
    const soon = await refresh(w, tokens.refresh_token!)
    expect(soon.status).toBe(200)
    expect(await soon.json()).toEqual({
      access_token: null,
      token_type: 'Bearer',
      user: expect.objectContaining({ id: 1 }),
      expires_in: expect.any(Number),
    })
    expect((await self(tokens.access_token)).status).toBe(200) // not renewed: the old token still works
    const realNow = w.world.oauth.now
    w.world.oauth.now = () => realNow() + 5000
    const later = (await (await refresh(w, tokens.refresh_token!)).json()) as TokenBody
    expect(later.access_token).toMatch(/~/)
    expect(later.access_token).not.toBe(tokens.access_token)
    w.world.oauth.now = realNow
  })
})
