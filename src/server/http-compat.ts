import type { IncomingMessage } from 'node:http'

/**
 * What differs between the transports the server speaks: plain HTTP/1.1, and over TLS both HTTP/2 (node:http2's
 * compatibility API, which hands the listener the same (req, res) shape) and HTTP/1.1 (allowHTTP1).
 * - HTTP/2 has no Host header: the address the client used is the `:authority` pseudo-header.
 * - req.headers also holds the pseudo-headers (`:method`, `:path`, `:scheme`, `:authority`), which are not
 *   valid header names for a Fetch `Headers`.
 * - Connection-specific response headers are forbidden in HTTP/2: the compatibility API throws on them
 *   (ERR_HTTP2_INVALID_CONNECTION_HEADERS), after which the response cannot be sent at all.
 */

/** Response headers that describe one HTTP/1 connection, never passed on (RFC 9110 §7.6.1, RFC 9113 §8.2.2). */
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'proxy-authenticate',
  'proxy-authorization',
])

export const isHopByHopHeader = (name: string) => HOP_BY_HOP_HEADERS.has(name.toLowerCase())

/** The host[:port] the client addressed: `:authority` in HTTP/2, the Host header in HTTP/1.1. */
export function requestAuthority(req: IncomingMessage): string | undefined {
  const authority = req.headers[':authority']
  if (typeof authority === 'string' && authority) return authority
  return req.headers.host || undefined
}

/** 'https' when the request came over TLS (HTTP/2, or HTTP/1.1 on the TLS server), else 'http'. */
export function requestScheme(req: IncomingMessage): 'http' | 'https' {
  return (req.socket as { encrypted?: boolean } | null)?.encrypted ? 'https' : 'http'
}
