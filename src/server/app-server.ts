import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createCanvasProxy, sendJson, type ProxyLog } from './canvas-proxy'
import type { ServerConfig } from './config'
import { setSecurityHeaders } from './security-headers'
import { createSimRequestListener } from './sim-server'
import { serveStatic } from './static-files'

type Listener = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>

export type AppServerOptions = {
  distDir: string
  /** One line per API request: method, path template, status, latency. Never tokens, bodies or names. */
  log?: (entry: ProxyLog) => void
}

/**
 * The one server behind `npm start`. It serves the built app and answers /api/v1 on the same origin:
 * - demo: with the Canvas simulator in-process (plus /demo/session and the simulator's /__sim control API);
 * - token (live): by forwarding an allowlist of Canvas API calls with the server-held token.
 * The browser only ever talks to this origin and never sees a Canvas token.
 */
export function createAppServer(config: ServerConfig, opts: AppServerOptions): Server {
  let api: Listener
  let isApiPath: (url: string) => boolean
  if (config.mode === 'demo') {
    api = createSimRequestListener({ demoSession: true })
    isApiPath = (url) => url.startsWith('/api/') || url.startsWith('/demo/') || url.startsWith('/__sim/')
  } else {
    const proxy = createCanvasProxy({
      canvasUrl: config.canvasUrl,
      getToken: () => config.token,
      timeoutMs: config.timeoutMs,
      log: opts.log,
    })
    api = proxy
    isApiPath = (url) => url.startsWith('/api/') || url.startsWith('/demo/') || url.startsWith('/__sim/')
    // In live mode /demo and /__sim do not exist: the proxy refuses them like any path outside its allowlist.
  }

  return createServer((req, res) => {
    setSecurityHeaders(res)
    const url = req.url ?? '/'
    if (url === '/healthz') {
      sendJson(res, 200, { ok: true, mode: config.mode })
      return
    }
    if (isApiPath(url)) {
      Promise.resolve(api(req, res)).catch(() => {
        if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error.' }] })
        else res.destroy()
      })
      return
    }
    serveStatic(opts.distDir, req, res)
  })
}
