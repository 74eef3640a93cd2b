/**
 * The checks every request passes before routing, in every mode (demo, token, OAuth):
 *
 * 1. Host: the server answers only for the names it is meant to be reached by — 127.0.0.1, localhost and [::1]
 *    on the port it listens on, PUBLIC_URL's host, and ALLOWED_HOSTS. After a DNS rebinding, a page at
 *    http://rebind.example:4173 is same-origin with this server as far as the browser knows, but it sends
 *    `Host: rebind.example:4173`, which is refused here (421) before anything is read.
 * 2. Same origin for anything that can change state (every method but GET and HEAD): `Origin` must be this
 *    server's own origin (or, without Origin, `Sec-Fetch-Site: same-origin`). `Origin: null` (sandboxed frames,
 *    some redirects) and a sibling port of the same host are other origins. A cross-site form post or a
 *    `no-cors` fetch ("simple" requests: no preflight) never gets through to Canvas or the simulator.
 *
 * The CSRF token (X-CSRF-Token) is the second half of the same-origin proof: see csrf.ts.
 */
import type { IncomingMessage } from 'node:http'
import { AUTHORITY, type ServerConfig } from './config'
import { requestAuthority, requestScheme } from './http-compat'

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]'])

type Authority = { hostname: string; port: number | null }

/** `Host`/`:authority` → lower-case hostname and port (null when absent), or null when it is not a host at all. */
export function parseAuthority(raw: string | undefined): Authority | null {
  if (!raw) return null
  const value = raw.trim().toLowerCase()
  const m = AUTHORITY.exec(value)
  if (!m) return null
  const port = m[2] === undefined ? null : Number(m[2])
  if (port !== null && port > 65535) return null
  return { hostname: m[1]!.replace(/\.$/, ''), port }
}

const defaultPort = (scheme: 'http' | 'https') => (scheme === 'https' ? 443 : 80)

export type HostMatch = 'loopback' | 'public' | 'allowed'

export type RequestGuard = {
  /** Which rule lets this request's Host in, or null (refuse with 421). */
  hostMatch: (req: IncomingMessage) => HostMatch | null
  /** Why a state-changing request is not provably from this server's own pages, or null when it is. */
  crossOriginProblem: (req: IncomingMessage, match: HostMatch) => string | null
}

export function createRequestGuard(config: ServerConfig): RequestGuard {
  const publicUrl = config.mode === 'oauth' ? new URL(config.publicUrl) : null
  const publicHost = publicUrl
    ? {
        hostname: publicUrl.hostname.toLowerCase(),
        port: publicUrl.port ? Number(publicUrl.port) : defaultPort(publicUrl.protocol === 'https:' ? 'https' : 'http'),
        defaultPort: publicUrl.port === '',
      }
    : null
  const allowed = config.allowedHosts.map((entry) => parseAuthority(entry)!).filter(Boolean)

  function hostMatch(req: IncomingMessage): HostMatch | null {
    const host = parseAuthority(requestAuthority(req))
    if (!host) return null
    const scheme = requestScheme(req)
    const port = host.port ?? defaultPort(scheme)
    // The port this connection reached (the configured PORT, or the one the OS picked for PORT=0).
    const localPort = req.socket?.localPort
    if (LOOPBACK_NAMES.has(host.hostname) && port === localPort) return 'loopback'
    // PUBLIC_URL's host as the browser sends it: without a port when PUBLIC_URL has none (the connection here may
    // be plain http from a TLS-terminating proxy, so the scheme of this hop says nothing about the default port).
    if (
      publicHost &&
      host.hostname === publicHost.hostname &&
      (host.port === null ? publicHost.defaultPort : host.port === publicHost.port)
    )
      return 'public'
    // Behind a reverse proxy the Host names the proxy's address, whose port is not ours to know.
    if (allowed.some((a) => a.hostname === host.hostname && (a.port === null || a.port === port))) return 'allowed'
    return null
  }

  function crossOriginProblem(req: IncomingMessage, match: HostMatch): string | null {
    const origin = req.headers.origin
    if (origin === undefined) {
      if (req.headers['sec-fetch-site'] === 'same-origin') return null
      return 'This request does not say where it came from (no Origin header), so it is refused: changes are accepted only from Moderation Desk’s own pages.'
    }
    let given: string
    try {
      given = new URL(origin).origin
    } catch {
      return 'This request came from another site.'
    }
    if (given === 'null') return 'This request came from another site.'
    const scheme = requestScheme(req)
    const authority = requestAuthority(req)!
    const own = new Set([new URL(`${scheme}://${authority}`).origin])
    if (publicUrl) own.add(publicUrl.origin)
    // A TLS-terminating proxy in front: the browser's page is https while this hop is plain http.
    if (match !== 'loopback') own.add(new URL(`https://${authority}`).origin)
    return own.has(given) ? null : 'This request came from another site.'
  }

  return { hostMatch, crossOriginProblem }
}

/** GET and HEAD read; every other method may change something. */
export const isStateChanging = (method: string | undefined) => method !== 'GET' && method !== 'HEAD'
