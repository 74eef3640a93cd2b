// @vitest-environment node
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http'
import { connect } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createCanvasProxy, rewriteLinkHeader, type ProxyLog } from '../canvas-proxy'

const TOKEN = 'canvas-secret-token-1234'
let upstream: Server
let upstreamUrl: string
let proxy: Server
let proxyPort: number
let seen: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }>
let logs: ProxyLog[]

const listen = (s: Server) =>
  new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as { port: number }).port)))

beforeAll(async () => {
  upstream = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body })
      if (req.url!.includes('/assignments/9/')) return void setTimeout(() => res.end('[]'), 1500) // slow
      if (req.url!.startsWith('/api/v1/courses/7')) {
        res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Rate-Limit-Remaining': '0.0' })
        return void res.end('403 Forbidden (Rate Limit Exceeded)\n')
      }
      if (req.url!.includes('publish')) {
        res.writeHead(422, { 'Content-Type': 'application/json' })
        return void res.end('{"message":"All submissions must have a selected grade"}')
      }
      res.writeHead(200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Set-Cookie': '_normandy_session=abc; HttpOnly',
        'X-Request-Cost': '0.01',
        Link:
          `<${upstreamUrl}/api/v1/courses/1/assignments/2/gradeable_students?include%5B%5D=provisional_grades&page=1&per_page=100>; rel="current",` +
          `<${upstreamUrl}/api/v1/courses/1/assignments/2/gradeable_students?include%5B%5D=provisional_grades&page=2&per_page=100>; rel="next",` +
          `<https://evil.example/steal>; rel="last"`,
      })
      res.end(JSON.stringify([{ id: 1 }]))
    })
  })
  upstreamUrl = `http://127.0.0.1:${await listen(upstream)}`
  const handler = createCanvasProxy({ canvasUrl: upstreamUrl, getToken: () => TOKEN, timeoutMs: 300, log: (e) => logs.push(e) })
  proxy = createServer((req, res) => void handler(req, res))
  proxyPort = await listen(proxy)
})
afterAll(() => {
  upstream.closeAllConnections()
  upstream.close()
  proxy.close()
})
beforeEach(() => {
  seen = []
  logs = []
})

function call(method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: proxyPort, method, path, headers }, (res) => {
      let b = ''
      res.on('data', (c) => (b += c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: b }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

describe('canvas proxy', () => {
  it('adds the server-held token, replacing any Authorization and cookie from the browser', async () => {
    const r = await call('GET', '/api/v1/users/self', { Authorization: 'Bearer stolen', Cookie: 'md_sid=x', 'X-Forwarded-For': '1.2.3.4' })
    expect(r.status).toBe(200)
    expect(seen).toHaveLength(1)
    expect(seen[0].headers.authorization).toBe(`Bearer ${TOKEN}`)
    expect(seen[0].headers.cookie).toBeUndefined()
    expect(seen[0].headers['x-forwarded-for']).toBeUndefined()
  })

  it('never lets the token or Canvas cookies reach the browser', async () => {
    const r = await call('GET', '/api/v1/courses/1/assignments/2/gradeable_students?include%5B%5D=provisional_grades&per_page=100')
    expect(JSON.stringify(r.headers) + r.body).not.toContain(TOKEN)
    expect(r.headers['set-cookie']).toBeUndefined()
    expect(r.headers['x-request-cost']).toBe('0.01')
  })

  it('rewrites Link URLs to same-origin paths and drops links to other hosts', async () => {
    const r = await call('GET', '/api/v1/courses/1/assignments/2/gradeable_students?per_page=100')
    expect(r.headers.link).toBe(
      '</api/v1/courses/1/assignments/2/gradeable_students?include%5B%5D=provisional_grades&page=1&per_page=100>; rel="current",' +
        '</api/v1/courses/1/assignments/2/gradeable_students?include%5B%5D=provisional_grades&page=2&per_page=100>; rel="next"',
    )
  })

  it('forwards bodies and passes Canvas error statuses and bodies through unchanged', async () => {
    const r = await call('POST', '/api/v1/courses/1/assignments/2/provisional_grades/publish', { 'Content-Type': 'application/json' }, '{}')
    expect(r.status).toBe(422)
    expect(JSON.parse(r.body)).toEqual({ message: 'All submissions must have a selected grade' })
    const sel = await call('PUT', '/api/v1/courses/1/assignments/2/provisional_grades/bulk_select', { 'Content-Type': 'application/json' }, '{"provisional_grade_ids":[1,2]}')
    expect(sel.status).toBe(200)
    expect(seen.at(-1)!.body).toBe('{"provisional_grade_ids":[1,2]}')
    expect(seen.at(-1)!.headers['content-type']).toBe('application/json')
  })

  it('passes the rate-limit 403 through with its header', async () => {
    const r = await call('GET', '/api/v1/courses/7')
    expect(r.status).toBe(403)
    expect(r.body).toBe('403 Forbidden (Rate Limit Exceeded)\n')
    expect(r.headers['x-rate-limit-remaining']).toBe('0.0')
  })

  it.each([
    ['GET', '/api/v1/accounts/1/users', 404],
    ['DELETE', '/api/v1/courses/1', 405],
    ['POST', '/api/v1/courses/1/assignments/2/submissions/3', 405],
    ['GET', '/api/v1/courses/1/../../login', 400],
    ['GET', '/api/v1/courses/1/%2e%2e/%2e%2e/users/self', 400],
    ['GET', '/api/v1/courses/1%2f..%2f..%2fusers', 400],
    ['GET', '/courses/1/gradebook/update_submission', 400],
    ['GET', 'http://evil.example/api/v1/users/self', 400],
    ['GET', '//evil.example/api/v1/users/self', 400],
  ])('refuses %s %s with %i and never calls Canvas', async (method, path, status) => {
    const r = await call(method, path)
    expect(r.status).toBe(status)
    expect(JSON.parse(r.body).errors[0].message).toBeTruthy()
    expect(seen).toHaveLength(0)
  })

  it('refuses a header-injection attempt in the request line', async () => {
    // Raw socket: a CR/LF smuggled into the target must not become a header sent to Canvas.
    const reply = await new Promise<string>((resolve) => {
      const sock = connect(proxyPort, '127.0.0.1', () => {
        sock.write('GET /api/v1/users/self%0d%0aAuthorization:%20Bearer%20x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
      })
      let data = ''
      sock.on('data', (c) => (data += c))
      sock.on('end', () => resolve(data))
    })
    expect(reply).toMatch(/^HTTP\/1\.1 400/)
    expect(seen).toHaveLength(0)
  })

  it('answers 504 when Canvas is too slow', async () => {
    const r = await call('GET', '/api/v1/courses/1/assignments/9/gradeable_students')
    expect(r.status).toBe(504)
    expect(JSON.parse(r.body).errors[0].message).toMatch(/did not answer/)
  })

  it('logs method, path template, status and latency only', async () => {
    await call('GET', '/api/v1/courses/1/assignments/2/submissions/1234?include[]=provisional_grades')
    expect(logs).toHaveLength(1)
    expect(logs[0]).toMatchObject({ method: 'GET', route: '/api/v1/courses/:id/assignments/:id/submissions/:id', status: 200 })
    expect(JSON.stringify(logs)).not.toContain('1234')
    expect(JSON.stringify(logs)).not.toContain(TOKEN)
  })
})

describe('rewriteLinkHeader', () => {
  it('keeps rel order and drops non-API or foreign links', () => {
    const o = 'https://canvas.example.edu'
    expect(rewriteLinkHeader(`<${o}/api/v1/courses?page=2>; rel="next",<${o}/login>; rel="first"`, o)).toBe('</api/v1/courses?page=2>; rel="next"')
  })
})
