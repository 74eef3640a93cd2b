/**
 * `npm run bench` — a benchmark, not a test. Builds the live app, serves it with `npm start`'s server in demo
 * mode (the Canvas simulator in-process, a fixed latency per request), and drives headless Chromium over HTTP
 * on 127.0.0.1 for N students × 3 graders. Prints a markdown table and writes it into README.md between
 * `<!-- bench:start -->` and `<!-- bench:end -->` (unless --no-readme).
 *
 *   npm run bench -- --latency 100 --sizes 100,1000,5000,10000 --no-readme
 *   npm run bench -- --http1            # plain HTTP/1.1 instead of HTTPS with HTTP/2
 *   npm run bench -- --slow-sizes 5000 --slow-ms-per-row 4   # the slow-Canvas case: 400 ms per 100-student page
 *   npm run bench -- --uncompressed     # deletes the build's .br/.gz copies before serving it (the bytes
 *                                       # without them; a later --no-build run stays without them)
 *   npm run bench -- --throttle 1,4     # the interaction pass at the largest size, at these CPU throttling rates
 *                                       # (DevTools Emulation.setCPUThrottlingRate; default 1,4; 0 skips it)
 *   npm run bench -- --sizes 10000 --throttle 4 --interactions-only --no-readme
 *                                       # only that: no Canvas-style loader, bulk accept or JS sizes
 *   BENCH_DEBUG=1 npm run bench -- …    # also writes /tmp/bench-debug-N.txt (API waterfall, long tasks) and,
 *                                       # for N ≥ 5,000, /tmp/bench-profile-N.cpuprofile (load, main thread), and
 *                                       # /tmp/bench-profile-<interaction>-<rate>x.cpuprofile per interaction
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib'
import {
  chromium,
  type Browser,
  type BrowserContext,
  type CDPSession,
  type ElementHandle,
  type Page,
  type Request,
} from 'playwright-core'
import { makeSelfSignedCert } from '../support/self-signed-cert'
import {
  canvasStyleLoad,
  installProbe,
  responsesUntil,
  type ResultCheck,
  type ResponseSize,
  type WireKind,
} from './probe'
import { sleep } from '../../src/lib/sleep'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

// ---------- options ----------
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i === -1 ? undefined : process.argv[i + 1]
}
const LATENCY = Number(arg('latency') ?? 100)
const SIZES = (arg('sizes') ?? '100,1000,5000,10000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0)
const GRADERS = 3
/**
 * The slow-Canvas case (issue #17): Canvas's own time per roster row (4 ms = 400 ms to build a page of 100 students,
 * as large real courses take), at these sizes; `--slow-sizes 0` leaves it out.
 */
const SLOW_MS_PER_ROW = Number(arg('slow-ms-per-row') ?? 4)
/** With --load-throttle 4: every load runs under that CPU throttling (a slow laptop loading the roster). */
const LOAD_THROTTLE = Number(arg('load-throttle') ?? 1)
const SLOW_SIZES = (arg('slow-sizes') ?? '5000,10000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0)
const WRITE_README = !process.argv.includes('--no-readme')
const SKIP_BUILD = process.argv.includes('--no-build')
const DIST = path.resolve(arg('dist') ?? '/tmp/dist-bench')
const CLICKS = Number(arg('clicks') ?? 40)
/** CPU throttling rates for the interaction pass (at the largest size); 0 leaves it out. */
const THROTTLES = (arg('throttle') ?? '1,4')
  .split(',')
  .map(Number)
  .filter((n) => n >= 1)
/** Only the load and the interaction pass: no Canvas-style loader, bulk accept or JS sizes (a quick run). */
const INTERACTIONS_ONLY = process.argv.includes('--interactions-only') || process.argv.includes('--only')
/** With --only select,scroll: just those interactions of the pass (a quick run; implies --interactions-only). */
const ONLY = arg('only')?.split(',')
const want = (id: string) => !ONLY || ONLY.includes(id)
const CHROMIUM =
  arg('chromium') ??
  process.env.CHROMIUM_PATH ??
  (existsSync('/usr/bin/chromium-headless-shell') ? '/usr/bin/chromium-headless-shell' : '/usr/bin/chromium')
const LAB = '/courses/101/assignments/501/moderate'
const GRADEABLE = '/api/v1/courses/101/assignments/501/gradeable_students'
const BULK_N = 5000
/** HTTP/2 over TLS (self-signed, as a deployment behind HTTPS gets) unless --http1. */
const HTTP1 = process.argv.includes('--http1')
/** Without the build's precompressed copies (vite.config.ts `precompress`): every file goes out as it is. */
const UNCOMPRESSED = process.argv.includes('--uncompressed')
/** Canvas's throttle lets about this many requests be in flight per token (600 ÷ 50, the request's own included). */
const CANVAS_MAX_IN_FLIGHT = 11
const CONNECTIONS = HTTP1 ? 6 : Number.POSITIVE_INFINITY
/** Round trips no client can beat for n students: page 1, then the rest as wide as connections and throttle allow. */
const floorRoundTrips = (n: number) =>
  1 + Math.ceil((Math.ceil(n / 100) - 1) / Math.min(CONNECTIONS, CANVAS_MAX_IN_FLIGHT))
/** The round trip of a 100-student roster page: the latency, plus Canvas's own time in the slow-Canvas case. */
const SLOW_TRIP_MS = LATENCY + SLOW_MS_PER_ROW * 100
/** A load's time from its first request over the floor's (its round trips × `tripMs`). */
const overFloor = (r: { n: number; appDataMs: number }, tripMs: number) => r.appDataMs / (floorRoundTrips(r.n) * tripMs)

// ---------- helpers ----------
const fmtMs = (ms: number | undefined) =>
  ms === undefined || !Number.isFinite(ms) ? '–' : ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`
const fmtX = (x: number) => `${x >= 10 ? x.toFixed(0) : x.toFixed(1)}×`
const fmtKB = (b: number) => `${(b / 1024).toFixed(1)} KB`
const fmtN = (n: number) => n.toLocaleString('en-US')
const median = (xs: number[]) => quantile(xs, 0.5)
function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  const pos = (s.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo)
}
/** tsx/esbuild may wrap functions with `__name`; the page has no such helper. */
const inPage = (fn: (...a: never[]) => unknown, ...args: unknown[]) =>
  `var __name = (f) => f; (${fn.toString()})(${args.map((a) => JSON.stringify(a)).join(',')})`

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const a = s.address()
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0))
    })
  })
}

/** A plain request to our own server, accepting its self-signed certificate (the bench's own, made below). */
/** The server's CSRF token per origin (GET /session), sent with Origin on writes as the app's pages do. */
const csrfTokens = new Map<string, string>()

async function request(method: string, url: string, body?: string): Promise<{ status: number; text: string }> {
  const u = new URL(url)
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' }
  if (method !== 'GET' && method !== 'HEAD') {
    if (!csrfTokens.has(u.origin))
      csrfTokens.set(
        u.origin,
        (JSON.parse((await request('GET', `${u.origin}/session`)).text) as { csrfToken: string }).csrfToken,
      )
    Object.assign(headers, { origin: u.origin, 'x-csrf-token': csrfTokens.get(u.origin)! })
  }
  return new Promise((resolve, reject) => {
    const send = u.protocol === 'https:' ? httpsRequest : httpRequest
    const req = send(u, { method, rejectUnauthorized: false, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (text += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

async function startServer(port: number): Promise<ChildProcess> {
  const tls = HTTP1
    ? {}
    : (() => {
        const { certFile, keyFile } = makeSelfSignedCert()
        return { TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile }
      })()
  // BENCH_SERVER_PROFILE=DIR: a CPU profile of the server (and its simulator) in DIR when it stops.
  const profileDir = process.env.BENCH_SERVER_PROFILE
  const nodeArgs = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/server/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DIST_DIR: DIST,
      ...(SKIP_BUILD ? { DIST_AS_IS: '1' } : {}),
      CANVAS_URL: '',
      CANVAS_TOKEN: '',
      CANVAS_CLIENT_ID: '',
      CANVAS_CLIENT_SECRET: '',
      PUBLIC_URL: '',
      ...tls,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
    try {
      const r = await request('GET', `${HTTP1 ? 'http' : 'https'}://127.0.0.1:${port}/healthz`)
      if (r.status === 200) return child
    } catch {
      /* not yet */
    }
    await sleep(200)
  }
  child.kill()
  throw new Error('server did not start within 60 s')
}

class Sim {
  private readonly base: string
  constructor(base: string) {
    this.base = base
  }
  async json(method: string, p: string, body?: unknown): Promise<unknown> {
    const r = await request(method, `${this.base}${p}`, body === undefined ? undefined : JSON.stringify(body))
    if (r.status < 200 || r.status > 299) throw new Error(`${method} ${p}: ${r.status} ${r.text}`)
    return r.status === 204 || r.text === '' ? null : JSON.parse(r.text)
  }
  /** `serverMsPerRow`: Canvas's own time per row of the roster's pages, on top of the latency (the slow case). */
  async world(students: number, serverMsPerRow = 0): Promise<string> {
    const w = (await this.json('POST', '/__sim/worlds', { scenario: 'large', students, graders: GRADERS })) as {
      worldId: string
    }
    // Canvas's throttle as Canvas sets it (600 high-water mark, 50 up front per request in flight, 10/s leak;
    // each request costs 1): a loader that asks too much at once is refused, as it would be by a real Canvas.
    await this.json('PUT', `/__sim/worlds/${w.worldId}/config`, {
      latencyMs: LATENCY,
      rateLimit: true,
      serverMsPerRow: serverMsPerRow > 0 ? { gradeable_students: serverMsPerRow } : {},
    })
    return w.worldId
  }
  /** Requests the simulator refused with 403 Rate Limit Exceeded (the client retried them). */
  async refused(worldId: string): Promise<number> {
    const log = (await this.json('GET', `/__sim/worlds/${worldId}/requests`)) as { status: number }[]
    return log.filter((e) => e.status === 403).length
  }
  async dispose(worldId: string) {
    await request('DELETE', `${this.base}/__sim/worlds/${worldId}`)
  }
}

/** Bytes of one kind of response: on the wire (body as sent plus headers), decoded, and how many. */
interface Bytes {
  wire: number
  decoded: number
  requests: number
}
type WireBytes = Record<WireKind | 'total', Bytes>

/**
 * DevTools' count of the bytes received per response (Network.loadingFinished encodedDataLength: headers and
 * body as sent, over HTTP/2 the stream's frames), by URL in the order they finished.
 */
async function trackReceived(context: BrowserContext, page: Page): Promise<Map<string, number[]>> {
  const received = new Map<string, number[]>()
  const urls = new Map<string, string>()
  const cdp = await context.newCDPSession(page)
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url))
  cdp.on('Network.loadingFinished', (e) => {
    const url = urls.get(e.requestId)
    if (url) received.set(url, [...(received.get(url) ?? []), e.encodedDataLength])
  })
  await cdp.send('Network.enable')
  return received
}

/** The responses until the grid was shown, by kind, with DevTools' byte counts (Resource Timing's if missing). */
function wireBytes(responses: ResponseSize[], received: Map<string, number[]>): WireBytes {
  const zero = (): Bytes => ({ wire: 0, decoded: 0, requests: 0 })
  const out: WireBytes = { html: zero(), js: zero(), css: zero(), api: zero(), other: zero(), total: zero() }
  for (const r of responses) {
    const wire = received.get(r.url)?.shift() ?? r.encoded + 300
    for (const b of [out[r.kind], out.total]) {
      b.wire += wire
      b.decoded += r.decoded
      b.requests++
    }
  }
  return out
}

interface ApiReq {
  url: string
  method: string
  start: number
  end: number
}

/** Longest chain of requests in which each starts after the previous one ended (round trips on the critical path). */
function criticalDepth(reqs: ApiReq[]): number {
  const sorted = [...reqs].sort((a, b) => a.start - b.start)
  const depth: number[] = []
  let best = 0
  for (let i = 0; i < sorted.length; i++) {
    let d = 1
    for (let j = 0; j < i; j++) if (sorted[j]!.end <= sorted[i]!.start + 0.5) d = Math.max(d, depth[j]! + 1)
    depth[i] = d
    best = Math.max(best, d)
  }
  return best
}

function trackApi(page: Page): ApiReq[] {
  const list: ApiReq[] = []
  const done = (req: Request) => {
    if (!new URL(req.url()).pathname.startsWith('/api/v1/')) return
    const t = req.timing()
    list.push({
      url: req.url(),
      method: req.method(),
      start: t.startTime,
      end: t.startTime + Math.max(0, t.responseEnd),
    })
  }
  page.on('requestfinished', done)
  page.on('requestfailed', done)
  return list
}

// ---------- one N ----------
interface SizeResult {
  n: number
  /** From navigation start. */
  appMs: number
  /** From the start of the app's first API request (like for like with the Canvas-style loader). */
  appDataMs: number
  canvasMs: number
  canvasRequests: number
  requests: number
  gradeableRequests: number
  /** Refused by the throttle (403) while loading, and retried. */
  refused: number
  duplicates: number
  depth: number
  firstTogether: boolean
  /** nextHopProtocol of the API requests as the browser reports it (h2, http/1.1). */
  protocols: string[]
  /** Bytes on the wire until the grid was shown (which responses: Resource Timing; their bytes: DevTools), by kind. */
  wire: WireBytes
  /** Content-Encoding of the app's own files (html, js, css) of 1 KB or more as they arrived, e.g. "js br". */
  encodings: string[]
  clickMedian: number
  clickP95: number
  scroll?: { longest: number; maxFrameGap: number; frames: number }
  sortLongest?: number
  filterLongest?: number
  heapMB?: number
  bulk?: { ms: number; requests: number; grades: number }
  /** The interaction pass by CPU throttling rate (largest size only). */
  interactions?: Map<number, InteractionSet>
}

async function openModeration(
  browser: Browser,
  base: string,
  worldId: string,
  n: number,
): Promise<{
  context: BrowserContext
  page: Page
  api: ApiReq[]
  encodings: Set<string>
  received: Map<string, number[]>
}> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, ignoreHTTPSErrors: true })
  await context.addCookies([{ name: 'md_demo', value: `${worldId}.1`, url: base }])
  await context.addInitScript(inPage(installProbe as never, n + 1))
  const page = await context.newPage()
  const api = trackApi(page)
  const received = await trackReceived(context, page)
  const encodings = new Set<string>()
  page.on('response', (r) => {
    const kind =
      /\.(js|css)$/.exec(new URL(r.url()).pathname)?.[1] ?? (r.request().isNavigationRequest() ? 'html' : null)
    // Files under 1 KB have no compressed copies (vite.config.ts).
    const raw = Number(r.headers()['content-length'] ?? 0)
    if (kind && (raw >= 1024 || r.headers()['content-encoding']))
      encodings.add(`${kind} ${r.headers()['content-encoding'] ?? 'identity'}`)
  })
  // BENCH_TRACE: a timeline trace of the load (what the main thread did: script, style, layout, paint).
  const stopTrace = process.env.BENCH_TRACE && n >= 5000 ? await trace(page, `load-${n}`) : null
  const cdp = process.env.BENCH_DEBUG && !stopTrace && n >= 5000 ? await context.newCDPSession(page) : null
  if (cdp) {
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
    await cdp.send('Profiler.start')
  }
  const throttled = LOAD_THROTTLE > 1 ? await cpuThrottle(page, LOAD_THROTTLE) : null
  await page.goto(`${base}${LAB}`)
  await page.waitForFunction(() => window.__bench.loadedAt !== undefined, null, { timeout: 120_000, polling: 50 })
  await throttled?.detach()
  await stopTrace?.()
  if (cdp) {
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown }
    writeFileSync(`/tmp/bench-profile-${n}.cpuprofile`, JSON.stringify(profile))
  }
  return { context, page, api, encodings, received }
}

/** BENCH_DEBUG: the API waterfall (start, end, duration in ms from the first request) and the long tasks. */
async function writeDebug(n: number, api: ApiReq[], appMs: number, timeOrigin: number, page: Page) {
  const t0 = Math.min(...api.map((r) => r.start))
  const rows = [...api]
    .sort((a, b) => a.start - b.start)
    .map(
      (r) =>
        [r.start - t0, r.end - t0, r.end - r.start].map((x) => x.toFixed(0)).join('\t') +
        `\t${new URL(r.url).pathname}${new URL(r.url).search.slice(0, 40)}`,
    )
  const longTasks = await page.evaluate(() =>
    window.__bench.longTasks.map((t) => [Math.round(t.start), Math.round(t.duration)]),
  )
  const tail = [
    `first API request at ${(t0 - timeOrigin).toFixed(0)} ms after navigation; all in grid ${(appMs - (t0 - timeOrigin)).toFixed(0)} ms after it`,
    `long tasks [start from navigation, ms]: ${JSON.stringify(longTasks)}`,
  ]
  writeFileSync(`/tmp/bench-debug-${n}.txt`, [...rows, ...tail].join('\n') + '\n')
}

async function longestTaskDuring(page: Page, action: () => Promise<void>): Promise<number> {
  const before = await page.evaluate(() => window.__bench.longTasks.length)
  await action()
  await sleep(300)
  return page.evaluate((from) => Math.max(0, ...window.__bench.longTasks.slice(from).map((t) => t.duration)), before)
}

// ---------- the interaction pass (issue #17: a slower laptop) ----------
type InteractionId = 'select' | 'next' | 'sort' | 'filter' | 'chip' | 'tolerance' | 'scroll' | 'rules'
const INTERACTIONS: [InteractionId, string][] = [
  ['select', 'select a grade (click → selected)'],
  ['next', 'N: next student needing a decision'],
  ['sort', 'sort by a column header'],
  ['filter', 'search (type, clear)'],
  ['chip', 'triage chip "Not selected" (on, off)'],
  ['tolerance', 'tolerance change'],
  ['scroll', 'scroll end to end (frames)'],
  ['rules', 'open "Reconciliation rules…" (its preview shown)'],
]
interface InteractionResult {
  /** Input → the frame after the visible result, ms, one per sample (scroll: each frame's gap). */
  samples: number[]
  /** Longest task (PerformanceObserver longtask, ≥ 50 ms) from the input to 200 ms after the result; 0 if none. */
  longest: number
  /** Scroll only: the whole pass, and its frames. */
  totalMs?: number
  frames?: number
}
type InteractionSet = Partial<Record<InteractionId, InteractionResult>>

/** CPU throttling for the page; it lasts as long as the DevTools session that set it (detach to end it). */
async function cpuThrottle(page: Page, rate: number): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate })
  return cdp
}

/**
 * One interaction, `times` times: arm the check, act, wait for the result and its frame; the longest task from
 * the input to 200 ms after the result. With BENCH_DEBUG, a CPU profile of all of it.
 */
async function measure(
  page: Page,
  name: string,
  times: number,
  step: (
    i: number,
  ) => Promise<{ check: ResultCheck; el?: ElementHandle<Element> | null; act: () => Promise<void> } | null>,
): Promise<InteractionResult> {
  const stop = await profile(page, name)
  const samples: number[] = []
  const windows: [number, number][] = []
  for (let i = 0; i < times; i++) {
    const s = await step(i)
    if (!s) break
    const k = await page.evaluate(() => window.__bench.results.length)
    if (s.el) await s.el.evaluate((el, c) => window.__bench.armResult(c, el), s.check)
    else await page.evaluate((c) => window.__bench.armResult(c), s.check)
    try {
      await s.act()
    } catch (e) {
      console.error(`  ${name} #${i + 1}: ${(e as Error).message.split('\n')[0]}`)
      continue
    }
    const ok = await page
      .waitForFunction((k) => window.__bench.results.length > k, k, { timeout: 30_000, polling: 20 })
      .then(() => true)
      .catch(() => false)
    if (!ok) {
      console.error(`  ${name} #${i + 1}: no visible result within 30 s`)
      continue
    }
    const t = await page.evaluate((k) => window.__bench.results[k]!, k)
    samples.push(t.painted - t.input)
    windows.push([t.input, t.painted + 200])
    await sleep(250)
  }
  await sleep(200)
  const longest = await page.evaluate(
    (ws) =>
      Math.max(
        0,
        ...window.__bench.longTasks
          .filter((t) => ws.some(([a, b]) => t.start + t.duration > a && t.start < b))
          .map((t) => t.duration),
      ),
    windows,
  )
  await stop()
  return { samples, longest }
}

/** With BENCH_DEBUG, a CPU profile of the page until the returned function is called: /tmp/bench-profile-NAME. */
async function profile(page: Page, name: string): Promise<() => Promise<void>> {
  if (process.env.BENCH_TRACE) return trace(page, name)
  if (!process.env.BENCH_DEBUG) return async () => {}
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
  await cdp.send('Profiler.start')
  return async () => {
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown }
    writeFileSync(`/tmp/bench-profile-${name}.cpuprofile`, JSON.stringify(profile))
    await cdp.detach()
  }
}

/**
 * With BENCH_TRACE (instead of a CPU profile), a DevTools timeline trace until the returned function is called:
 * /tmp/bench-trace-NAME.json, with the time the main thread spent per event name (style, layout, paint, script)
 * in /tmp/bench-trace-NAME.txt.
 */
async function trace(page: Page, name: string): Promise<() => Promise<void>> {
  const cdp = await page.context().newCDPSession(page)
  const events: { name: string; ph: string; dur?: number; tdur?: number; tid: number; cat: string }[] = []
  cdp.on('Tracing.dataCollected', (e) => void events.push(...(e.value as unknown as typeof events)))
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline',
    transferMode: 'ReportEvents',
  })
  return async () => {
    const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()))
    await cdp.send('Tracing.end')
    await done
    await cdp.detach()
    writeFileSync(`/tmp/bench-trace-${name}.json`, JSON.stringify(events))
    // The renderer's main thread: the thread with the most RunTask time.
    const byThread = new Map<number, number>()
    for (const e of events) if (e.name === 'RunTask') byThread.set(e.tid, (byThread.get(e.tid) ?? 0) + (e.dur ?? 0))
    const main = [...byThread.entries()].sort((a, b) => b[1] - a[1])[0]?.[0]
    // Wall time and the thread's CPU time (tdur: what other work on the machine does not stretch).
    const per = new Map<string, [number, number]>()
    for (const e of events)
      if (e.tid === main && e.ph === 'X') {
        const [d, t] = per.get(e.name) ?? [0, 0]
        per.set(e.name, [d + (e.dur ?? 0), t + (e.tdur ?? 0)])
      }
    const lines = [...per.entries()]
      .sort((a, b) => b[1][0] - a[1][0])
      .map(([n, [d, t]]) => `${(d / 1000).toFixed(1)} ms wall\t${(t / 1000).toFixed(1)} ms cpu\t${n}`)
    writeFileSync(`/tmp/bench-trace-${name}.txt`, lines.join('\n') + '\n')
  }
}

/** Every interaction of the issue's list at the given CPU throttling rate, on a loaded grid. */
async function interactionPass(page: Page, rate: number, clicks: number): Promise<InteractionSet> {
  const out: InteractionSet = {}
  const tag = (id: string) => `${id}-${rate}x`
  await page.keyboard.press('Escape')
  await page.evaluate(() => document.querySelector<HTMLElement>('[role="grid"]')?.scrollTo(0, 0))
  await sleep(500)
  const dom = await page.evaluate(() => [
    document.getElementsByTagName('*').length,
    document.getElementsByTagName('option').length,
    document.querySelectorAll('[role="grid"] *').length,
  ])
  console.error(`  DOM: ${dom[0]} elements (${dom[1]} <option>, ${dom[2]} in the grid)`)
  const throttled = await cpuThrottle(page, rate)
  try {
    // Select: a grade not selected yet, one click at a time, each waiting for its PUT (as the load pass).
    const cells = page.locator('[role="gridcell"][aria-selected="false"]')
    if (want('select'))
      out.select = await measure(page, tag('select'), clicks, async () => {
        const el = (await cells.first().elementHandle({ timeout: 5_000 })) as ElementHandle<Element> | null
        if (!el) return null
        return {
          check: { kind: 'selected', selector: '' },
          el,
          act: async () => {
            await Promise.all([
              page.waitForResponse((r) => r.url().includes('/select') && r.request().method() === 'PUT', {
                timeout: 30_000,
              }),
              el.click(),
            ])
          },
        }
      })
    // N: focus moves to the next student needing a decision (scrolled into view).
    await page.locator('[role="gridcell"]').first().focus()
    if (want('next'))
      out.next = await measure(page, tag('next'), 10, async () => ({
        check: { kind: 'focus', selector: '[role="grid"] [role="gridcell"]' },
        act: () => page.keyboard.press('n'),
      }))
    // Sort: Spread (largest first), Spread (smallest first), Student (A–Z is where it was: Z–A, then A–Z).
    const header = (kind: string) => `[role="columnheader"].grid__colheader--${kind}`
    const sorts = ['spread', 'spread', 'student', 'student', 'student']
    if (want('sort'))
      out.sort = await measure(page, tag('sort'), sorts.length, async (i) => ({
        check: { kind: 'attr', selector: header(sorts[i]!), attr: 'aria-sort' },
        act: () => page.locator(`${header(sorts[i]!)} button`).click(),
      }))
    const count = { kind: 'changed', selector: '.toolbar__count' } as const
    const search = page.getByLabel('Search students')
    const words = ['an', '', 'be', '']
    if (want('filter'))
      out.filter = await measure(page, tag('filter'), words.length, async (i) => ({
        check: count,
        act: () => search.fill(words[i]!),
      }))
    const chip = page.getByRole('button', { name: /^Not selected \(/ })
    if (want('chip'))
      out.chip = await measure(page, tag('chip'), 4, async () => ({ check: count, act: () => chip.click() }))
    const tol = page.getByRole('spinbutton', { name: 'Tolerance', exact: true }).first()
    const original = await tol.inputValue()
    const values = ['0', original, '0', original]
    if (want('tolerance'))
      out.tolerance = await measure(page, tag('tolerance'), values.length, async (i) => ({
        check: { kind: 'changed', selector: 'button.chip', prefix: 'Disagree (' },
        act: () => tol.fill(values[i]!),
      }))
    // Scroll: end to end, 2 viewports a frame (as the load pass); each frame's gap is a sample.
    if (want('scroll')) {
      const before = await page.evaluate(() => window.__bench.longTasks.length)
      const stop = await profile(page, tag('scroll'))
      const s = await page.evaluate(() => window.__bench.scrollEndToEnd(2 * 900, 2000))
      await stop()
      await sleep(200)
      const longest = await page.evaluate(
        (from) => Math.max(0, ...window.__bench.longTasks.slice(from).map((t) => t.duration)),
        before,
      )
      out.scroll = { samples: [s.maxFrameGap], longest, totalMs: s.ms, frames: s.frames }
    }
    await page.evaluate(() => document.querySelector<HTMLElement>('[role="grid"]')?.scrollTo(0, 0))
    const rules = page.getByRole('button', { name: 'Reconciliation rules…' })
    if (want('rules'))
      out.rules = await measure(page, tag('rules'), 3, async (i) => {
        if (i > 0) {
          await page.keyboard.press('Escape')
          await page.locator('dialog').waitFor({ state: 'detached' })
        }
        return {
          check: { kind: 'exists', selector: 'dialog[open] [aria-label="Preview of the changes"]' },
          act: () => rules.click(),
        }
      })
    await page.keyboard.press('Escape')
  } finally {
    await throttled.send('Emulation.setCPUThrottlingRate', { rate: 1 })
    await throttled.detach()
  }
  return out
}

/** One size: the load, then (unless `slow`) the clicks and passes; then the Canvas-style loader on the same world. */
async function benchSize(
  browser: Browser,
  base: string,
  sim: Sim,
  n: number,
  { warmup = false, slow = false }: { warmup?: boolean; slow?: boolean } = {},
): Promise<SizeResult> {
  const worldId = await sim.world(n, slow ? SLOW_MS_PER_ROW : 0)
  try {
    const { context, page, api, encodings, received } = await openModeration(browser, base, worldId, n)
    const [appMs, timeOrigin] = await page.evaluate(() => [window.__bench.loadedAt!, performance.timeOrigin])
    await sleep(300) // let anything still in flight finish before counting
    const wire = wireBytes((await page.evaluate(inPage(responsesUntil as never, appMs))) as ResponseSize[], received)
    // The requests made until the grid was complete (the reads that start after it do not count).
    const untilGrid = api.filter((r) => r.start <= timeOrigin + appMs)
    const gradeable = untilGrid.filter((r) => new URL(r.url).pathname === GRADEABLE)
    if (process.env.BENCH_DEBUG) await writeDebug(n, api, appMs, timeOrigin, page)
    const urls = untilGrid.filter((r) => r.method === 'GET').map((r) => r.url)
    const duplicates = urls.length - new Set(urls).size
    const assignmentReq = api.find((r) => new URL(r.url).pathname === '/api/v1/courses/101/assignments/501')
    const firstPage = gradeable.reduce<ApiReq | undefined>((a, r) => (!a || r.start < a.start ? r : a), undefined)
    // "Together": page 1 starts before the assignment's response has come back.
    const firstTogether =
      !!assignmentReq && !!firstPage && firstPage.start < assignmentReq.end && assignmentReq.start < firstPage.end
    const result: SizeResult = {
      n,
      appMs,
      appDataMs: appMs - (Math.min(...api.map((r) => r.start)) - timeOrigin),
      canvasMs: NaN,
      canvasRequests: 0,
      requests: untilGrid.length,
      gradeableRequests: gradeable.length,
      refused: await sim.refused(worldId),
      duplicates,
      depth: criticalDepth(untilGrid),
      firstTogether,
      protocols: await page.evaluate(() => [
        ...new Set(
          (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
            .filter((e) => new URL(e.name).pathname.startsWith('/api/v1/'))
            .map((e) => e.nextHopProtocol),
        ),
      ]),
      wire,
      encodings: [...encodings].sort(),
      clickMedian: NaN,
      clickP95: NaN,
    }

    // Click → aria-selected="true", on cells not selected yet, one at a time (each waits for its PUT).
    const cells = page.locator('[role="gridcell"][aria-selected="false"]')
    for (let i = 0; i < (slow ? 0 : CLICKS); i++) {
      const cell = cells.first()
      const handle = await cell.elementHandle({ timeout: 5_000 })
      if (!handle) break
      await handle.evaluate((el) => window.__bench.armClick(el))
      const put = page.waitForResponse((r) => r.url().includes('/select') && r.request().method() === 'PUT', {
        timeout: 10_000,
      })
      await cell.click()
      await put
      await sleep(50)
    }
    const clicks = await page.evaluate(() => window.__bench.clicks)
    result.clickMedian = median(clicks)
    result.clickP95 = quantile(clicks, 0.95)

    if (!warmup && !slow && n === Math.max(...SIZES)) {
      const cdp = await context.newCDPSession(page)
      await cdp.send('HeapProfiler.collectGarbage')
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }
      result.heapMB = heap.usedSize / 1024 / 1024
      const before = await page.evaluate(() => window.__bench.longTasks.length)
      const stop = await profile(page, 'scroll-load-pass')
      const s = await page.evaluate(() => window.__bench.scrollEndToEnd(2 * 900, 2000))
      await stop()
      await sleep(200)
      const longest = await page.evaluate(
        (from) => Math.max(0, ...window.__bench.longTasks.slice(from).map((t) => t.duration)),
        before,
      )
      result.scroll = { longest, maxFrameGap: s.maxFrameGap, frames: s.frames }
      result.sortLongest = await longestTaskDuring(page, async () => {
        await page.getByLabel('Sort by').selectOption('spread-desc')
        await page.getByLabel('Sort by').selectOption('name-desc')
      })
      result.filterLongest = await longestTaskDuring(page, async () => {
        // One filter model: the "Not selected" triage chip, then a search.
        const chip = page.getByRole('button', { name: /^Not selected \(/ })
        await chip.click()
        await page.getByLabel('Search students').fill('an')
        await page.getByLabel('Search students').fill('')
        await chip.click()
      })
      result.interactions = new Map()
      for (const rate of THROTTLES) {
        console.error(`  interactions at ${rate}× CPU throttling…`)
        result.interactions.set(rate, await interactionPass(page, rate, Math.max(30, CLICKS)))
      }
    }

    if (!warmup && !slow && n === BULK_N && !INTERACTIONS_ONLY) {
      const accept = page.getByRole('button', { name: /^Accept all grades from / }).first()
      await accept.click()
      // Every student the grader graded (the default fills only those without a selection).
      const replace = page.getByRole('dialog').getByRole('checkbox', { name: /^Also replace/ })
      if (await replace.count()) await replace.check()
      const confirm = page.getByRole('dialog').getByRole('button', { name: /^Accept [\d,]+ grades?$/ })
      const grades = Number(((await confirm.textContent()) ?? '').replace(/\D/g, ''))
      const startCount = api.length
      const t0 = Date.now()
      await confirm.click()
      await page
        .getByRole('status')
        .filter({ hasText: /^Accepted [\d,]+ grades? from / })
        .waitFor({ timeout: 120_000 })
      const ms = Date.now() - t0
      await sleep(200)
      const bulkReqs = api.slice(startCount).filter((r) => r.url.includes('bulk_select')).length
      result.bulk = { ms, requests: bulkReqs, grades }
    }
    await context.close()
    if (INTERACTIONS_ONLY) return result

    // The Canvas-style loader, same simulator world, in a fresh page of the same origin.
    const ctx2 = await browser.newContext({ ignoreHTTPSErrors: true })
    await ctx2.addCookies([{ name: 'md_demo', value: `${worldId}.1`, url: base }])
    const p2 = await ctx2.newPage()
    await p2.goto(`${base}/healthz`)
    const canvas = (await p2.evaluate(
      inPage(
        canvasStyleLoad as never,
        `${GRADEABLE}?include[]=provisional_grades&allow_new_anonymous_id=true&per_page=50`,
      ),
    )) as { ms: number; requests: number; students: number }
    if (canvas.students !== n) throw new Error(`Canvas-style loader got ${canvas.students} of ${n} students`)
    result.canvasMs = canvas.ms
    result.canvasRequests = canvas.requests
    await ctx2.close()
    return result
  } finally {
    await sim.dispose(worldId)
  }
}

// ---------- initial JS ----------
interface JsSize {
  files: string[]
  raw: number
  gzip: number
  brotli: number
}
async function jsForRoute(
  browser: Browser,
  base: string,
  route: string,
  ready: (p: Page) => Promise<void>,
  worldId?: string,
): Promise<JsSize & { later?: JsSize }> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true })
  if (worldId) await context.addCookies([{ name: 'md_demo', value: `${worldId}.1`, url: base }])
  const page = await context.newPage()
  // When the grid is first in the document (the first rows come with it): what was asked for until then is the
  // screen's own code; what is asked for later (the panels below the grid) is counted apart.
  await page.addInitScript(() => {
    const w = window as unknown as { __gridAt?: number }
    new MutationObserver((_, o) => {
      if (w.__gridAt === undefined && document.querySelector('[role="grid"]')) {
        w.__gridAt = performance.now()
        o.disconnect()
      }
    }).observe(document, { childList: true, subtree: true })
  })
  await page.goto(`${base}${route}`)
  await ready(page)
  await sleep(1500)
  const [first, later] = (await page.evaluate(() => {
    const at = (window as unknown as { __gridAt?: number }).__gridAt ?? Infinity
    const js = performance
      .getEntriesByType('resource')
      .filter((e) => new URL(e.name).pathname.endsWith('.js'))
      .map((e) => [new URL(e.name).pathname, e.startTime < at] as const)
    return [js.filter(([, f]) => f).map(([p]) => p), js.filter(([, f]) => !f).map(([p]) => p)]
  })) as [string[], string[]]
  await context.close()
  return { ...sizeOf(first), later: later.length ? sizeOf(later) : undefined }
}

/** What index.html itself loads: the entry script and its modulepreloads (before any route or data code). */
function entryJs(): JsSize {
  const html = readFileSync(path.join(DIST, 'index.html'), 'utf8')
  const files = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map(
    (m) => m[1]!,
  )
  return sizeOf(files)
}

/** Raw, gzip (-9) and brotli (quality 11) bytes of built files: what the build's .gz and .br copies hold. */
function sizeOf(files: string[]): JsSize {
  let raw = 0
  let gzip = 0
  let brotli = 0
  for (const f of files) {
    const buf = readFileSync(path.join(DIST, f))
    raw += buf.length
    gzip += gzipSync(buf, { level: 9 }).length
    brotli += brotliCompressSync(buf, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: buf.length },
    }).length
  }
  return { files, raw, gzip, brotli }
}
const fmtSizes = (s: JsSize) => `${fmtKB(s.raw)} raw, ${fmtKB(s.gzip)} gzip, ${fmtKB(s.brotli)} brotli`

function machine(browserVersion: string): string {
  const cpus = os.cpus()
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')
  return `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 1024 ** 3)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}, Chromium ${browserVersion} (headless shell); load average at the end ${load} (other work on the machine shows up in the figures)`
}

// ---------- main ----------
async function main() {
  if (!SKIP_BUILD) {
    console.error(`Building the live app into ${DIST}…`)
    execFileSync(
      process.execPath,
      [
        path.join(root, 'node_modules/vite/bin/vite.js'),
        'build',
        '--outDir',
        DIST,
        '--emptyOutDir',
        '--logLevel',
        'warn',
      ],
      { cwd: root, stdio: 'inherit' },
    )
  }
  if (UNCOMPRESSED)
    for (const f of readdirSync(DIST, { recursive: true, encoding: 'utf8' }))
      if (/\.(?:br|gz)$/.test(f)) rmSync(path.join(DIST, f))
  const msw = readdirSync(path.join(DIST, 'assets')).some(
    (f) =>
      /msw|browser|handlers/i.test(f) || readFileSync(path.join(DIST, 'assets', f), 'utf8').includes('__sim/worlds'),
  )
  const port = await freePort()
  const base = `${HTTP1 ? 'http' : 'https'}://127.0.0.1:${port}`
  const server = await startServer(port)
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--disable-gpu', '--disable-quic'] })
  const sim = new Sim(base)
  const results: SizeResult[] = []
  const started = Date.now()
  try {
    console.error('Warming up (server and browser)…')
    await benchSize(browser, base, sim, 100, { warmup: true })
    for (const n of SIZES) {
      console.error(`N = ${fmtN(n)}…`)
      results.push(await benchSize(browser, base, sim, n))
    }
    const slowResults: SizeResult[] = []
    if (!INTERACTIONS_ONLY && SLOW_MS_PER_ROW > 0)
      for (const n of SLOW_SIZES) {
        console.error(`N = ${fmtN(n)}, Canvas taking ${SLOW_MS_PER_ROW * 100} ms per 100-student page…`)
        slowResults.push(await benchSize(browser, base, sim, n, { slow: true }))
      }
    // Initial JS: the shell (a route with no data: not-found), and everything for the first moderation screen.
    const none: JsSize = { files: [], raw: NaN, gzip: NaN, brotli: NaN }
    const shell = INTERACTIONS_ONLY
      ? none
      : await jsForRoute(browser, base, '/bench-not-found', (p) => p.getByRole('heading').first().waitFor())
    const wid = await sim.world(100)
    const modJs = INTERACTIONS_ONLY
      ? none
      : await jsForRoute(browser, base, LAB, (p) => p.getByRole('grid').waitFor(), wid)
    await sim.dispose(wid)

    const report = render(results, slowResults, shell, modJs, msw, machine(browser.version()), Date.now() - started)
    console.log(report)
    if (WRITE_README) writeReadme(report)
  } finally {
    await browser.close()
    server.kill('SIGTERM')
  }
}

function render(
  rs: SizeResult[],
  slow: SizeResult[],
  shell: JsSize,
  mod: JsSize & { later?: JsSize },
  mswInBuild: boolean,
  host: string,
  ms: number,
): string {
  const limit = 2 * LATENCY
  const lines: string[] = []
  const protocols = [...new Set(rs.flatMap((r) => r.protocols))].join(', ') || 'unknown'
  const transport = HTTP1
    ? 'HTTP/1.1 on 127.0.0.1 (6 connections per origin)'
    : 'HTTPS on 127.0.0.1 (self-signed), HTTP/2'
  lines.push(
    `Measured ${new Date().toISOString().slice(0, 10)} on ${host}; simulator latency ${LATENCY} ms per request with Canvas's throttle on (600 / 50 up front / 10 per s), ${GRADERS} graders, ${transport}; the browser reported ${protocols} for the API requests. Bench took ${Math.round(ms / 1000)} s.`,
  )
  lines.push('')
  lines.push(
    `"Floor" is the fewest round trips any client can take: page 1 alone (it tells how many pages there are), then the other pages ${HTTP1 ? '6 at a time (HTTP/1.1 connections per origin)' : `${CANVAS_MAX_IN_FLIGHT} at a time (the requests Canvas's throttle lets one token have in flight)`}; "2 × latency" is the issue's limit, which leaves both out.`,
  )
  lines.push('')
  lines.push(
    '| students | all in grid: from navigation | from first API request | Canvas-style loader (per_page=50, sequential) | speed-up | ÷ 2 × latency | ÷ floor (round trips) | API requests until then (gradeable_students) | refused by throttle, retried | duplicates | critical path (round trips) | page 1 with assignment | click → selected, median / p95 |',
  )
  lines.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: | ---: |')
  for (const r of rs) {
    const floor = floorRoundTrips(r.n)
    lines.push(
      `| ${fmtN(r.n)} | ${fmtMs(r.appMs)} | ${fmtMs(r.appDataMs)} | ${fmtMs(r.canvasMs)} (${r.canvasRequests} req) | ${fmtX(r.canvasMs / r.appDataMs)} | ${fmtX(r.appDataMs / limit)} | ${fmtX(overFloor(r, LATENCY))} (${floor}) | ${r.requests} (${r.gradeableRequests}) | ${r.refused} | ${r.duplicates} | ${r.depth} | ${r.firstTogether ? 'yes' : 'no'} | ${fmtMs(r.clickMedian)} / ${fmtMs(r.clickP95)} |`,
    )
  }
  lines.push('')
  if (slow.length) {
    const page = SLOW_MS_PER_ROW * 100
    lines.push(
      `When Canvas takes longer to build each page (${page} ms for a page of 100 students, ${SLOW_MS_PER_ROW * 50} ms for the loader's 50, on top of the ${LATENCY} ms latency; requests are worked on side by side, as by Canvas's many workers), a round trip of a 100-student page is ${SLOW_TRIP_MS} ms and the floor is as many of them as above:`,
    )
    lines.push('')
    lines.push(
      '| students | all in grid: from navigation | from first API request | Canvas-style loader (per_page=50, sequential) | speed-up | ÷ floor (round trips) | API requests until then (gradeable_students) | refused by throttle, retried | critical path (round trips) |',
    )
    lines.push('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
    for (const r of slow) {
      const floor = floorRoundTrips(r.n)
      lines.push(
        `| ${fmtN(r.n)} | ${fmtMs(r.appMs)} | ${fmtMs(r.appDataMs)} | ${fmtMs(r.canvasMs)} (${r.canvasRequests} req) | ${fmtX(r.canvasMs / r.appDataMs)} | ${fmtX(overFloor(r, SLOW_TRIP_MS))} (${floor}) | ${r.requests} (${r.gradeableRequests}) | ${r.refused} | ${r.depth} |`,
      )
    }
    lines.push('')
  }
  const small = rs.find((r) => r.n === Math.min(...SIZES))
  const big = rs.find((r) => r.n === Math.max(...SIZES))
  const bulk = rs.find((r) => r.bulk)
  const kinds: [WireKind | 'total', string][] = [
    ['html', 'HTML'],
    ['js', 'JS'],
    ['css', 'CSS'],
    ['api', 'API (JSON)'],
    ['total', 'total'],
  ]
  const others = rs.some((r) => r.wire.other.requests > 0)
  if (others) kinds.splice(4, 0, ['other', 'other'])
  const encodings = [...new Set(rs.flatMap((r) => r.encodings))].join(', ') || 'unknown'
  lines.push(
    `Bytes on the wire until the grid is shown (every response of the first moderation screen that had ended by then, per Resource Timing, with DevTools' count of the bytes received for it: headers and body as sent; decoded body size and responses in brackets)${UNCOMPRESSED ? ", served **without** the build's precompressed copies (`--uncompressed`)" : ''}; the app's files of 1 KB or more arrived as ${encodings}:`,
  )
  lines.push('')
  lines.push(`| students | ${kinds.map(([, label]) => label).join(' | ')} |`)
  lines.push(`| ---: | ${kinds.map(() => '---:').join(' | ')} |`)
  for (const r of rs)
    lines.push(
      `| ${fmtN(r.n)} | ${kinds.map(([k]) => `${fmtKB(r.wire[k].wire)} (${fmtKB(r.wire[k].decoded)}, ${r.wire[k].requests})`).join(' | ')} |`,
    )
  lines.push('')
  lines.push('| measure | value |')
  lines.push('| --- | ---: |')
  if (small && big)
    lines.push(
      `| click → selected p95, N=${fmtN(big.n)} ÷ N=${fmtN(small.n)} | ${(big.clickP95 / small.clickP95).toFixed(2)} (median ${(big.clickMedian / small.clickMedian).toFixed(2)}) |`,
    )
  if (big?.scroll)
    lines.push(
      `| longest task scrolling end to end, N=${fmtN(big.n)} (${big.scroll.frames} frames) | ${big.scroll.longest ? fmtMs(big.scroll.longest) : 'none over 50 ms'} (longest frame ${fmtMs(big.scroll.maxFrameGap)}) |`,
    )
  if (big?.sortLongest !== undefined)
    lines.push(
      `| longest task sorting (spread, then name Z–A), N=${fmtN(big.n)} | ${big.sortLongest ? fmtMs(big.sortLongest) : 'none over 50 ms'} |`,
    )
  if (big?.filterLongest !== undefined)
    lines.push(
      `| longest task filtering (no selection, search), N=${fmtN(big.n)} | ${big.filterLongest ? fmtMs(big.filterLongest) : 'none over 50 ms'} |`,
    )
  if (bulk?.bulk)
    lines.push(
      `| "Accept all from a grader", N=${fmtN(bulk.n)} (${fmtN(bulk.bulk.grades)} grades) | ${fmtMs(bulk.bulk.ms)}, ${bulk.bulk.requests} bulk_select requests |`,
    )
  if (big?.heapMB !== undefined)
    lines.push(`| JS heap after load (after GC), N=${fmtN(big.n)} | ${big.heapMB.toFixed(1)} MB |`)
  const entry = entryJs()
  lines.push(
    `| initial JS of the live build (what index.html loads, ${entry.files.length} file${entry.files.length === 1 ? '' : 's'}) | ${fmtSizes(entry)} |`,
  )
  if (shell.files.length)
    lines.push(
      `| JS for a screen without Canvas data (the shell + its session check, ${shell.files.length} files) | ${fmtSizes(shell)} |`,
    )
  if (mod.files.length)
    lines.push(
      `| JS for the first moderation screen (${mod.files.length} files, asked for before the grid is shown) | ${fmtSizes(mod)} |`,
    )
  if (mod.later)
    lines.push(
      `| JS the moderation page asks for once the grid is shown (the panels below it, ${mod.later.files.length} file${mod.later.files.length === 1 ? '' : 's'}) | ${fmtSizes(mod.later)} |`,
    )
  lines.push(`| msw / simulator code in the live build | ${mswInBuild ? 'YES' : 'none'} |`)
  if (big?.interactions?.size) lines.push('', ...renderInteractions(big.n, big.interactions))
  const targets = renderTargets(rs, slow, entry, mod)
  if (targets.length) lines.push('', 'The issues’ targets, in this run:', '', ...targets)
  return lines.join('\n')
}

/** Issues #5 and #17's targets against this run's figures, each met or not (only those this run measured). */
function renderTargets(rs: SizeResult[], slow: SizeResult[], entry: JsSize, mod: JsSize): string[] {
  const out: string[] = []
  const verdict = (met: boolean) => (met ? 'met' : '**not met**')
  const at = (n: number) => rs.find((r) => r.n === n)
  const small = at(Math.min(...SIZES))
  const big = at(Math.max(...SIZES))
  if (small && big && big !== small) {
    const ratio = big.clickP95 / small.clickP95
    out.push(
      `- click → selected p95 at ${fmtN(big.n)} students ≤ 1.5× that at ${fmtN(small.n)} (#5): ${ratio.toFixed(2)}×, ${verdict(ratio <= 1.5)}`,
    )
  }
  for (const n of [5000, 10000]) {
    const r = at(n)
    if (!r || !Number.isFinite(r.canvasMs)) continue
    const speedUp = r.canvasMs / r.appDataMs
    const floor = overFloor(r, LATENCY)
    out.push(
      `- ${fmtN(n)} students 10× faster than the Canvas-style loader (#5): ${fmtX(speedUp)}, ${verdict(speedUp >= 10)}; within 1.5× of the floor (#17): ${fmtX(floor)}, ${verdict(floor <= 1.5)}`,
    )
  }
  for (const r of slow) {
    const floor = overFloor(r, SLOW_TRIP_MS)
    out.push(
      `- the same with Canvas taking ${SLOW_MS_PER_ROW * 100} ms per page, ${fmtN(r.n)} students (#17): ${fmtX(floor)} the floor, ${fmtX(r.canvasMs / r.appDataMs)} faster than the Canvas-style loader`,
    )
  }
  const four = big?.interactions?.get(4)
  if (four) {
    const tasks = INTERACTIONS.filter(([id]) => four[id]).map(([id]) => [id, four[id]!.longest] as const)
    const over = tasks.filter(([, ms]) => ms > 100)
    out.push(
      `- no long task over 100 ms at 4× (#17): ${over.length ? `${verdict(false)} for ${over.map(([id, ms]) => `${id} (${fmtMs(ms)})`).join(', ')}` : `${verdict(true)} (longest ${((m) => (m ? fmtMs(m) : 'none ≥ 50 ms'))(Math.max(0, ...tasks.map(([, ms]) => ms)))})`}`,
    )
    const select = four.select?.samples
    if (select?.length) {
      const p95 = quantile(select, 0.95)
      out.push(`- click → selected p95 under 100 ms at 4× (#17): ${fmtMs(p95)}, ${verdict(p95 < 100)}`)
    }
  }
  const kb = (b: number) => b / 1024
  if (Number.isFinite(entry.gzip))
    out.push(`- initial JS under 120 KB gzip (#5, #17): ${fmtKB(entry.gzip)}, ${verdict(kb(entry.gzip) < 120)}`)
  if (mod.files.length)
    out.push(
      `- JS for the first moderation screen under 150 KB gzip (#17): ${fmtKB(mod.gzip)}, ${verdict(kb(mod.gzip) < 150)}`,
    )
  return out
}

/** Issue #17's targets at 4×: no long task over 100 ms; click → selected p95 under 100 ms. */
function renderInteractions(n: number, sets: Map<number, InteractionSet>): string[] {
  const rates = [...sets.keys()]
  const lines = [
    `Interactions at ${fmtN(n)} students with Chromium's CPU throttling (DevTools \`Emulation.setCPUThrottlingRate\`) at ${rates.map((r) => `${r}×`).join(' and ')}, after the load, on the same page: time from the input event to the frame after the visible result (median / slowest; select: median / p95 over the clicks; scroll: the longest frame and the whole pass), and the longest task from the input to 200 ms after the result (PerformanceObserver \`longtask\`, which reports tasks of 50 ms or more). Targets at 4× (issue #17): no long task over 100 ms, click → selected p95 under 100 ms.`,
    '',
    `| interaction (samples) | ${rates.map((r) => `${r}×: to the result | ${r}×: longest task`).join(' | ')} |`,
    `| --- | ${rates.map(() => '---: | ---:').join(' | ')} |`,
  ]
  const task = (ms: number) => (ms ? fmtMs(ms) : 'none ≥ 50 ms')
  for (const [id, label] of INTERACTIONS) {
    const cells = rates.map((rate) => {
      const r = sets.get(rate)?.[id]
      if (!r || r.samples.length === 0) return '– | –'
      const time =
        id === 'scroll'
          ? `${fmtMs(r.samples[0])} frame, ${fmtMs(r.totalMs)} for ${r.frames} frames`
          : id === 'select'
            ? `${fmtMs(median(r.samples))} / ${fmtMs(quantile(r.samples, 0.95))}`
            : `${fmtMs(median(r.samples))} / ${fmtMs(Math.max(...r.samples))}`
      return `${time} | ${task(r.longest)}`
    })
    const count = sets.get(rates[0]!)?.[id]?.samples.length ?? 0
    lines.push(`| ${label} (${id === 'scroll' ? 1 : count}) | ${cells.join(' | ')} |`)
  }
  return lines
}

function writeReadme(report: string) {
  const file = path.join(root, 'README.md')
  const text = readFileSync(file, 'utf8')
  const block = `<!-- bench:start -->\n${report}\n<!-- bench:end -->`
  const re = /<!-- bench:start -->[\s\S]*?<!-- bench:end -->/
  if (re.test(text)) writeFileSync(file, text.replace(re, block))
  else console.error('README.md has no <!-- bench:start --> / <!-- bench:end --> markers; not written.')
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
