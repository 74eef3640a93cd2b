/**
 * The Canvas simulator over real HTTP (node:http), from the same msw handlers the browser worker and
 * Vitest use: IncomingMessage → Fetch Request → msw `getResponse` → ServerResponse. A `drop` fault
 * (HttpResponse.error()) destroys the connection (over HTTP/2: resets just that request's stream); unmatched
 * paths get a JSON 404. Mounted in `npm start` it may be answering over HTTP/2 (see http-compat.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { getResponse, type HttpHandler } from 'msw'
import { isHopByHopHeader, requestAuthority, requestScheme } from './http-compat'
import { createHandlers, type HandlerOptions } from '../mocks/handlers'
import { SimHost } from '../mocks/sim/host'

export interface SimServerOptions extends HandlerOptions {
  /** Share a host (e.g. with tests); a new one (world "default" = demo) otherwise. */
  host?: SimHost
}

export type SimRequestListener = ((req: IncomingMessage, res: ServerResponse) => Promise<void>) & { host: SimHost }

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return chunks.length ? Buffer.concat(chunks) : undefined
}

export function toFetchRequest(req: IncomingMessage, body: Buffer | undefined): Request {
  // The origin the client used (Link headers and html_url are absolute): https over TLS, and HTTP/2's
  // :authority where HTTP/1.1 has Host.
  const origin = `${requestScheme(req)}://${requestAuthority(req) ?? '127.0.0.1'}`
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    // HTTP/2 pseudo-headers (:method, :path, :authority, :scheme) are not header names a Request accepts.
    if (value === undefined || name.startsWith(':')) continue
    if (Array.isArray(value)) for (const v of value) headers.append(name, v)
    else headers.set(name, value)
  }
  return new Request(new URL(req.url ?? '/', origin), {
    method: req.method ?? 'GET',
    headers,
    body: body ? new Uint8Array(body) : undefined,
  })
}

/** Answer one request with `handlers`; resolves when the response is written (or the socket dropped). */
export async function handleSimRequest(handlers: HttpHandler[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const request = toFetchRequest(req, await readBody(req))
  const response = await getResponse(handlers, request)
  if (!response) {
    res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8' })
    res.end(JSON.stringify({ errors: [{ message: 'The specified resource does not exist.' }] }))
    return
  }
  if (response.type === 'error') {
    // HTTP/1.1: closes the connection; HTTP/2 (the compatibility API's socket proxy forwards destroy to the
    // stream): resets this request's stream only, not the other requests sharing the connection.
    req.socket.destroy()
    return
  }
  const setCookies = response.headers.getSetCookie()
  response.headers.forEach((value, name) => {
    // Connection-specific headers describe one HTTP/1 hop; over HTTP/2 setting one throws.
    if (name !== 'set-cookie' && !isHopByHopHeader(name)) res.setHeader(name, value)
  })
  if (setCookies.length) res.setHeader('Set-Cookie', setCookies)
  res.statusCode = response.status
  res.end(Buffer.from(await response.arrayBuffer()))
}

/** A request listener for mounting the simulator inside another node:http server (see start.ts). */
export function createSimRequestListener(options: SimServerOptions = {}): SimRequestListener {
  const host = options.host ?? new SimHost()
  const handlers = createHandlers(host, options)
  const listener = (req: IncomingMessage, res: ServerResponse) => handleSimRequest(handlers, req, res)
  return Object.assign(listener, { host })
}

/** A standalone simulator server (not listening yet). */
export function createSimServer(options: SimServerOptions = {}): Server & { host: SimHost } {
  const listener = createSimRequestListener(options)
  const server = createServer((req, res) => {
    listener(req, res).catch((error: unknown) => {
      console.error('[canvas-sim]', error)
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' })
        res.end(JSON.stringify({ errors: [{ message: 'An error occurred.', error_code: 'internal_server_error' }] }))
      } else res.destroy()
    })
  })
  return Object.assign(server, { host: listener.host })
}
