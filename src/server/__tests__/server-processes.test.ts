// @vitest-environment node
/**
 * Real server processes (`node --import tsx src/server/start.ts`, as `npm start` runs it) in OAuth mode, with the
 * Canvas simulator of this test process as the live Canvas and a small load balancer in front (PUBLIC_URL is its
 * address; it sends each request to the process the test names, or to each in turn):
 * - two processes on one PostgreSQL (TEST_DATABASE_URL) share sessions, and renew a token once between them;
 * - one process on the embedded database (DATA_DIR) keeps its sessions across a restart, keeps the folder to
 *   itself, holds no readable token in it, and reads its sessions after a key rotation (but not with a wrong key).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { createServer, request, type Server } from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { World } from '../../mocks/sim/world'
import { newKey, postgresSchema, postgresSkipReason, tempDirs } from './db-helpers'
import { Browser, close, freePort, listen, signInAs, simulatedCanvas } from './http-helpers'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const live = simulatedCanvas()
const pgSkip = await postgresSkipReason()
const pgSchema = postgresSchema(!pgSkip)
const tmp = tempDirs()

/** A built app the servers serve (they only need it to exist and be newer than the sources: no build). */
let distDir = ''
beforeAll(() => {
  distDir = tmp('md-processes-dist-')
  writeFileSync(path.join(distDir, 'index.html'), '<!doctype html><title>Moderation Desk</title>\n')
  const later = new Date(Date.now() + 86_400_000)
  utimesSync(path.join(distDir, 'index.html'), later, later)
})

type Proc = { url: string; child: ChildProcess; output: () => string; stop: () => Promise<number | null> }
const running: Proc[] = []
afterEach(async () => {
  for (const p of running.splice(0)) await p.stop()
})

const UNSET = [
  'CANVAS_TOKEN',
  'CANVAS_SCOPES',
  'TLS_CERT_FILE',
  'TLS_KEY_FILE',
  'ALLOWED_HOSTS',
  'DATABASE_URL',
  'DATA_DIR',
  'SESSION_ENCRYPTION_OLD_KEYS',
]

/** Starts `npm start` with `env`; resolves when /healthz answers, or with its exit code if it stops first. */
async function startServer(env: Record<string, string>): Promise<Proc | { exitCode: number | null; output: string }> {
  const port = await freePort()
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !UNSET.includes(k)))
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/start.ts'], {
    cwd: root,
    env: { ...base, HOST: '127.0.0.1', PORT: String(port), DIST_DIR: distDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (c: Buffer) => (output += c.toString()))
  child.stderr.on('data', (c: Buffer) => (output += c.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    return exited
  }
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    // Stopped by itself, or by a signal from outside (exitCode stays null then).
    if (child.exitCode !== null || child.signalCode !== null)
      return {
        exitCode: child.exitCode,
        output: child.signalCode ? `${output}\n(killed by ${child.signalCode})` : output,
      }
    try {
      if ((await fetch(`${url}/healthz`)).ok) {
        const proc = { url, child, output: () => output, stop }
        running.push(proc)
        return proc
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  await stop()
  throw new Error(`the server did not start within 60 s:\n${output}`)
}

async function started(env: Record<string, string>): Promise<Proc> {
  const p = await startServer(env)
  if (!('url' in p)) throw new Error(`the server stopped (exit ${p.exitCode}):\n${p.output}`)
  return p
}

/** A server that must not start: its exit code and what it said. */
async function refused(env: Record<string, string>): Promise<{ exitCode: number | null; output: string }> {
  const p = await startServer(env)
  if ('url' in p) {
    await p.stop()
    throw new Error(`the server started:\n${p.output()}`)
  }
  return p
}

/**
 * The load balancer: PUBLIC_URL's address. `to` names the process that gets the next requests (an index into
 * `backends`), or 'each in turn'.
 */
function loadBalancer() {
  const lb = { url: '', backends: [] as Proc[], to: 0 as number | 'each in turn', server: null as Server | null }
  let turn = 0
  lb.server = createServer((req, res) => {
    const i = lb.to === 'each in turn' ? turn++ % lb.backends.length : lb.to
    const up = request(`${lb.backends[i]!.url}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers)
      answer.pipe(res)
    })
    up.on('error', () => {
      res.writeHead(502)
      res.end()
    })
    req.pipe(up)
  })
  return lb
}

function oauthEnv(world: World, publicUrl: string, key: string): Record<string, string> {
  return {
    CANVAS_URL: live.url,
    CANVAS_CLIENT_ID: world.oauth.key.clientId,
    CANVAS_CLIENT_SECRET: world.oauth.key.clientSecret,
    PUBLIC_URL: publicUrl,
    SESSION_ENCRYPTION_KEY: key,
  }
}

const tokenCalls = (world: World) =>
  world.requestLog.filter((e) => e.route.startsWith('oauth_token')).map((e) => `${e.route} ${e.status}`)
const sessionOf = async (browser: Browser, app: string) =>
  JSON.parse((await browser.fetch(`${app}/session`)).text_) as { signedIn: boolean; user?: { name: string } }

describe.skipIf(!!pgSkip)(`two server processes on one PostgreSQL${pgSkip ? ` — ${pgSkip}` : ''}`, () => {
  const lb = loadBalancer()
  beforeAll(async () => {
    lb.url = await listen(lb.server!, await freePort())
  })
  afterAll(() => close(lb.server!))

  it('signed in through one, signed in on the other; a token both need is renewed once; signed out through the other, out on both', async () => {
    const world = live.sim.host.createWorld({ scenario: 'demo' })
    const env = { ...oauthEnv(world, lb.url, newKey()), DATABASE_URL: pgSchema.url() }
    // Started at once: both run the migrations at start, which the first applies and the second finds done.
    lb.backends = await Promise.all([started(env), started(env)])
    expect(lb.backends.map((p) => /Sessions in PostgreSQL at 127\.0\.0\.1:\d+\/\w+/.test(p.output()))).toEqual([
      true,
      true,
    ])

    const browser = new Browser({ app: true })
    lb.to = 0
    expect((await signInAs(browser, lb.url, live.url)).status).toBe(303)
    lb.to = 1
    expect(await sessionOf(browser, lb.url)).toMatchObject({ signedIn: true, user: { name: 'Dr. Maya Chen' } })
    expect((await browser.fetch(`${lb.url}/api/v1/users/self`)).status).toBe(200)

    // Canvas expires the access token; requests reach both processes at once, each is refused by Canvas and each
    // renews; the session's lock lets one ask Canvas, and the other then finds its token.
    await fetch(`${live.url}/__sim/worlds/${world.id}/oauth/expire`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    })
    world.settings.latencyMs = 200
    world.requestLog = []
    const mark = lb.backends.map((p) => p.output().length)
    lb.to = 'each in turn'
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => browser.fetch(`${lb.url}/api/v1/users/self`).then((r) => r.status)),
    )
    world.settings.latencyMs = 0
    expect(answers).toEqual([200, 200, 200, 200, 200, 200])
    expect(tokenCalls(world)).toEqual(['oauth_token 200'])
    // Each process answered three of them with a token that works, and one of them asked Canvas for it.
    // (Their log lines come through a pipe, maybe a moment after the answers.)
    const since = () => lb.backends.map((p, i) => p.output().slice(mark[i]))
    await expect
      .poll(() => since().map((log) => log.match(/^GET \/api\/v1\/users\/self 200 /gm)?.length), { timeout: 5000 })
      .toEqual([3, 3])
    expect(since().filter((log) => log.includes('(refresh_token) 200'))).toHaveLength(1)

    lb.to = 1
    const out = await browser.fetch(`${lb.url}/logout`, { method: 'POST' })
    expect(JSON.parse(out.text_)).toMatchObject({ signedIn: false, revoked: true })
    lb.to = 0
    // The cookie is gone from this browser; one that kept it would be signed out too (the row is gone).
    expect(await sessionOf(browser, lb.url)).toMatchObject({ signedIn: false })
  }, 120_000)
})

/** Every file below `dir`. */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name)
    return statSync(p).isDirectory() ? files(p) : [p]
  })
}

describe('one server process on the embedded database (DATA_DIR)', () => {
  const lb = loadBalancer()
  beforeAll(async () => {
    lb.url = await listen(lb.server!, await freePort())
  })
  afterAll(() => close(lb.server!))

  it('still signed in after a restart; the folder is one process’s; no token readable in it; a wrong key signs out, a rotation does not', async () => {
    const world = live.sim.host.createWorld({ scenario: 'demo' })
    const dataDir = path.join(tmp('md-processes-data-'), 'data')
    mkdirSync(dataDir)
    const oldKey = newKey()
    const env = { ...oauthEnv(world, lb.url, oldKey), DATA_DIR: dataDir }
    const browser = new Browser({ app: true })
    lb.to = 0

    lb.backends = [await started(env)]
    expect(lb.backends[0]!.output()).toContain(`Sessions in the embedded database in ${dataDir}`)
    expect((await signInAs(browser, lb.url, live.url)).status).toBe(303)
    expect((await browser.fetch(`${lb.url}/api/v1/users/self`)).status).toBe(200)

    // A second process on the same folder is refused, and says what to do instead.
    const second = await refused(env)
    expect(second.exitCode).toBe(2)
    expect(second.output).toMatch(
      /cannot start: the data folder .* is in use by another server process\. .*set DATABASE_URL/,
    )

    // Restart: stopped (SIGTERM closes the database), started again on the folder.
    expect(await lb.backends[0]!.stop()).toBe(0)
    lb.backends = [await started(env)]
    expect(await sessionOf(browser, lb.url)).toMatchObject({ signedIn: true, user: { name: 'Dr. Maya Chen' } })
    expect((await browser.fetch(`${lb.url}/api/v1/users/self`)).status).toBe(200)
    expect(await lb.backends[0]!.stop()).toBe(0)

    // At rest: neither token of the grant is anywhere in the folder, though what is stored in plain text (the
    // session's CSRF token) is found there: the search does see the data.
    const grant = world.oauth.grants()[0]!
    const csrf = browser.cookie(lb.url, 'md_csrf')!
    const contents = files(dataDir).map((f) => readFileSync(f).toString('latin1'))
    expect(contents.some((c) => c.includes(csrf))).toBe(true)
    for (const secret of [grant.accessToken, grant.refreshToken])
      expect(contents.filter((c) => c.includes(secret))).toHaveLength(0)

    // Another key without the old one: the session cannot be read, so the user is signed out; nothing fails.
    const newerKey = newKey()
    lb.backends = [await started({ ...env, SESSION_ENCRYPTION_KEY: newerKey })]
    expect(await sessionOf(browser, lb.url)).toMatchObject({ signedIn: false })
    expect((await browser.fetch(`${lb.url}/api/v1/users/self`)).status).toBe(401)
    expect((await fetch(`${lb.url}/healthz`)).status).toBe(200)
    await lb.backends[0]!.stop()

    // Rotation: the new key, the old one among the old keys: signed in, and the session is written anew with the
    // new key, so the old key can then go.
    lb.backends = [await started({ ...env, SESSION_ENCRYPTION_KEY: newerKey, SESSION_ENCRYPTION_OLD_KEYS: oldKey })]
    expect(await sessionOf(browser, lb.url)).toMatchObject({ signedIn: true })
    await lb.backends[0]!.stop()
    lb.backends = [await started({ ...env, SESSION_ENCRYPTION_KEY: newerKey })]
    expect(await sessionOf(browser, lb.url)).toMatchObject({ signedIn: true })
    expect((await browser.fetch(`${lb.url}/api/v1/users/self`)).status).toBe(200)
  }, 180_000)

  it('refuses to start in OAuth mode without SESSION_ENCRYPTION_KEY, saying how to make one', async () => {
    const world = live.sim.host.createWorld({ scenario: 'demo' })
    const p = await refused({ ...oauthEnv(world, 'http://127.0.0.1:9', ''), DATA_DIR: tmp('md-processes-nokey-') })
    expect(p.exitCode).toBe(2)
    expect(p.output).toMatch(
      /Moderation Desk cannot start:\nSESSION_ENCRYPTION_KEY is missing\. .*openssl rand -base64 32/,
    )
  }, 60_000)
})
