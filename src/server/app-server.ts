import { type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import {
  createSecureServer,
  type Http2SecureServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
} from 'node:http2'
import { createCanvasProxy, sendJson, type ProxyLog } from './canvas-proxy'
import type { ServerConfig } from './config'
import { requestAuthority } from './http-compat'
import { createHttpServer } from './http-server'
import { CSRF_MISSING_MESSAGE, hasCsrfToken, randomToken } from './csrf'
import type { Database } from './db/database'
import { createOAuthMode, type OAuthModeOptions } from './oauth'
import { REFUSED_HEADER } from '../lib/http-protocol'
import { LTI_CROSS_SITE_PATHS } from './lti/lti-routes'
import { createRequestGuard, isStateChanging } from './request-guard'
import { setSecurityHeaders } from './security-headers'
import { createSimRequestListener } from './sim-server'
import { serveStatic } from './static-files'

type Listener = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>

/** Plain HTTP/1.1, or with TLS configured HTTP/2 and HTTP/1.1 over TLS. */
export type AppServer = Server | Http2SecureServer

export type AppServerOptions = {
  distDir: string
  /** One line per API request: method, path template, status, latency. Never tokens, bodies or names. */
  log?: (entry: ProxyLog) => void
  /**
   * OAuth mode: the sessions' database, opened and migrated (db/open.ts: start.ts opens the one the settings name).
   * The server does not close it: its opener does, after the server.
   */
  database?: Database
  /** OAuth mode: clock (tests) and session lifetimes. */
  now?: OAuthModeOptions['now']
  sessions?: OAuthModeOptions['sessions']
  /** HTTPS: an HTTP/2 connection with no request for this long is closed (default 2 minutes; tests shorten it). */
  idleTimeoutMs?: number
}

/** Like node:http's keep-alive limit: idle HTTP/2 connections would otherwise stay open for as long as clients like. */
export const HTTP2_IDLE_TIMEOUT_MS = 120_000

/**
 * The one server behind `npm start`. It serves the built app and answers /api/v1 on the same origin:
 * - demo: with the Canvas simulator in-process (plus /demo/session and the simulator's /__sim control API);
 * - token (live, one user): by forwarding an allowlist of Canvas API calls with the server-held token;
 * - oauth (live, shared): each user signs in with Canvas (/login, /oauth/callback, /logout) and the same
 *   allowlist is forwarded with the token of the user's server-side session (see oauth.ts).
 * GET /session tells the app which mode it is in and, in OAuth mode, who is signed in.
 * The browser only ever talks to this origin and never sees a Canvas token.
 *
 * Before any of that, in every mode (request-guard.ts): a Host this server is not meant to be reached by gets
 * 421 (DNS rebinding), and a state-changing request (any method but GET/HEAD) gets 403 unless it is provably
 * from this server's own pages: its Origin, and the CSRF token the app sends as X-CSRF-Token (csrf.ts).
 *
 * With `config.tls` it serves HTTPS, offering HTTP/2 (ALPN h2: a browser loads all roster pages over one
 * connection instead of at most 6) and HTTP/1.1 for clients without it; otherwise plain HTTP/1.1.
 */
export function createAppServer(config: ServerConfig, opts: AppServerOptions): AppServer {
  let api: Listener
  let auth: ReturnType<typeof createOAuthMode>['handle'] | null = null
  let closeSessions = () => {}
  const isApiPath = (url: string) => url.startsWith('/api/') || url.startsWith('/demo/') || url.startsWith('/__sim/')
  if (config.mode === 'demo') {
    api = createSimRequestListener({ demoSession: true, cacheControl: 'no-store' })
  } else if (config.mode === 'token') {
    // In live modes /demo and /__sim do not exist: the proxy refuses them like any path outside its allowlist.
    api = createCanvasProxy({
      canvasUrl: config.canvasUrl,
      getToken: () => config.token,
      timeoutMs: config.timeoutMs,
      log: opts.log,
    })
  } else {
    if (!opts.database) throw new Error('OAuth mode keeps its sessions in a database: pass opts.database (db/open.ts).')
    const oauth = createOAuthMode(config, {
      database: opts.database,
      log: opts.log,
      now: opts.now,
      sessions: opts.sessions,
    })
    closeSessions = () => oauth.store.close()
    const refuseOthers = createCanvasProxy({ canvasUrl: config.canvasUrl, getToken: () => null, log: opts.log })
    api = (req, res) => ((req.url ?? '').startsWith('/api/') ? oauth.api(req, res) : refuseOthers(req, res))
    auth = oauth.handle
  }

  const tls = config.tls !== undefined
  // LTI mode: Canvas shows the tool in a frame of its pages; nothing else may frame it.
  const frameAncestors = config.mode === 'oauth' && config.lti !== null ? [config.canvasUrl] : undefined
  const guard = createRequestGuard(config)
  // Token and demo modes have no session: one CSRF token for this process, learned from GET /session.
  const processCsrfToken = randomToken()
  const refuse = (
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    why: 'host' | 'origin' | 'csrf',
    message: string,
  ) => {
    opts.log?.({ method: req.method ?? 'GET', route: `refused (${why})`, status, ms: 0 })
    sendJson(res, status, { errors: [{ message }] }, { [REFUSED_HEADER]: why })
  }
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    setSecurityHeaders(res, { tls, host: requestAuthority(req), frameAncestors })
    const url = req.url ?? '/'
    const q = url.indexOf('?')
    const pathname = q === -1 ? url : url.slice(0, q)
    const fail = () => {
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error.' }] })
      else res.destroy()
    }
    // Load balancers probe by IP address; the answer names only the mode.
    if (url === '/healthz') {
      sendJson(res, 200, { ok: true, mode: config.mode })
      return
    }
    const match = guard.hostMatch(req)
    if (match === null) {
      // 421 Misdirected Request: "not the server for this host" (RFC 9110 §15.5.20), before any routing.
      const host = (requestAuthority(req) ?? '').slice(0, 100)
      refuse(
        req,
        res,
        421,
        'host',
        `This server does not answer for the host "${host}". Open it at its own address, or add the name to ALLOWED_HOSTS.`,
      )
      return
    }
    // LTI mode: Canvas's pages post the login request and the launch to these from Canvas's origin, by design; what
    // proves them is the platform's signature, a single-use nonce and the state cookie (lti/lti-routes.ts).
    const ltiCrossSite = config.mode === 'oauth' && config.lti !== null && LTI_CROSS_SITE_PATHS.has(pathname)
    if (isStateChanging(req.method) && !ltiCrossSite) {
      const problem = guard.crossOriginProblem(req, match)
      if (problem) {
        refuse(req, res, 403, 'origin', problem)
        return
      }
      // OAuth mode checks the session's own token (oauth.ts); the other modes this process's.
      if (!auth && !hasCsrfToken(req, processCsrfToken)) {
        refuse(req, res, 403, 'csrf', CSRF_MISSING_MESSAGE)
        return
      }
    }
    if (auth) {
      const handled = auth(req, res, pathname)
      if (handled) {
        handled.catch(fail)
        return
      }
    } else if (pathname === '/session') {
      sendJson(res, 200, { mode: config.mode, signedIn: true, csrfToken: processCsrfToken })
      return
    }
    if (isApiPath(url)) {
      // Grades and names must not stay in the browser's disk cache (shared computers), whatever Canvas says.
      res.setHeader('Cache-Control', 'no-store')
      Promise.resolve(api(req, res)).catch(fail)
      return
    }
    serveStatic(opts.distDir, req, res)
  }

  if (!config.tls) return createHttpServer(listener).on('close', closeSessions)
  // The HTTP/2 compatibility API gives the listener a request and response shaped like node:http's (url,
  // method, headers, async iteration; writeHead, setHeader, end, destroy, piping), which is all the modules
  // behind it use; its types are separate classes, hence the cast. What differs (no Host header, pseudo-headers,
  // forbidden connection headers) is handled where it matters (http-compat.ts); HTTP/1.1 clients on this
  // server (allowHTTP1) get node:http's own objects.
  const server = createSecureServer(
    { cert: config.tls.cert, key: config.tls.key, allowHTTP1: true },
    listener as unknown as (req: Http2ServerRequest, res: Http2ServerResponse) => void,
  )
  // With no 'timeout' listener, Node closes an HTTP/2 session (or HTTP/1.1 socket) idle for this long.
  server.setTimeout(opts.idleTimeoutMs ?? HTTP2_IDLE_TIMEOUT_MS)
  server.on('close', closeSessions)
  return server
}
