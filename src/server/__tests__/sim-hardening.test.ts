// @vitest-environment node
/**
 * The simulator's HTTP server under abuse: request bodies are capped (413 without reading the rest), over
 * real sockets, HTTP/1.1 and HTTP/2.
 */
import {
  request as httpRequest,
  type ClientRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http'
import { connect, createServer as createHttp2Server, type Http2Server } from 'node:http2'
import type { AddressInfo, Server, Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSimRequestListener, createSimServer, DEFAULT_MAX_BODY_BYTES } from '../sim-server'
import { close, listen } from './http-helpers'

const TOO_LARGE = { errors: [{ message: 'The request body is too large.' }] }
const CHUNK = Buffer.alloc(64 * 1024, 0x20)

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: string
  /** Body bytes the client had got into the socket when the answer arrived. */
  written: number
  request: ClientRequest
}

/**
 * POSTs up to `total` body bytes in 64 kB chunks, as fast as the socket takes them, and resolves at the answer.
 * Without `contentLength` the body is chunked, so only counting can find it too large. A client stops sending
 * at the answer (fetch, curl); with `keepSending` it goes on regardless, like Node's http client piping a file.
 */
function flood(
  base: string,
  path: string,
  opts: { total: number; contentLength?: number; sendBody?: boolean; keepSending?: boolean },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let written = 0
    let answered = false
    const headers: Record<string, string> = { 'Content-Type': 'application/json' }
    if (opts.contentLength !== undefined) headers['Content-Length'] = String(opts.contentLength)
    const req = httpRequest(`${base}${path}`, { method: 'POST', headers, agent: false }, (res) => {
      answered = true
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, written, request: req }))
      res.on('error', reject)
    })
    // The server closing the connection under a write that is still going is the expected end here.
    req.on('error', (error) => {
      if (!answered) reject(error)
    })
    req.flushHeaders()
    if (opts.sendBody === false) return
    const pump = () => {
      while ((opts.keepSending || !answered) && !req.destroyed && written < opts.total) {
        written += CHUNK.length
        if (!req.write(CHUNK)) return void req.once('drain', pump)
      }
      if (written >= opts.total) req.end()
    }
    pump()
  })
}

/** The server side of the next connection `server` accepts: how much it read, and when it was closed. */
function nextConnection(server: Server): Promise<{ bytesRead: number; closedAt: number }> {
  return new Promise((resolve) => {
    server.once('connection', (socket: Socket) =>
      socket.once('close', () => resolve({ bytesRead: socket.bytesRead, closedAt: Date.now() })),
    )
  })
}

function jsonOfSize(bytes: number): string {
  const head = '{"route":"users_self","status":503,"pad":"'
  const tail = '"}'
  return head + 'x'.repeat(bytes - head.length - tail.length) + tail
}

describe('request bodies are capped (src/server/sim-server.ts)', () => {
  const sim = createSimServer()
  let base = ''
  beforeAll(async () => {
    base = await listen(sim)
  })
  afterAll(() => close(sim))

  it('a declared Content-Length over 1 MB is answered 413 at once, before any of the body is sent', async () => {
    const answer = await flood(base, '/__sim/worlds', { total: 0, contentLength: 200_000_000, sendBody: false })
    expect(answer.status).toBe(413)
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(JSON.parse(answer.body)).toEqual(TOO_LARGE)
    expect(answer.headers.connection).toBe('close')
  })

  it('a chunked body is cut off once it passes 1 MB: 413, and the rest is never read', async () => {
    // 256 MB offered; the server keeps nothing past 1 MB and answers. What the client still gets out before it
    // sees the answer fills only the socket buffers (a few MB on loopback), not the 256 MB a server reading to
    // the end would take.
    const connection = nextConnection(sim)
    const answer = await flood(base, '/__sim/worlds', { total: 256 * 1024 * 1024 })
    expect(answer.status).toBe(413)
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(JSON.parse(answer.body)).toEqual(TOO_LARGE)
    expect(answer.written).toBeGreaterThan(DEFAULT_MAX_BODY_BYTES)
    expect(answer.written).toBeLessThan(32 * 1024 * 1024)
    expect((await connection).bytesRead).toBeLessThan(32 * 1024 * 1024)
  })

  it('a client that keeps sending after the 413 still gets it; the server reads at most 16 MB more, then closes', async () => {
    // Closing at once, with the client's data unread, resets the connection, and Node's http client then
    // reports EPIPE instead of the 413 (measured with the server in another process). So the server reads on,
    // keeping nothing, until the client has had the answer: at most 16 MB more or 1 s.
    const connection = nextConnection(sim)
    const answer = await flood(base, '/__sim/worlds', { total: 256 * 1024 * 1024, keepSending: true })
    const answeredAt = Date.now()
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body)).toEqual(TOO_LARGE)
    const { bytesRead, closedAt } = await connection
    expect(bytesRead).toBeLessThan(DEFAULT_MAX_BODY_BYTES + 16 * 1024 * 1024 + 1024 * 1024)
    expect(closedAt - answeredAt).toBeLessThan(1500)
    answer.request.destroy()
  })

  it('1,000,000 bytes are accepted, 1,000,001 are not', async () => {
    const post = (body: string) =>
      fetch(`${base}/__sim/worlds/default/faults`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      })
    const atCap = await post(jsonOfSize(1_000_000))
    expect(atCap.status).toBe(201)
    expect(await atCap.json()).toMatchObject({ route: 'users_self', status: 503 })
    const overCap = await post(jsonOfSize(1_000_001))
    expect(overCap.status).toBe(413)
    expect(await overCap.json()).toEqual(TOO_LARGE)
    await fetch(`${base}/__sim/worlds/default/faults`, { method: 'DELETE' })
  })

  it('maxBodyBytes sets the cap, for Canvas endpoints too', async () => {
    const small = createSimServer({ maxBodyBytes: 100 })
    const url = await listen(small)
    try {
      const token = small.host.getWorld('default')!.cast.find((m) => m.role === 'teacher')!.token
      const put = (body: string) =>
        fetch(`${url}/api/v1/courses/101/assignments/501/submissions/1024`, {
          method: 'PUT',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
          body,
        })
      const grade = 'submission%5Bposted_grade%5D=13&submission%5Bprovisional%5D=true'
      expect((await put(grade.padEnd(100, '&'))).status).toBe(200)
      const refused = await put(grade.padEnd(101, '&'))
      expect(refused.status).toBe(413)
      expect(await refused.json()).toEqual(TOO_LARGE)
    } finally {
      await close(small)
    }
  })
})

describe('the cap over HTTP/2 (the simulator mounted in the HTTPS server)', () => {
  let h2: Http2Server
  let base = ''
  beforeAll(async () => {
    // Cleartext HTTP/2 with the compatibility API: the same (req, res) shape the TLS server hands the listener.
    const listener = createSimRequestListener()
    h2 = createHttp2Server(
      (req, res) => void listener(req as unknown as IncomingMessage, res as unknown as ServerResponse),
    )
    await new Promise<void>((resolve) => h2.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(h2.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((resolve) => h2.close(() => resolve())))

  it('answers 413 and stops the stream; the connection stays usable', async () => {
    const session = connect(base)
    try {
      const answer = await new Promise<{ status: number; body: string; written: number }>((resolve, reject) => {
        const stream = session.request({
          ':method': 'POST',
          ':path': '/__sim/worlds',
          'content-type': 'application/json',
        })
        let written = 0
        let status = 0
        let body = ''
        let answered = false
        stream.on('response', (headers) => {
          answered = true
          status = Number(headers[':status'])
        })
        stream.setEncoding('utf8')
        stream.on('data', (c: string) => (body += c))
        stream.on('end', () => resolve({ status, body, written }))
        stream.on('error', reject)
        const pump = () => {
          while (!answered && !stream.destroyed && written < 64 * 1024 * 1024) {
            written += CHUNK.length
            if (!stream.write(CHUNK)) return void stream.once('drain', pump)
          }
        }
        pump()
      })
      expect(answer.status).toBe(413)
      expect(JSON.parse(answer.body)).toEqual(TOO_LARGE)
      // HTTP/2 flow control: the client can send little more than the server's window unless it reads on.
      expect(answer.written).toBeLessThan(8 * 1024 * 1024)
      const next = await new Promise<number>((resolve, reject) => {
        const stream = session.request({ ':path': '/__sim/worlds' })
        stream.on('response', (headers) => resolve(Number(headers[':status'])))
        stream.on('error', reject)
        stream.resume()
      })
      expect(next).toBe(200)
    } finally {
      session.destroy()
    }
  })
})
