import type { ServerResponse } from 'node:http'

/**
 * Headers for every response the browser gets from us. The app loads only its own scripts and styles and
 * talks only to its own origin, so the policy can be strict.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/**
 * Sent only when the server itself speaks TLS (TLS_CERT_FILE/TLS_KEY_FILE): browsers then use https for this
 * host for a day even if a link says http. Short and without preload or includeSubDomains, so turning TLS off
 * again is not a trap. (Behind a TLS-terminating proxy, the proxy decides.)
 */
export const STRICT_TRANSPORT_SECURITY = 'max-age=86400'

/**
 * `tls`: the response goes out over TLS; `host`: the host[:port] the request addressed. Strict-Transport-Security
 * is sent over TLS, except to `localhost`:
 * HSTS covers every port of a host, so it would switch the developer's other http://localhost servers to
 * https (browsers ignore HSTS for IP addresses such as 127.0.0.1 anyway).
 */
export function setSecurityHeaders(
  res: ServerResponse,
  opts: { tls?: boolean; host?: string; frameAncestors?: readonly string[] } = {},
): void {
  if (opts.frameAncestors?.length) {
    // LTI mode: Canvas frames the tool. CSP's frame-ancestors names the origins that may; X-Frame-Options cannot
    // name one (ALLOW-FROM is gone from browsers), and a browser that knows frame-ancestors ignores it anyway.
    res.setHeader(
      'Content-Security-Policy',
      CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", `frame-ancestors ${opts.frameAncestors.join(' ')}`),
    )
  } else {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    res.setHeader('X-Frame-Options', 'DENY')
  }
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('Referrer-Policy', 'no-referrer')
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
  if (opts.tls && !isLocalhost(opts.host)) res.setHeader('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY)
}

/** `localhost` or `*.localhost`, with or without a port. */
function isLocalhost(authority: string | undefined): boolean {
  const hostname = (authority ?? '').replace(/:\d+$/, '').toLowerCase().replace(/\.$/, '')
  return hostname === 'localhost' || hostname.endsWith('.localhost')
}
