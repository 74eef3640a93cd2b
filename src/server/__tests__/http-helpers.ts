import { createServer } from 'node:http'
import { parseSetCookie } from 'cookie'
import type { AddressInfo, Server, Socket } from 'node:net'
import { Server as TlsServer } from 'node:tls'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { createSimServer } from '../sim-server'

/** The sockets of each server started by listen(), so close() can end them (HTTP/2 sessions included). */
const connections = new WeakMap<Server, Set<Socket>>()

/**
 * Listen on an ephemeral loopback port; resolves to the base URL (https:// for the app server with TLS).
 * Any node:net server: node:http's, or the HTTP/2 secure server createAppServer makes with TLS.
 */
export async function listen(server: Server, port = 0): Promise<string> {
  const sockets = new Set<Socket>()
  connections.set(server, sockets)
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const scheme = server instanceof TlsServer ? 'https' : 'http'
  return `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`
}

export async function close(server: Server): Promise<void> {
  for (const socket of connections.get(server) ?? []) socket.destroy()
  await new Promise<void>((resolve) => server.close(() => resolve()))
}

/** A port that was free a moment ago (the OAuth server needs its PUBLIC_URL before it listens). */
export async function freePort(): Promise<number> {
  const probe = createServer()
  const base = await listen(probe)
  await close(probe)
  return Number(new URL(base).port)
}

export type Seen = { url: string; status: number; headers: Record<string, string>; setCookies: string[]; body: string }

/**
 * A tiny browser: fetch with manual redirects and a cookie jar per origin (name → value; Max-Age=0
 * deletes). Every response is kept in `seen` so tests can check what the browser was ever sent.
 * Like a real browser it sends `Origin` (the page's origin: by default the target's own, i.e. a page of that
 * server) on every request but GET and HEAD; `{ origin: 'http://evil.example' }` makes it a page elsewhere,
 * `{ origin: null }` sends none. With `{ app: true }` it also does what the app's client does on writes: it sends
 * the CSRF token from GET /session as X-CSRF-Token (unless the request names one itself).
 */
export class Browser {
  readonly jar = new Map<string, Map<string, string>>()
  readonly seen: Seen[] = []
  private readonly app: boolean
  private readonly csrf = new Map<string, string>()

  constructor(opts: { app?: boolean } = {}) {
    this.app = opts.app ?? false
  }

  /** The CSRF token the server's GET /session hands out (what the app echoes on writes). */
  async csrfToken(origin: string): Promise<string> {
    let token = this.csrf.get(origin)
    if (!token) {
      const res = await this.fetch(`${origin}/session`)
      token = (JSON.parse(res.text_) as { csrfToken: string }).csrfToken
      this.csrf.set(origin, token)
    }
    return token
  }

  cookies(origin: string): Map<string, string> {
    let jar = this.jar.get(origin)
    if (!jar) this.jar.set(origin, (jar = new Map()))
    return jar
  }

  cookie(origin: string, name: string): string | undefined {
    return this.cookies(origin).get(name)
  }

  async fetch(url: string, init: RequestInit & { origin?: string | null } = {}): Promise<Response & { text_: string }> {
    const target = new URL(url)
    const jar = this.cookies(target.origin)
    const headers = new Headers(init.headers)
    if (jar.size) headers.set('Cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '))
    const method = (init.method ?? 'GET').toUpperCase()
    if (method !== 'GET' && method !== 'HEAD') {
      const origin = init.origin === undefined ? target.origin : init.origin
      if (origin !== null && !headers.has('origin')) headers.set('Origin', origin)
      if (this.app && !headers.has('x-csrf-token')) headers.set('X-CSRF-Token', await this.csrfToken(target.origin))
    }
    const res = await fetch(target, { ...init, headers, redirect: 'manual' })
    const setCookies = res.headers.getSetCookie()
    for (const line of setCookies) {
      const { name, value, maxAge } = parseSetCookie(line)
      if (maxAge === 0 || value === undefined) jar.delete(name)
      else jar.set(name, value)
    }
    const body = await res.text()
    const hdrs: Record<string, string> = {}
    res.headers.forEach((v, k) => (hdrs[k] = v))
    this.seen.push({ url: target.toString(), status: res.status, headers: hdrs, setCookies, body })
    return Object.assign(res, { text_: body })
  }

  /** Everything received from `origin`, as one string. */
  received(origin: string): string {
    return this.seen
      .filter((s) => s.url.startsWith(origin))
      .map((s) => `${s.status} ${JSON.stringify(s.headers)} ${s.setCookies.join('\n')} ${s.body}`)
      .join('\n')
  }
}

export function cookieAttributes(setCookies: string[], name: string): string[] | undefined {
  const line = setCookies.find((c) => c.startsWith(`${name}=`))
  return line
    ?.split(';')
    .map((s) => s.trim())
    .slice(1)
}

/**
 * The Canvas simulator on a loopback port as "the live Canvas" for a test file, and the app servers a test
 * starts in front of it (push them on `apps`; they are closed after each test).
 */
export function simulatedCanvas() {
  const live = { sim: createSimServer(), url: '', apps: [] as Server[] }
  beforeAll(async () => {
    live.url = await listen(live.sim)
  })
  afterEach(async () => {
    for (const app of live.apps.splice(0)) await close(app)
  })
  afterAll(() => close(live.sim))
  return live
}

/**
 * Signs `browser` in at the app (OAuth mode) as Canvas's sign-in page offers: /login → Canvas's page → "Sign in as
 * <who>" → /oauth/callback. Returns the callback's answer (303 to the page when it worked).
 */
export async function signInAs(browser: Browser, app: string, canvasUrl: string, who = 'Dr. Maya Chen') {
  const login = await browser.fetch(`${app}/login?return_to=%2Fcourses`)
  const authorize = await browser.fetch(login.headers.get('location')!)
  const link = new RegExp(`href="([^"]+)">Sign in as ${who.replace(/\./g, '\\.')}</a>`).exec(authorize.text_)
  if (!link) throw new Error(`Canvas's sign-in page offers no "Sign in as ${who}" (status ${authorize.status})`)
  const approved = await browser.fetch(new URL(link[1]!.replaceAll('&amp;', '&'), canvasUrl).toString())
  return browser.fetch(approved.headers.get('location')!)
}
