/**
 * Who a request comes from: a token (`Authorization: Bearer …` or `access_token`, as Canvas takes them), or in
 * demo mode the `md_demo=<worldId>.<userId>` cookie, which the browser demo and `npm start` use instead of
 * handing a Canvas token to the page.
 */
import { parseCookie, stringifySetCookie } from 'cookie'
import { invalidToken, unauthenticated, type SimError } from '../sim/errors'
import type { SimHost } from '../sim/host'
import type { World } from '../sim/world'

export const DEMO_COOKIE = 'md_demo'

export interface DemoIdentity {
  world: World
  userId: number
}

export interface Identity extends DemoIdentity {
  /** The token the request carried; null when the demo cookie signed it in. */
  token: string | null
}

/**
 * The request's token: the Authorization header if there is one (anything but `Bearer <token>` there is an
 * empty token, which no user has), else the `access_token` query param; null when it has neither.
 */
export function requestToken(request: Request, url: URL): string | null {
  const header = request.headers.get('authorization')
  if (header !== null) return /^Bearer\s+(.+)$/i.exec(header.trim())?.[1]?.trim() ?? ''
  return url.searchParams.get('access_token')
}

/** `<worldId>.<userId>` → a cast member of a live world, else the default world's final grader. */
export function resolveDemoCookie(host: SimHost, value: string | undefined): DemoIdentity | null {
  if (value) {
    const dot = value.lastIndexOf('.')
    const world = host.getWorld(value.slice(0, dot))
    const userId = Number(value.slice(dot + 1))
    if (dot > 0 && world && world.cast.some((m) => m.id === userId)) return { world, userId }
  }
  const fallback = host.getWorld('default')
  const finalGrader = fallback?.cast.find((m) => m.role === 'final_grader')
  return fallback && finalGrader ? { world: fallback, userId: finalGrader.id } : null
}

/** The identity the demo cookie names: from the Cookie header, with msw's `cookies` (in the browser also document.cookie) over it. */
export function demoIdentity(
  host: SimHost,
  request: Request,
  mswCookies: Record<string, string> | undefined,
): DemoIdentity | null {
  const cookies = { ...parseCookie(request.headers.get('cookie') ?? ''), ...mswCookies }
  return resolveDemoCookie(host, cookies[DEMO_COOKIE])
}

/**
 * `md_demo=<worldId>.<userId>; Path=/; SameSite=Lax`: for the whole site, and not sent with another site's
 * requests. Not HttpOnly: the browser demo writes it from the page (a service worker's Set-Cookie never lands).
 */
export function demoSessionCookie(worldId: string, userId: number): string {
  return stringifySetCookie(DEMO_COOKIE, `${worldId}.${userId}`, { path: '/', sameSite: 'lax' })
}

/**
 * A Canvas request's identity: its token's world and user, else (with `demoSession`) the demo cookie's. A token
 * no user has is Canvas's invalid-token 401, no identity at all its unauthenticated 401 (returned, not thrown:
 * they are answered before a world is known, so they are not logged).
 */
export function identify(
  host: SimHost,
  request: Request,
  url: URL,
  mswCookies: Record<string, string> | undefined,
  demoSession: boolean,
): Identity | SimError {
  const token = requestToken(request, url)
  if (token !== null) {
    const resolved = host.resolveToken(token)
    return resolved ? { ...resolved, token } : invalidToken()
  }
  const demo = demoSession ? demoIdentity(host, request, mswCookies) : null
  return demo ? { ...demo, token: null } : unauthenticated()
}
