// @vitest-environment node
/**
 * Delivery of the built app (static-files.ts): precompressed brotli/gzip chosen by Accept-Encoding, Vary,
 * strong ETags per encoding and 304s, over real HTTP/1.1 and, through the app server with TLS, HTTP/2.
 * (static-files.test.ts covers paths and methods; static-files-build.test.ts the build that writes the copies.)
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http'
import { connect, type ClientHttp2Session } from 'node:http2'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeSelfSignedCert } from '../../../e2e/support/self-signed-cert'
import { createAppServer } from '../app-server'
import { readConfig } from '../config'
import { setSecurityHeaders } from '../security-headers'
import { negotiateEncoding, serveStatic } from '../static-files'
import { close, listen } from './http-helpers'

const top = mkdtempSync(path.join(tmpdir(), 'md-delivery-'))
const dist = path.join(top, 'dist')
const BROWSER = 'gzip, deflate, br, zstd' // what Chromium sends over HTTPS
const INDEX = `<!doctype html><title>app</title><script type="module" src="/assets/index-abc123.js"></script>${'<!-- padding -->'.repeat(80)}`
const ENTRY = `export const rows = [${Array.from({ length: 400 }, (_, i) => `{ id: ${i}, name: "student ${i}" }`).join(', ')}]\n`

/** Writes `name` with its .br and .gz copies, as the build does. */
function writeWithCopies(name: string, text: string) {
  const file = path.join(dist, name)
  writeFileSync(file, text)
  writeFileSync(file + '.br', brotliCompressSync(text))
  writeFileSync(file + '.gz', gzipSync(text, { level: 9 }))
}

let server: Server
let base: string

beforeAll(async () => {
  mkdirSync(path.join(dist, 'assets'), { recursive: true })
  writeWithCopies('index.html', INDEX)
  writeWithCopies('assets/index-abc123.js', ENTRY)
  writeWithCopies('robots.txt', 'User-agent: *\nDisallow: /\n'.repeat(60))
  writeFileSync(path.join(dist, 'assets', 'tiny-abc123.js'), 'console.log(1)') // < 1 KB: no copies
  writeFileSync(path.join(dist, 'favicon.png'), Buffer.alloc(2048, 7)) // not a text type
  // Outside the build folder, with copies a careless lookup could find.
  writeFileSync(path.join(top, 'secret.txt'), 'secret')
  writeFileSync(path.join(top, 'secret.txt.br'), brotliCompressSync('secret'))
  server = createServer((req, res) => {
    setSecurityHeaders(res)
    serveStatic(dist, req, res)
  })
  base = await listen(server)
})
afterAll(() => close(server))

type Answer = { status: number; headers: IncomingHttpHeaders; body: Buffer }

/** A raw request (no automatic Accept-Encoding, no normalising of `..`). */
function get(rawPath: string, headers: Record<string, string> = {}, method = 'GET', origin = base): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const u = new URL(origin)
    const req = request({ host: u.hostname, port: u.port, path: rawPath, method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })
}

function decode(a: { headers: IncomingHttpHeaders; body: Buffer }): string {
  const coding = a.headers['content-encoding']
  if (coding === 'br') return brotliDecompressSync(a.body).toString()
  if (coding === 'gzip') return gunzipSync(a.body).toString()
  expect(coding).toBeUndefined()
  return a.body.toString()
}

const size = (name: string) => readFileSync(path.join(dist, name)).length

describe('negotiateEncoding', () => {
  const both = ['br', 'gzip'] as const
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['identity', 'identity'],
    ['deflate, zstd', 'identity'],
    [BROWSER, 'br'],
    ['gzip, deflate', 'gzip'],
    ['x-gzip', 'gzip'],
    ['BR;Q=1, GZIP', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', 'identity'],
    ['*', 'br'],
    ['*;q=0', 'identity'],
    ['gzip;q=0, *', 'br'],
    ['br;q=0, *;q=0.5', 'gzip'],
    ['br;q=0.5, gzip;q=0.8', 'gzip'],
    ['br;q=0.500, gzip;q=0.5', 'br'],
    ['br;q=0.2, identity', 'identity'],
    ['br;q=0.2, identity;q=0.1', 'br'],
    ['br;q=2, gzip', 'gzip'], // not a valid weight: not acceptable
    ['br;q=abc', 'identity'],
    [['gzip', 'br'], 'br'],
  ])('%j → %s', (header, expected) => {
    expect(negotiateEncoding(header, both)).toBe(expected)
  })

  it('only chooses among the copies there are', () => {
    expect(negotiateEncoding(BROWSER, ['gzip'])).toBe('gzip')
    expect(negotiateEncoding(BROWSER, [])).toBe('identity')
    expect(negotiateEncoding('br', ['gzip'])).toBe('identity')
  })
})

describe('serveStatic: compressed delivery', () => {
  it('sends the brotli copy when brotli is offered, with its own length, and Vary', async () => {
    const r = await get('/assets/index-abc123.js', { 'accept-encoding': BROWSER })
    expect(r.status).toBe(200)
    expect(r.headers['content-encoding']).toBe('br')
    expect(r.headers['content-length']).toBe(String(size('assets/index-abc123.js.br')))
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(r.headers.vary).toBe('Accept-Encoding')
    expect(r.body.length).toBeLessThan(ENTRY.length / 3)
    expect(decode(r)).toBe(ENTRY)
  })

  it('sends the gzip copy when only gzip is offered (or brotli is refused)', async () => {
    for (const offer of ['gzip', 'gzip, deflate', 'br;q=0, gzip']) {
      const r = await get('/assets/index-abc123.js', { 'accept-encoding': offer })
      expect([offer, r.headers['content-encoding']]).toEqual([offer, 'gzip'])
      expect(r.headers['content-length']).toBe(String(size('assets/index-abc123.js.gz')))
      expect(decode(r)).toBe(ENTRY)
    }
  })

  it('sends the file itself when neither is offered, or both are refused, still with Vary', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { 'accept-encoding': '' },
      { 'accept-encoding': 'deflate' },
      { 'accept-encoding': 'br;q=0, gzip;q=0' },
      { 'accept-encoding': '*;q=0' },
    ]) {
      const r = await get('/assets/index-abc123.js', headers)
      expect(r.headers['content-encoding']).toBeUndefined()
      expect(r.headers['content-length']).toBe(String(ENTRY.length))
      expect(r.headers.vary).toBe('Accept-Encoding')
      expect(r.body.toString()).toBe(ENTRY)
    }
  })

  it('sends a small text file without copies as it is, with Vary; a non-text file without Vary', async () => {
    const tiny = await get('/assets/tiny-abc123.js', { 'accept-encoding': BROWSER })
    expect([tiny.status, tiny.headers['content-encoding'], tiny.headers.vary, tiny.body.toString()]).toEqual([
      200,
      undefined,
      'Accept-Encoding',
      'console.log(1)',
    ])
    const png = await get('/favicon.png', { 'accept-encoding': BROWSER })
    expect([png.status, png.headers['content-encoding'], png.headers.vary, png.body.length]).toEqual([
      200,
      undefined,
      undefined,
      2048,
    ])
    expect(png.headers.etag).toMatch(/^"[\w-]+"$/)
  })

  it('keeps immutable caching for hashed assets (with an ETag too) and no-cache for the rest', async () => {
    const asset = await get('/assets/index-abc123.js', { 'accept-encoding': BROWSER })
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(asset.headers.etag).toMatch(/^"[\w-]+"$/)
    const robots = await get('/robots.txt', { 'accept-encoding': 'gzip' })
    expect([robots.headers['cache-control'], robots.headers['content-encoding']]).toEqual(['no-cache', 'gzip'])
    expect(robots.headers.etag).toMatch(/^"[\w-]+"$/)
  })
})

describe('serveStatic: ETag and 304', () => {
  it('gives each encoding its own strong ETag, stable across requests', async () => {
    const tags = await Promise.all(
      ['br', 'gzip', 'identity'].map(
        async (offer) => (await get('/assets/index-abc123.js', { 'accept-encoding': offer })).headers.etag,
      ),
    )
    for (const tag of tags) expect(tag).toMatch(/^"[\w-]+"$/) // strong: no W/
    expect(new Set(tags).size).toBe(3)
    expect((await get('/assets/index-abc123.js', { 'accept-encoding': 'br' })).headers.etag).toBe(tags[0])
  })

  it('answers a matching If-None-Match with 304, no body, and the caching headers', async () => {
    const first = await get('/robots.txt', { 'accept-encoding': BROWSER })
    const again = await get('/robots.txt', { 'accept-encoding': BROWSER, 'if-none-match': first.headers.etag! })
    expect(again.status).toBe(304)
    expect(again.body.length).toBe(0)
    expect(again.headers.etag).toBe(first.headers.etag)
    expect(again.headers['cache-control']).toBe('no-cache')
    expect(again.headers.vary).toBe('Accept-Encoding')
    expect(again.headers['content-security-policy']).toContain("default-src 'self'")
    // In a list, weakly compared (a W/ prefix, as some proxies add, still matches), or `*`.
    for (const inm of [`"other", ${first.headers.etag}`, `W/${first.headers.etag}`, '*'])
      expect((await get('/robots.txt', { 'accept-encoding': BROWSER, 'if-none-match': inm })).status).toBe(304)
    expect((await get('/robots.txt', { 'accept-encoding': BROWSER, 'if-none-match': '"other"' })).status).toBe(200)
  })

  it('does not let the ETag of one encoding validate another', async () => {
    const gz = await get('/assets/index-abc123.js', { 'accept-encoding': 'gzip' })
    const br = await get('/assets/index-abc123.js', { 'accept-encoding': BROWSER, 'if-none-match': gz.headers.etag! })
    expect([br.status, br.headers['content-encoding']]).toEqual([200, 'br'])
    expect(decode(br)).toBe(ENTRY)
    const plain = await get('/assets/index-abc123.js', { 'if-none-match': gz.headers.etag! })
    expect([plain.status, plain.body.toString()]).toEqual([200, ENTRY])
    const gzAgain = await get('/assets/index-abc123.js', {
      'accept-encoding': 'gzip',
      'if-none-match': gz.headers.etag!,
    })
    expect(gzAgain.status).toBe(304)
  })

  it('changes the ETag when the file changes (a new build)', async () => {
    writeWithCopies('changing.txt', 'one\n'.repeat(400))
    const before = await get('/changing.txt', { 'accept-encoding': 'br' })
    writeWithCopies('changing.txt', 'two\n'.repeat(400))
    const after = await get('/changing.txt', { 'accept-encoding': 'br', 'if-none-match': before.headers.etag! })
    expect(after.status).toBe(200)
    expect(after.headers.etag).not.toBe(before.headers.etag)
    expect(decode(after)).toBe('two\n'.repeat(400))
  })
})

describe('serveStatic: HEAD, the SPA fallback and the safety checks', () => {
  it('answers HEAD with the headers of GET and no body', async () => {
    for (const offer of [BROWSER, 'gzip', '']) {
      const got = await get('/assets/index-abc123.js', { 'accept-encoding': offer })
      const head = await get('/assets/index-abc123.js', { 'accept-encoding': offer }, 'HEAD')
      expect(head.status).toBe(200)
      expect(head.body.length).toBe(0)
      for (const h of ['content-length', 'content-encoding', 'content-type', 'etag', 'vary', 'cache-control'])
        expect([h, head.headers[h]]).toEqual([h, got.headers[h]])
    }
    const etag = (await get('/', { 'accept-encoding': BROWSER })).headers.etag!
    const head304 = await get('/', { 'accept-encoding': BROWSER, 'if-none-match': etag }, 'HEAD')
    expect([head304.status, head304.headers.etag]).toEqual([304, etag])
  })

  it('serves index.html compressed for client routes, revalidated with its ETag', async () => {
    const route = await get('/courses/101/assignments/501/moderate', { 'accept-encoding': BROWSER })
    expect(route.status).toBe(200)
    expect([route.headers['content-encoding'], route.headers['cache-control'], route.headers.vary]).toEqual([
      'br',
      'no-cache',
      'Accept-Encoding',
    ])
    expect(decode(route)).toBe(INDEX)
    expect((await get('/', { 'accept-encoding': BROWSER })).headers.etag).toBe(route.headers.etag)
    const again = await get('/courses/102/assignments/9/moderate', {
      'accept-encoding': BROWSER,
      'if-none-match': route.headers.etag!,
    })
    expect([again.status, again.body.length]).toEqual([304, 0])
    const gz = await get('/courses/101', { 'accept-encoding': 'gzip' })
    expect(decode(gz)).toBe(INDEX)
  })

  it.each([
    '/../secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
    '/%2e%2e/secret.txt',
  ])('never serves a file (or a copy) outside the build folder: %s', async (p) => {
    const r = await get(p, { 'accept-encoding': BROWSER })
    expect([200, 404]).toContain(r.status)
    expect(r.body.toString()).not.toContain('secret')
    if (r.status === 200) expect(decode(r)).toBe(INDEX)
  })

  it('still answers 404, 405 and 400 as before, and 503 when nothing is built', async () => {
    expect((await get('/assets/missing.js', { 'accept-encoding': BROWSER })).status).toBe(404)
    expect((await get('/', { 'accept-encoding': BROWSER }, 'POST')).status).toBe(405)
    expect((await get('/%E0%A4%A', { 'accept-encoding': BROWSER })).status).toBe(400)
    const empty = createServer((req, res) => serveStatic(path.join(top, 'not-built'), req, res))
    const origin = await listen(empty)
    try {
      expect((await get('/', { 'accept-encoding': BROWSER }, 'GET', origin)).status).toBe(503)
    } finally {
      await close(empty)
    }
  })
})

describe('the app server over HTTPS with HTTP/2', () => {
  it('negotiates the encoding, sends the copy’s length and answers If-None-Match with 304', async () => {
    const { certFile, keyFile } = makeSelfSignedCert(path.join(top, 'tls'))
    const app = createAppServer(readConfig({ TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile }), { distDir: dist })
    const origin = await listen(app)
    const session = await new Promise<ClientHttp2Session>((resolve, reject) => {
      const s = connect(origin, { rejectUnauthorized: false })
      s.once('connect', () => resolve(s))
      s.once('error', reject)
    })
    const h2 = (p: string, headers: Record<string, string>) =>
      new Promise<Answer>((resolve, reject) => {
        const stream = session.request({ ':path': p, ...headers })
        const chunks: Buffer[] = []
        let got: IncomingHttpHeaders = {}
        stream.on('response', (h) => (got = h))
        stream.on('data', (c: Buffer) => chunks.push(c))
        stream.on('error', reject)
        stream.on('end', () => resolve({ status: Number(got[':status']), headers: got, body: Buffer.concat(chunks) }))
        stream.end()
      })
    try {
      expect(session.alpnProtocol).toBe('h2')
      const [br, gz, plain, route] = await Promise.all([
        h2('/assets/index-abc123.js', { 'accept-encoding': BROWSER }),
        h2('/assets/index-abc123.js', { 'accept-encoding': 'gzip' }),
        h2('/assets/index-abc123.js', {}),
        h2('/courses/101/assignments/501/moderate', { 'accept-encoding': BROWSER }),
      ])
      expect([br.status, br.headers['content-encoding'], br.headers['content-length'], br.headers.vary]).toEqual([
        200,
        'br',
        String(size('assets/index-abc123.js.br')),
        'Accept-Encoding',
      ])
      expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      expect(decode(br)).toBe(ENTRY)
      expect([gz.headers['content-encoding'], decode(gz)]).toEqual(['gzip', ENTRY])
      expect([plain.headers['content-encoding'], plain.body.toString()]).toEqual([undefined, ENTRY])
      expect([route.headers['content-encoding'], decode(route)]).toEqual(['br', INDEX])
      const again = await h2('/assets/index-abc123.js', {
        'accept-encoding': BROWSER,
        'if-none-match': br.headers.etag as string,
      })
      expect([again.status, again.body.length, again.headers.etag, again.headers.vary]).toEqual([
        304,
        0,
        br.headers.etag,
        'Accept-Encoding',
      ])
      const head = await h2('/assets/index-abc123.js', { ':method': 'HEAD', 'accept-encoding': BROWSER })
      expect([head.status, head.headers['content-length'], head.body.length]).toEqual([
        200,
        br.headers['content-length'],
        0,
      ])
    } finally {
      session.destroy()
      await close(app)
    }
  })
})
