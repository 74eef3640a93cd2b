// @vitest-environment node
/**
 * The app server with TLS_CERT_FILE/TLS_KEY_FILE: HTTPS with HTTP/2 (and HTTP/1.1 for clients without it), in
 * demo mode (the simulator in-process), token mode (proxying to the simulator over plain HTTP/1.1) and OAuth
 * mode, driven over real connections with a throwaway self-signed certificate.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  connect,
  createSecureServer,
  type ClientHttp2Session,
  type IncomingHttpHeaders,
  type IncomingHttpStatusHeader,
} from 'node:http2'
import { get as httpsGet, type RequestOptions } from 'node:https'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { http, HttpResponse } from 'msw'
import { makeSelfSignedCert } from '../../../e2e/support/self-signed-cert'
import { createAppServer, type AppServer } from '../app-server'
import { readConfig } from '../config'
import { STRICT_TRANSPORT_SECURITY } from '../security-headers'
import { handleSimRequest } from '../sim-server'
import { SESSION_ENV, sharedPglite } from './db-helpers'
import { close, freePort, listen, simulatedCanvas } from './http-helpers'

const A501 = '/api/v1/courses/101/assignments/501'
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']

const top = mkdtempSync(path.join(tmpdir(), 'md-h2-'))
const { certFile, keyFile } = makeSelfSignedCert(path.join(top, 'tls'))
const TLS = { TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile }
const distDir = path.join(top, 'dist')
mkdirSync(path.join(distDir, 'assets'), { recursive: true })
writeFileSync(path.join(distDir, 'index.html'), '<!doctype html><title>Moderation Desk</title>')
writeFileSync(path.join(distDir, 'assets', 'index-abc123.js'), 'console.log("app")')

type H2Answer = { status: number; headers: IncomingHttpHeaders & IncomingHttpStatusHeader; body: string }

/** One request on an HTTP/2 session; rejects if the stream ends without a response (reset). */
function h2(
  session: ClientHttp2Session,
  reqPath: string,
  opts: { method?: string; headers?: Record<string, string | string[]>; body?: string } = {},
): Promise<H2Answer> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':method': opts.method ?? 'GET', ':path': reqPath, ...opts.headers })
    let headers: (IncomingHttpHeaders & IncomingHttpStatusHeader) | null = null
    let body = ''
    stream.setEncoding('utf8')
    stream.on('response', (h) => (headers = h))
    stream.on('data', (chunk: string) => (body += chunk))
    stream.on('error', reject)
    stream.on('close', () => {
      if (headers) resolve({ status: Number(headers[':status']), headers, body })
      else reject(new Error(`stream for ${reqPath} closed without a response (RST_STREAM ${stream.rstCode})`))
    })
    stream.end(opts.body)
  })
}

/**
 * A write as the app's pages send it: Origin (browsers send it on every write) and the CSRF token of the
 * server's GET /session as X-CSRF-Token.
 */
async function h2Write(
  session: ClientHttp2Session,
  origin: string,
  reqPath: string,
  opts: { method: string; headers?: Record<string, string | string[]>; body?: string },
) {
  const { csrfToken } = JSON.parse((await h2(session, '/session')).body) as { csrfToken: string }
  return h2(session, reqPath, { ...opts, headers: { origin, 'x-csrf-token': csrfToken, ...opts.headers } })
}

function h2Connect(origin: string): Promise<ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    const session = connect(origin, { rejectUnauthorized: false })
    session.once('connect', () => resolve(session))
    session.once('error', reject)
  })
}

/** HTTP/1.1 over TLS: node:https offers no ALPN, so the server must answer it without HTTP/2. */
function https1(
  url: string,
  opts: RequestOptions = {},
): Promise<{ status: number; httpVersion: string; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    httpsGet(url, { rejectUnauthorized: false, ...opts }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, httpVersion: res.httpVersion, headers: res.headers, body }),
      )
    }).on('error', reject)
  })
}

const servers: AppServer[] = []
const sessions: ClientHttp2Session[] = []
afterEach(async () => {
  for (const s of sessions.splice(0)) s.destroy()
  for (const s of servers.splice(0)) await close(s)
})

async function start(env: Record<string, string>, server = createAppServer(readConfig(env), { distDir })) {
  servers.push(server)
  return listen(server)
}

async function session(origin: string) {
  const s = await h2Connect(origin)
  sessions.push(s)
  return s
}

describe('demo mode over HTTPS', () => {
  it('answers /healthz, index.html, a hashed asset and the simulated Canvas API over HTTP/2, all on one connection', async () => {
    const origin = await start(TLS)
    expect(origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    const s = await session(origin)
    expect(s.alpnProtocol).toBe('h2')

    const [health, index, asset, head, self, page] = await Promise.all([
      h2(s, '/healthz'),
      h2(s, '/courses/101/assignments/501/moderate'),
      h2(s, '/assets/index-abc123.js'),
      h2(s, '/assets/index-abc123.js', { method: 'HEAD' }),
      h2(s, '/api/v1/users/self'),
      h2(s, `${A501}/gradeable_students?include%5B%5D=provisional_grades&per_page=10`),
    ])
    expect(JSON.parse(health.body)).toEqual({ ok: true, mode: 'demo' })
    expect([index.status, index.headers['content-type'], index.body]).toEqual([
      200,
      'text/html; charset=utf-8',
      '<!doctype html><title>Moderation Desk</title>',
    ])
    expect([asset.status, asset.headers['cache-control'], asset.body]).toEqual([
      200,
      'public, max-age=31536000, immutable',
      'console.log("app")',
    ])
    expect([head.status, head.headers['content-length'], head.body]).toEqual([
      200,
      String('console.log("app")'.length),
      '',
    ])
    // The demo identity without a cookie: the default world's final grader.
    expect([self.status, JSON.parse(self.body)]).toMatchObject([200, { id: 1, name: 'Dr. Maya Chen' }])
    expect(page.status).toBe(200)
    expect(JSON.parse(page.body)).toHaveLength(10)
    // Canvas's Link URLs are absolute: built from the origin the browser used (https, HTTP/2's :authority).
    expect(page.headers.link).toContain(
      `<${origin}${A501}/gradeable_students?include%5B%5D=provisional_grades&page=2&per_page=10>; rel="next"`,
    )
    for (const answer of [health, index, asset, self, page]) {
      expect(answer.headers['strict-transport-security']).toBe(STRICT_TRANSPORT_SECURITY)
      expect(answer.headers['content-security-policy']).toContain("default-src 'self'")
    }
  })

  it('creates an isolated world and browses it as the md_demo cookie says, request bodies included', async () => {
    const origin = await start(TLS)
    const s = await session(origin)
    const created = await h2Write(s, origin, '/__sim/worlds', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scenario: 'demo' }),
    })
    expect(created.status).toBe(201)
    const { worldId } = JSON.parse(created.body) as { worldId: string }

    const switched = await h2Write(s, origin, '/demo/session', {
      method: 'PUT',
      headers: { cookie: `md_demo=${worldId}.1`, 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 3 }),
    })
    expect(switched.status).toBe(200)
    expect(switched.headers['set-cookie']).toEqual([`md_demo=${worldId}.3; Path=/; SameSite=Lax`])
    // Browsers may send each cookie as its own header field over HTTP/2; the server joins them.
    const self = await h2(s, '/api/v1/users/self', { headers: { cookie: ['theme=dark', `md_demo=${worldId}.3`] } })
    expect([self.status, JSON.parse(self.body)]).toMatchObject([200, { id: 3, name: 'Priya Natarajan' }])

    const form = await h2Write(s, origin, `${A501}/submissions/1024`, {
      method: 'PUT',
      headers: { cookie: `md_demo=${worldId}.2`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'submission%5Bposted_grade%5D=13&submission%5Bprovisional%5D=true',
    })
    expect(form.status).toBe(200)
    expect(JSON.parse(form.body)).toMatchObject({
      provisional_grades: [expect.objectContaining({ score: 13, scorer_id: 2 })],
    })
  })

  it('closes an HTTP/2 connection that stays idle, and not one in use', async () => {
    const origin = await start(TLS, createAppServer(readConfig(TLS), { distDir, idleTimeoutMs: 300 }))
    const s = await session(origin)
    const closed = new Promise<number>((resolve) => s.on('close', () => resolve(performance.now())))
    // Requests every 100 ms keep it open past the limit…
    for (let i = 0; i < 5; i++) {
      expect((await h2(s, '/healthz')).status).toBe(200)
      await new Promise((r) => setTimeout(r, 100))
    }
    expect(s.closed || s.destroyed).toBe(false)
    // …then, with nothing to do, the server closes it.
    const idleFrom = performance.now()
    const at = await closed
    expect(at - idleFrom).toBeGreaterThanOrEqual(150)
    expect(at - idleFrom).toBeLessThan(5_000)
  })

  it('a dropped request (simulator drop fault) resets only its own stream, not the connection', async () => {
    const origin = await start(TLS)
    const s = await session(origin)
    const json = { 'content-type': 'application/json' }
    const { worldId } = JSON.parse(
      (
        await h2Write(s, origin, '/__sim/worlds', {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ scenario: 'demo' }),
        })
      ).body,
    ) as { worldId: string }
    const fault = await h2Write(s, origin, `/__sim/worlds/${worldId}/faults`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ route: 'users_self', kind: 'drop', count: 1 }),
    })
    expect(fault.status).toBeLessThan(300)
    const cookie = `md_demo=${worldId}.1`
    const [dropped, other] = await Promise.allSettled([
      h2(s, '/api/v1/users/self', { headers: { cookie } }),
      h2(s, '/healthz'),
    ])
    expect(dropped.status).toBe('rejected')
    expect(other).toMatchObject({ status: 'fulfilled', value: { status: 200 } })
    expect(s.destroyed).toBe(false)
    expect((await h2(s, '/api/v1/users/self', { headers: { cookie } })).status).toBe(200)
  })

  it('still answers HTTP/1.1 clients over TLS (allowHTTP1), Host header and all', async () => {
    const origin = await start(TLS)
    const health = await https1(`${origin}/healthz`)
    expect([health.httpVersion, health.status, JSON.parse(health.body)]).toEqual([
      '1.1',
      200,
      { ok: true, mode: 'demo' },
    ])
    expect(health.headers['strict-transport-security']).toBe(STRICT_TRANSPORT_SECURITY)
    const page = await https1(`${origin}${A501}/gradeable_students?per_page=10`)
    expect([page.httpVersion, page.status]).toEqual(['1.1', 200])
    expect(page.headers.link).toContain(`<${origin}${A501}/gradeable_students?page=2&per_page=10>; rel="next"`)
    const index = await https1(`${origin}/`)
    expect([index.status, index.body]).toEqual([200, '<!doctype html><title>Moderation Desk</title>'])
  })

  it('sends Strict-Transport-Security only over TLS, and not to localhost (it would cover every port there)', async () => {
    const plain = await start({})
    expect(plain).toMatch(/^http:\/\//)
    const res = await fetch(`${plain}/healthz`)
    expect(res.status).toBe(200)
    expect(res.headers.get('strict-transport-security')).toBeNull()
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')

    const origin = await start(TLS)
    const s = await session(origin)
    const port = new URL(origin).port
    expect(
      (await h2(s, '/healthz', { headers: { ':authority': `localhost:${port}` } })).headers[
        'strict-transport-security'
      ],
    ).toBeUndefined()
    expect((await h2(s, '/healthz')).headers['strict-transport-security']).toBe(STRICT_TRANSPORT_SECURITY)
  })
})

describe('token mode over HTTPS, proxying to Canvas over HTTP/1.1', () => {
  const live = simulatedCanvas()

  it('answers proxied Canvas calls over HTTP/2 with Canvas’s bodies and none of its HTTP/1 connection headers', async () => {
    const world = live.sim.host.createWorld({ scenario: 'demo' })
    const chen = world.cast.find((m) => m.role === 'final_grader')!
    const rosterPath = `${A501}/gradeable_students?include%5B%5D=provisional_grades&per_page=10`
    // What Canvas (the simulator over node:http) sends: connection-specific headers an HTTP/2 response must not carry.
    const direct = await fetch(`${live.url}${rosterPath}`, { headers: { Authorization: `Bearer ${chen.token}` } })
    expect(direct.headers.get('connection')).toBe('keep-alive')
    expect(direct.headers.get('keep-alive')).toMatch(/timeout=/)
    const directBody = await direct.text()

    const origin = await start({ ...TLS, CANVAS_URL: live.url, CANVAS_TOKEN: chen.token })
    const s = await session(origin)
    expect(s.alpnProtocol).toBe('h2')
    const [page, self] = await Promise.all([h2(s, rosterPath), h2(s, '/api/v1/users/self')])
    expect(page.status).toBe(200)
    expect(page.body).toBe(directBody)
    expect(page.headers.link).toContain(
      `<${A501}/gradeable_students?include%5B%5D=provisional_grades&page=2&per_page=10>; rel="next"`,
    )
    for (const name of HOP_BY_HOP) expect(page.headers[name]).toBeUndefined()
    expect(page.headers['strict-transport-security']).toBe(STRICT_TRANSPORT_SECURITY)
    expect([self.status, JSON.parse(self.body)]).toMatchObject([200, { id: chen.id }])

    // A request with a body, through the proxy, over HTTP/2.
    const rows = JSON.parse(page.body) as Array<{
      id: number
      in_moderation_set?: boolean
      provisional_grades: Array<{ provisional_grade_id: number; graded_at: string | null }>
    }>
    const pending = rows.find(
      (r) => !r.in_moderation_set && r.provisional_grades.filter((p) => p.graded_at).length >= 2,
    )!
    const select = await h2Write(
      s,
      origin,
      `${A501}/provisional_grades/${pending.provisional_grades[0]!.provisional_grade_id}/select`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      },
    )
    expect([select.status, JSON.parse(select.body)]).toMatchObject([200, { student_id: pending.id }])
  })
})

describe('OAuth mode over HTTPS', () => {
  const live = simulatedCanvas()
  const pglite = sharedPglite()

  it('answers /session and sends /login to Canvas with the pending sign-in cookie over HTTP/2', async () => {
    const world = live.sim.host.createWorld({ scenario: 'demo' })
    const port = await freePort()
    const publicUrl = `https://127.0.0.1:${port}`
    const config = readConfig({
      ...TLS,
      CANVAS_URL: live.url,
      CANVAS_CLIENT_ID: world.oauth.key.clientId,
      CANVAS_CLIENT_SECRET: world.oauth.key.clientSecret,
      PUBLIC_URL: publicUrl,
      ...SESSION_ENV,
    })
    const server = createAppServer(config, { distDir, database: pglite.db })
    servers.push(server)
    expect(await listen(server, port)).toBe(publicUrl)
    const s = await session(publicUrl)
    const described = await h2(s, '/session')
    expect([described.status, JSON.parse(described.body)]).toEqual([
      200,
      { mode: 'oauth', signedIn: false, login_url: '/login?return_to=%2F' },
    ])
    const login = await h2(s, '/login?return_to=%2Fcourses%2F101')
    expect(login.status).toBe(302)
    expect(new URL(String(login.headers.location)).origin).toBe(live.url)
    expect(new URL(String(login.headers.location)).searchParams.get('redirect_uri')).toBe(`${publicUrl}/oauth/callback`)
    const [cookie, ...others] = login.headers['set-cookie'] ?? []
    expect(others).toEqual([])
    const [pair, ...attributes] = cookie!.split('; ')
    expect(pair).toMatch(/^__Host-md_login=[\w-]+\.[\w-]+$/)
    expect(attributes.sort()).toEqual([
      'HttpOnly',
      expect.stringMatching(/^Max-Age=\d+$/),
      'Path=/',
      'SameSite=Lax',
      'Secure',
    ])
    const api = await h2(s, '/api/v1/users/self')
    expect([api.status, JSON.parse(api.body)]).toMatchObject([401, { login_url: '/login?return_to=%2F' }])
  })
})

describe('the simulator bridge (sim-server.ts) over HTTP/2', () => {
  it('leaves out connection-specific headers a handler sets (HTTP/2 forbids them) and keeps the rest', async () => {
    const handlers = [
      http.get(
        '*/x',
        () =>
          new HttpResponse('ok', {
            headers: { Connection: 'close', 'Keep-Alive': 'timeout=5', Upgrade: 'h2c', 'X-Kept': 'yes' },
          }),
      ),
    ]
    const server = createSecureServer({ cert: readFileSync(certFile), key: readFileSync(keyFile) }, (req, res) => {
      void handleSimRequest(handlers, req as unknown as IncomingMessage, res as unknown as ServerResponse)
    })
    servers.push(server)
    const s = await session(await listen(server))
    const answer = await h2(s, '/x')
    expect([answer.status, answer.body, answer.headers['x-kept']]).toEqual([200, 'ok', 'yes'])
    for (const name of HOP_BY_HOP) expect(answer.headers[name]).toBeUndefined()
  })
})
