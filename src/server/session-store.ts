import { createHash } from 'node:crypto'
import { randomToken } from './csrf'

/**
 * Server-side sessions for OAuth mode: the Canvas tokens live here, the browser holds only a random id
 * (cookie md_sid). The store is keyed by a hash of the id, so the map never holds a usable cookie value.
 *
 * In memory: sessions are lost on restart (users sign in again) and are not shared between processes.
 * A multi-instance deployment needs a shared store (e.g. Redis) behind the same interface, or sticky sessions.
 */
export type CanvasTokens = {
  accessToken: string
  refreshToken: string | null
  /** ms since epoch; null when Canvas gave no expires_in (a token that does not expire). */
  expiresAt: number | null
  issuedAt: number
}

/**
 * ok: new access token; signin: Canvas refused the refresh token (sign in again); unavailable: Canvas unreachable,
 * or still refusing the token endpoint for its throttle after the retries (keep the session; try again later).
 */
export type RefreshOutcome = 'ok' | 'signin' | 'unavailable'

export type Session = {
  csrfToken: string
  createdAt: number
  lastSeenAt: number
  user: { id: number; name: string } | null
  /** null once Canvas refused to renew them: the session is over and ends like an unfinished one. */
  tokens: CanvasTokens | null
  /** The refresh in flight, shared by concurrent API calls. */
  refreshing: Promise<RefreshOutcome> | null
}

export type SessionStoreOptions = {
  /** A signed-in session ends after this long without a request. Default 8 hours. */
  idleMs?: number
  /** …and after this long in any case. Default 7 days. */
  absoluteMs?: number
  /**
   * How long a sign-in may take (the signed md_login cookie, login-state.ts), and how long a session whose tokens
   * Canvas refused stays before it is swept. Default 15 minutes.
   */
  pendingMs?: number
  /** Upper bound on sessions kept (sessions without tokens are evicted first). Default 100,000. */
  maxSessions?: number
  now?: () => number
}

const hashId = (id: string) => createHash('sha256').update(id).digest('base64url')

export class SessionStore {
  private readonly sessions = new Map<string, Session>()
  private readonly idleMs: number
  private readonly absoluteMs: number
  private readonly pendingMs: number
  private readonly maxSessions: number
  readonly now: () => number
  private lastSweep = 0

  constructor(opts: SessionStoreOptions = {}) {
    this.idleMs = opts.idleMs ?? 8 * 3_600_000
    this.absoluteMs = opts.absoluteMs ?? 7 * 86_400_000
    this.pendingMs = opts.pendingMs ?? 15 * 60_000
    this.maxSessions = opts.maxSessions ?? 100_000
    this.now = opts.now ?? Date.now
  }

  get size(): number {
    return this.sessions.size
  }

  /** A new session; returns the id for the cookie (only its hash is kept). */
  create(): { id: string; session: Session } {
    this.sweep()
    const id = randomToken()
    const t = this.now()
    const session: Session = {
      csrfToken: randomToken(),
      createdAt: t,
      lastSeenAt: t,
      user: null,
      tokens: null,
      refreshing: null,
    }
    this.sessions.set(hashId(id), session)
    return { id, session }
  }

  /** The live session for a cookie value (and marks it used), or null. */
  get(id: string | undefined): Session | null {
    if (!id) return null
    const key = hashId(id)
    const session = this.sessions.get(key)
    if (!session) return null
    if (this.expired(session, this.now())) {
      this.sessions.delete(key)
      return null
    }
    session.lastSeenAt = this.now()
    return session
  }

  destroy(id: string | undefined): void {
    if (id) this.sessions.delete(hashId(id))
  }

  private expired(s: Session, t: number): boolean {
    if (!s.tokens) return t - s.createdAt > this.pendingMs
    return t - s.lastSeenAt > this.idleMs || t - s.createdAt > this.absoluteMs
  }

  /** Drops expired sessions at most once a minute, and the oldest sessions without tokens when over the cap. */
  private sweep(): void {
    const t = this.now()
    if (t - this.lastSweep > 60_000 || this.sessions.size >= this.maxSessions) {
      this.lastSweep = t
      for (const [key, s] of this.sessions) if (this.expired(s, t)) this.sessions.delete(key)
    }
    if (this.sessions.size < this.maxSessions) return
    for (const [key, s] of this.sessions) {
      if (this.sessions.size < this.maxSessions) return
      if (!s.tokens) this.sessions.delete(key)
    }
    // Still full of signed-in sessions: drop the oldest (Map keeps insertion order).
    for (const key of this.sessions.keys()) {
      if (this.sessions.size < this.maxSessions) return
      this.sessions.delete(key)
    }
  }
}
