// @vitest-environment node
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setSecurityHeaders } from '../security-headers'
import { serveStatic } from '../static-files'

let server: Server
let base: string

beforeAll(async () => {
  const top = mkdtempSync(path.join(tmpdir(), 'md-static-'))
  const dist = path.join(top, 'dist')
  mkdirSync(path.join(dist, 'assets'), { recursive: true })
  mkdirSync(path.join(top, 'dist-other'))
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>app</title>')
  writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)')
  writeFileSync(path.join(top, 'dist-other', 'secret.txt'), 'secret')
  writeFileSync(path.join(top, 'secret.txt'), 'secret')
  server = createServer((req, res) => {
    setSecurityHeaders(res)
    serveStatic(dist, req, res)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const addr = server.address()
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
})
afterAll(() => new Promise<void>((r) => server.close(() => r())))

/** Raw request: fetch() would normalise `..` away before it reaches the server. */
function get(
  rawPath: string,
  method = 'GET',
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(base)
    const req = request({ host: u.hostname, port: u.port, path: rawPath, method }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('serveStatic', () => {
  it('serves hashed assets with immutable caching and html with no-cache', async () => {
    const asset = await get('/assets/index-abc123.js')
    expect(asset.status).toBe(200)
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(asset.headers['content-type']).toMatch(/javascript/)
    const html = await get('/')
    expect(html.body).toContain('<title>app</title>')
    expect(html.headers['cache-control']).toBe('no-cache')
  })

  it('falls back to index.html for client routes but not for missing files', async () => {
    const route = await get('/courses/101/assignments/501/moderate')
    expect(route.status).toBe(200)
    expect(route.body).toContain('<title>app</title>')
    expect((await get('/assets/missing.js')).status).toBe(404)
  })

  it.each([
    '/../secret.txt',
    '/..%2fsecret.txt',
    '/..%2fdist-other/secret.txt',
    '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
    '/assets/..%2f..%2fsecret.txt',
    '/..%5csecret.txt',
  ])('never serves a file outside the build folder: %s', async (p) => {
    const r = await get(p)
    expect(r.body).not.toContain('secret')
    expect([200, 404]).toContain(r.status)
    if (r.status === 200) expect(r.body).toContain('<title>app</title>')
  })

  it('answers 400 to a malformed escape and to a NUL byte', async () => {
    expect((await get('/%E0%A4%A')).status).toBe(400)
    expect((await get('/index.html%00.js')).status).toBe(400)
  })

  it('refuses writes', async () => {
    expect((await get('/', 'POST')).status).toBe(405)
  })

  it('sends the security headers', async () => {
    const r = await get('/')
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(r.headers['content-security-policy']).toContain("script-src 'self'")
    expect(r.headers['x-content-type-options']).toBe('nosniff')
    expect(r.headers['referrer-policy']).toBe('no-referrer')
  })
})
