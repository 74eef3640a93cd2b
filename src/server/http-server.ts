import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'

/**
 * How long an idle HTTP/1.1 connection is kept (node:http's default is 5 s). The side that closes an idle
 * connection must be the client or the proxy in front, never this server: a client that sends its next request on
 * the connection just as the server closes it gets "socket hang up" (ECONNRESET) for a request the server never
 * saw. Keep-alive clients without a timeout of their own (Playwright's request context, for one) hit that race at
 * exactly 5 s of idleness. Load balancers keep idle upstream connections for 60 s (AWS ALB, nginx), hence 65 s.
 * Node advertises it (`Keep-Alive: timeout=65`), so well-behaved clients close first.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000

/** A node:http server that leaves the closing of idle connections to its clients (see KEEP_ALIVE_TIMEOUT_MS). */
export function createHttpServer(listener: (req: IncomingMessage, res: ServerResponse) => void): Server {
  const server = createServer(listener)
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS
  return server
}
