/**
 * The Canvas simulator over real HTTP (node:http), from the same msw handlers the browser worker and
 * Vitest use: IncomingMessage → Fetch Request → msw `getResponse` → ServerResponse. A `drop` fault
 * (HttpResponse.error()) destroys the connection (over HTTP/2: resets just that request's stream); unmatched
 * paths get a JSON 404. Mounted in `npm start` it may be answering over HTTP/2 (see http-compat.ts).
 * Request bodies are capped (`maxBodyBytes`): the whole body is buffered before msw sees it, so without a cap
 * one 200 MB upload took the process to 1 GB.
 */
import { type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { getResponse, HttpHandler, matchRequestUrl } from 'msw'
import { compressAnswer, encodingHeaders } from './compress-answer'
import { isHopByHopHeader, requestAuthority, requestScheme } from './http-compat'
import { createHttpServer } from './http-server'
import { createRequestGuard, isStateChanging } from './request-guard'
import { createHandlers, type HandlerOptions } from '../mocks/handlers'
import { ltiHandlers } from '../mocks/handlers/lti'
import { JSON_TYPE } from '../mocks/handlers/responses'
import { SimHost } from '../mocks/sim/host'

/** 1 MB: far above any real call (a bulk select of 10,000 provisional grade ids is about 70 kB). */
export const DEFAULT_MAX_BODY_BYTES = 1_000_000

export interface BodyLimitOptions {
  /** Larger request bodies are answered 413 without being read to the end (default 1,000,000 bytes). */
  maxBodyBytes?: number
}

export interface SimResponseOptions extends BodyLimitOptions {
  /**
   * Replaces the simulated Canvas's Cache-Control on every answer. `npm start`'s demo sets `no-store`, as its
   * proxy does for a real Canvas: the browser keeps no student data. The standalone simulator sends Canvas's own.
   */
  cacheControl?: string
}

export interface SimServerOptions extends HandlerOptions, SimResponseOptions {
  /** Share a host (e.g. with tests); a new one (world "default" = demo) otherwise. */
  host?: SimHost
  /**
   * Canvas's LTI 1.3 platform endpoints and their control API (mocks/handlers/lti.ts): the standalone simulator's
   * (createSimServer), not the demo's, which has no tool to launch.
   */
  lti?: boolean
}

export type SimRequestListener = ((req: IncomingMessage, res: ServerResponse) => Promise<void>) & { host: SimHost }

class BodyTooLarge extends Error {}

/**
 * The body, or BodyTooLarge as soon as it is known to exceed `maxBytes`: from Content-Length before reading
 * anything, else when the running count passes it (chunked bodies). Events, not `for await`: leaving a
 * `for await` early destroys the request, and with it the socket the 413 has to go out on.
 */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  if (req.method === 'GET' || req.method === 'HEAD') return Promise.resolve(undefined)
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(new BodyTooLarge())
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      req.off('close', onClose)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= maxBytes) {
        chunks.push(chunk)
        return
      }
      done()
      // Nothing more is kept; refuseTooLarge decides how much more is read at all.
      req.pause()
      chunks.length = 0
      reject(new BodyTooLarge())
    }
    const onEnd = () => {
      done()
      resolve(chunks.length ? Buffer.concat(chunks) : undefined)
    }
    const onError = (error: Error) => {
      done()
      reject(error)
    }
    const onClose = () => {
      done()
      reject(new Error('the client closed the connection before the request body ended'))
    }
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
    req.on('close', onClose)
  })
}

/** After a 413 over HTTP/1.1, at most this much more of the body is read (and thrown away), for at most this long. */
const LINGER_BYTES = 16 * 1024 * 1024
const LINGER_MS = 1000

/**
 * 413 in Canvas's error shape, and no more of the body than it takes for the client to see it.
 * HTTP/2: the stream is closed with NO_ERROR after the answer (RFC 9113 §8.1: a server may answer before the
 * request is complete and then ask the client to stop sending); flow control holds back the rest meanwhile.
 * HTTP/1.1: a client still sending reads the answer only when it next waits on the socket, and closing the
 * connection with its data unread sends a TCP reset that can destroy the answer first (Node's http client then
 * reports EPIPE and never sees the 413). So, like nginx's lingering close, the whole answer goes out at once
 * (Content-Length), the body is read and discarded for a bounded while, and then the connection is closed
 * (`Connection: close`: it is never reused, so the rest of the body is never read).
 */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse) {
  const body = JSON.stringify({ errors: [{ message: 'The request body is too large.' }] })
  if (req.httpVersionMajor >= 2) {
    res.writeHead(413, { 'Content-Type': JSON_TYPE })
    res.end(body, () => (req as { stream?: { close?: (code?: number) => void } }).stream?.close?.(0))
    return
  }
  res.writeHead(413, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(body), Connection: 'close' })
  res.write(body)
  let discarded = 0
  let done = false
  const finish = () => {
    if (done) return
    done = true
    clearTimeout(timer)
    req.off('data', onData)
    req.off('end', finish)
    req.off('close', finish)
    req.pause()
    res.end()
  }
  const onData = (chunk: Buffer) => {
    discarded += chunk.length
    if (discarded > LINGER_BYTES) finish()
  }
  const timer = setTimeout(finish, LINGER_MS)
  req.on('data', onData)
  req.once('end', finish)
  req.once('close', finish)
  req.resume()
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

/**
 * The handlers that may answer a request, in their order. msw tries every handler in turn, and for each one parses
 * the URL and the cookies and compiles its path pattern again: with 60 handlers that was about 0.6 ms of every
 * request, more than the simulated endpoint itself took for a page of 100 students. Which handlers match depends
 * only on the method and the URL without its query (msw's `matchRequestUrl` compares `origin + pathname`), so the
 * list for a method and URL is worked out once and kept; the others could not have answered, and msw still decides
 * among the kept ones exactly as before. Handlers with a custom predicate, or of other kinds, are always kept.
 */
class HandlerIndex {
  private readonly handlers: readonly unknown[]
  private readonly byUrl = new Map<string, HttpHandler[]>()
  constructor(handlers: readonly HttpHandler[]) {
    this.handlers = [...handlers]
  }
  /** Whether `handlers` is still the list this index was made from (callers may pass a list they change). */
  isFor(handlers: readonly HttpHandler[]): boolean {
    return handlers.length === this.handlers.length && handlers.every((h, i) => h === this.handlers[i])
  }
  candidates(request: Request): HttpHandler[] {
    const url = new URL(request.url)
    const key = `${request.method} ${url.origin}${url.pathname}`
    let list = this.byUrl.get(key)
    if (!list) {
      list = (this.handlers as HttpHandler[]).filter((h) => mayAnswer(h, request.method, url))
      // Paths carry ids (…/submissions/:user_id): start over rather than grow without end.
      if (this.byUrl.size >= 2000) this.byUrl.clear()
      this.byUrl.set(key, list)
    }
    return list
  }
}

function mayAnswer(handler: HttpHandler, method: string, url: URL): boolean {
  if (!(handler instanceof HttpHandler)) return true
  const { path, method: wanted } = handler.info
  if (typeof path !== 'string' && !(path instanceof RegExp)) return true
  // As msw's HttpHandler#matchMethod: a RegExp (http.all), else the name in any case.
  const methodMatches = wanted instanceof RegExp ? wanted.test(method) : wanted.toLowerCase() === method.toLowerCase()
  return methodMatches && matchRequestUrl(url, path).matches
}

const indexes = new WeakMap<readonly HttpHandler[], HandlerIndex>()
function handlerIndex(handlers: readonly HttpHandler[]): HandlerIndex {
  let index = indexes.get(handlers)
  if (!index || !index.isFor(handlers)) {
    index = new HandlerIndex(handlers)
    indexes.set(handlers, index)
  }
  return index
}

/** Answer one request with `handlers`; resolves when the response is written (or the socket dropped). */
export async function handleSimRequest(
  handlers: HttpHandler[],
  req: IncomingMessage,
  res: ServerResponse,
  options: SimResponseOptions = {},
): Promise<void> {
  let body: Buffer | undefined
  try {
    body = await readBody(req, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)
  } catch (error) {
    if (error instanceof BodyTooLarge) return refuseTooLarge(req, res)
    throw error
  }
  const request = toFetchRequest(req, body)
  const response = await getResponse(handlerIndex(handlers).candidates(request), request)
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
  if (options.cacheControl) res.setHeader('Cache-Control', options.cacheControl)
  res.statusCode = response.status
  const packed = await compressAnswer(
    req,
    response.headers.get('content-type'),
    Buffer.from(await response.arrayBuffer()),
  )
  for (const [name, value] of Object.entries(encodingHeaders(packed.encoding, packed.body.length)))
    res.setHeader(name, value)
  res.end(packed.body)
}

/** A request listener for mounting the simulator inside another node:http server (see start.ts). */
export function createSimRequestListener(options: SimServerOptions = {}): SimRequestListener {
  const host = options.host ?? new SimHost()
  const handlers = [...(options.lti ? ltiHandlers(host) : []), ...createHandlers(host, options)]
  const listener = (req: IncomingMessage, res: ServerResponse) => handleSimRequest(handlers, req, res, options)
  return Object.assign(listener, { host })
}

/**
 * A standalone simulator server (not listening yet), for `npm run sim` and tests: on 127.0.0.1 only, so it answers
 * only loopback Host names (421 otherwise: after a DNS rebinding a page could read every simulated token from
 * /__sim), and refuses a write whose Origin is another site's (a page elsewhere installing faults or revoking
 * grants; tools and servers send no Origin). `npm start`'s demo applies its own, stricter rules (app-server.ts).
 */
export function createSimServer(options: SimServerOptions = {}): Server & { host: SimHost } {
  const listener = createSimRequestListener({ lti: true, ...options })
  const guard = createRequestGuard({ mode: 'demo', port: 0, host: '127.0.0.1', allowedHosts: [] })
  const refuse = (res: ServerResponse, status: number, message: string) => {
    res.writeHead(status, { 'Content-Type': JSON_TYPE })
    res.end(JSON.stringify({ errors: [{ message }] }))
  }
  const server = createHttpServer((req, res) => {
    const match = guard.hostMatch(req)
    if (match === null)
      return refuse(res, 421, 'The simulator answers only at 127.0.0.1, localhost or [::1] on its own port.')
    // Canvas's OIDC authorization endpoint takes the tool's form posts from the tool's pages, by design.
    const ltiAuth = (req.url ?? '').startsWith('/api/lti/authorize')
    if (
      isStateChanging(req.method) &&
      !ltiAuth &&
      req.headers.origin !== undefined &&
      guard.crossOriginProblem(req, match)
    ) {
      return refuse(res, 403, 'This request came from another site.')
    }
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
