// @vitest-environment node
/**
 * When the proxy cannot give Canvas's answer: whether the request surely never reached Canvas (answered with
 * `X-Moderation-Desk-Refused: not-sent`) or may have (no such header, and a write's message says the change may or
 * may not have been made). Over real sockets, against upstreams that fail in each way.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { NOT_SENT, classifyFetchFailure, createCanvasProxy, type CanvasProxyOptions } from '../canvas-proxy'
import { close, freePort, listen } from './http-helpers'

const READ = '/api/v1/users/self'
const WRITE = '/api/v1/courses/1/assignments/2/provisional_grades/5/select' // PUT
const PUBLISH = '/api/v1/courses/1/assignments/2/provisional_grades/publish' // POST

const started: Server[] = []
afterEach(async () => {
  for (const server of started.splice(0)) await close(server)
})

async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler)
  started.push(server)
  return listen(server)
}

/** The proxy in front of `canvasUrl`; resolves to its base URL. */
function proxyTo(canvasUrl: string, opts: Partial<CanvasProxyOptions> = {}): Promise<string> {
  const handler = createCanvasProxy({ canvasUrl, getToken: () => 'token', timeoutMs: 300, ...opts })
  return serve((req, res) => void handler(req, res))
}

async function call(base: string, method: string, path: string, body?: string) {
  const res = await fetch(`${base}${path}`, {
    method,
    body,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
  })
  const text = await res.text()
  return {
    status: res.status,
    refused: res.headers.get('x-moderation-desk-refused'),
    message: (JSON.parse(text) as { errors: Array<{ message: string }> }).errors[0]!.message,
  }
}

/** A Node-style system error, as undici passes it on as the cause of "fetch failed". */
const sysError = (code: string, syscall?: string) =>
  Object.assign(new Error(`${syscall ?? ''} ${code}`.trim()), { code, ...(syscall ? { syscall } : {}) })
const fetchFailed = (cause: unknown) => new TypeError('fetch failed', { cause })

describe('classifyFetchFailure', () => {
  it.each([
    ['ECONNREFUSED on connect', fetchFailed(sysError('ECONNREFUSED', 'connect'))],
    ['ENOTFOUND from getaddrinfo', fetchFailed(sysError('ENOTFOUND', 'getaddrinfo'))],
    ['EAI_AGAIN from getaddrinfo', fetchFailed(sysError('EAI_AGAIN', 'getaddrinfo'))],
    ['EHOSTUNREACH on connect', fetchFailed(sysError('EHOSTUNREACH', 'connect'))],
    ['ENETUNREACH on connect', fetchFailed(sysError('ENETUNREACH', 'connect'))],
    ['undici’s connect timeout', fetchFailed(sysError('UND_ERR_CONNECT_TIMEOUT'))],
    ['a self-signed certificate', fetchFailed(sysError('DEPTH_ZERO_SELF_SIGNED_CERT'))],
    ['an expired certificate', fetchFailed(sysError('CERT_HAS_EXPIRED'))],
    ['a certificate for another name', fetchFailed(sysError('ERR_TLS_CERT_ALTNAME_INVALID'))],
    [
      'the code on the cause’s cause',
      fetchFailed(new Error('connect', { cause: sysError('ECONNREFUSED', 'connect') })),
    ],
    [
      'every address refused (autoSelectFamily)',
      fetchFailed(new AggregateError([sysError('ECONNREFUSED', 'connect'), sysError('ENETUNREACH', 'connect')])),
    ],
  ])('%s: not sent', (_, error) => {
    expect(classifyFetchFailure(error)).toBe('not-sent')
  })

  it.each([
    ['ECONNRESET on read', fetchFailed(sysError('ECONNRESET', 'read'))],
    ['UND_ERR_SOCKET "other side closed"', fetchFailed(sysError('UND_ERR_SOCKET'))],
    ['EHOSTUNREACH on an open connection', fetchFailed(sysError('EHOSTUNREACH', 'read'))],
    ['ETIMEDOUT (connect or read: cannot tell)', fetchFailed(sysError('ETIMEDOUT'))],
    ['an answer that is not HTTP', fetchFailed(sysError('HPE_INVALID_CONSTANT'))],
    [
      'one address refused, the other reset',
      fetchFailed(new AggregateError([sysError('ECONNREFUSED', 'connect'), sysError('ECONNRESET', 'read')])),
    ],
    ['fetch failed without a cause', new TypeError('fetch failed')],
    ['an abort that is not the time limit', new DOMException('This operation was aborted', 'AbortError')],
    ['something not an error', 'boom'],
    ['nothing', null],
  ])('%s: unknown', (_, error) => {
    expect(classifyFetchFailure(error)).toBe('unknown')
  })

  it('the time limit: timeout', () => {
    expect(classifyFetchFailure(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))).toBe(
      'timeout',
    )
  })

  it('places what fetch really throws: a closed port is not sent, a socket destroyed after the request is unknown', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`
    expect(classifyFetchFailure(await fetch(`${closed}/x`).catch((e: unknown) => e))).toBe('not-sent')
    const dropping = await serve((req) => {
      req.resume()
      req.on('end', () => req.socket.destroy())
    })
    const dropped = await fetch(`${dropping}/x`, { method: 'PUT', body: '{}' }).catch((e: unknown) => e)
    expect(classifyFetchFailure(dropped)).toBe('unknown')
  })
})

describe('the proxy when Canvas’s answer does not come through', () => {
  it('Canvas at a closed port: 502 marked not-sent, saying nothing was sent', async () => {
    const proxy = await proxyTo(`http://127.0.0.1:${await freePort()}`)
    expect(await call(proxy, 'GET', READ)).toEqual({
      status: 502,
      refused: NOT_SENT,
      message: 'Canvas could not be reached, so nothing was sent to it.',
    })
    expect(await call(proxy, 'PUT', WRITE)).toEqual({
      status: 502,
      refused: NOT_SENT,
      message: 'Canvas could not be reached, so nothing was sent to it and nothing in Canvas has changed.',
    })
  })

  it('the token cannot be had: 502 marked not-sent, and Canvas is never called', async () => {
    let calls = 0
    const canvas = await serve((_, res) => {
      calls++
      res.end('{}')
    })
    const proxy = await proxyTo(canvas, {
      getToken: () => {
        throw new Error('session store unavailable')
      },
    })
    expect(await call(proxy, 'POST', PUBLISH, '{}')).toEqual({
      status: 502,
      refused: NOT_SENT,
      message: 'Canvas could not be reached, so nothing was sent to it and nothing in Canvas has changed.',
    })
    expect(calls).toBe(0)
  })

  it('Canvas drops the connection after reading the request: 502, not marked; a write may or may not have been made', async () => {
    const bodies: string[] = []
    const canvas = await serve((req) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        bodies.push(body)
        req.socket.destroy()
      })
    })
    const proxy = await proxyTo(canvas)
    expect(await call(proxy, 'POST', PUBLISH, '{}')).toEqual({
      status: 502,
      refused: null,
      message:
        'The connection to Canvas dropped before its answer came back, so the change may or may not have been made.',
    })
    expect(bodies).toEqual(['{}']) // it did reach Canvas
    expect(await call(proxy, 'GET', READ)).toEqual({
      status: 502,
      refused: null,
      message: 'The connection to Canvas dropped before its answer came back.',
    })
  })

  it('Canvas closes the connection mid-answer: 502, not marked; a write may or may not have been made', async () => {
    const canvas = await serve((req, res) => {
      req.resume()
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' })
        res.write('{"id":')
        setTimeout(() => res.socket?.destroy(), 20)
      })
    })
    const proxy = await proxyTo(canvas)
    expect(await call(proxy, 'PUT', WRITE)).toEqual({
      status: 502,
      refused: null,
      message: 'Canvas closed the connection mid-answer, so the change may or may not have been made.',
    })
    expect(await call(proxy, 'GET', READ)).toEqual({
      status: 502,
      refused: null,
      message: 'Canvas closed the connection mid-answer.',
    })
  })

  it('Canvas too slow: 504, not marked; a write may or may not have been made', async () => {
    const canvas = await serve((req) => req.resume()) // never answers
    const proxy = await proxyTo(canvas)
    expect(await call(proxy, 'PUT', WRITE)).toEqual({
      status: 504,
      refused: null,
      message: 'Canvas did not answer within 0.3 seconds, so the change may or may not have been made.',
    })
    expect(await call(proxy, 'GET', READ)).toEqual({
      status: 504,
      refused: null,
      message: 'Canvas did not answer within 0.3 seconds.',
    })
  })

  it('never passes the header on from Canvas: only the proxy’s own answers carry it', async () => {
    const canvas = await serve((req, res) => {
      req.resume()
      res.writeHead(502, { 'Content-Type': 'text/html', 'X-Moderation-Desk-Refused': NOT_SENT })
      res.end('<html>502 Bad Gateway</html>')
    })
    const proxy = await proxyTo(canvas)
    const res = await fetch(`${proxy}${WRITE}`, { method: 'PUT' })
    expect([res.status, res.headers.get('x-moderation-desk-refused'), await res.text()]).toEqual([
      502,
      null,
      '<html>502 Bad Gateway</html>',
    ])
  })

  it('marks its own refusals before forwarding, a body too large included', async () => {
    let calls = 0
    const canvas = await serve((_, res) => {
      calls++
      res.end('{}')
    })
    const proxy = await proxyTo(canvas, { maxBodyBytes: 10 })
    const tooLarge = await call(proxy, 'PUT', WRITE, JSON.stringify({ provisional_grade_ids: [1, 2, 3] }))
    expect(tooLarge).toEqual({ status: 413, refused: NOT_SENT, message: 'The request body is too large.' })
    expect((await call(proxy, 'DELETE', '/api/v1/courses/1')).refused).toBe(NOT_SENT)
    expect(calls).toBe(0)
  })
})
