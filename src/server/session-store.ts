import { createHash } from 'node:crypto'
import { randomToken } from './csrf'
import type { Database, Queryable } from './db/database'
import { createTokenCipher, type EncryptionKeys } from './db/token-cipher'

/**
 * Server-side sessions for OAuth mode, in the database (db/database.ts: PostgreSQL, or the embedded PGlite), so
 * they survive a restart and every server process on one PostgreSQL shares them. The browser holds only a random
 * id (cookie md_sid); rows are keyed by its SHA-256, so the table never holds a usable cookie value. The Canvas
 * tokens in a row are encrypted (db/token-cipher.ts) with the id hash as additional data.
 *
 * Lifetimes: a signed-in session ends `idleMs` after its last request and `absoluteMs` after sign-in in any case;
 * one whose tokens Canvas refused ends `pendingMs` after it began. Each row carries the moment it ends
 * (expires_at): a read ignores rows past it, and every process deletes them once a minute. The last request's
 * time is written at most once a `touchEveryMs` (default a minute) per session, not on every API call, so a
 * session may end up to that much before `idleMs` after its very last request.
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

/** One request's copy of a session: changing it changes nothing stored (the store's methods do). */
export type Session = {
  /** The row's key: SHA-256 of the cookie value. */
  readonly idHash: string
  csrfToken: string
  createdAt: number
  lastSeenAt: number
  user: { id: number; name: string } | null
  /** null once Canvas refused to renew them: the session is over and ends like an unfinished one. */
  tokens: CanvasTokens | null
  /** The stored tokens' version this copy holds (see md_sessions.token_version). */
  tokenVersion: number
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
  /** How often this process deletes expired sessions; 0: only when sweep() is called. Default a minute. */
  sweepEveryMs?: number
  /** A session's last request is written at most this often. Default a minute (at most idleMs / 10). */
  touchEveryMs?: number
  now?: () => number
  /** A failed sweep (the database is down, say): the next one tries again. */
  onError?: (err: unknown) => void
}

/**
 * Tables whose rows end at their `expires_at` and are deleted by the sweep: sessions, and LTI's nonces, per-user
 * tokens and one-time new-tab links (db/migrations/002_lti.sql).
 */
export const SWEPT_TABLES = ['md_sessions', 'md_lti_nonces', 'md_user_tokens', 'md_lti_links'] as const

const hashId = (id: string) => createHash('sha256').update(id).digest('base64url')
/** Additional authenticated data of a session's tokens: the purpose and the session. */
const tokensAad = (idHash: string) => `moderation-desk/session-tokens/v1:${idHash}`

type SessionRow = {
  id_hash: string
  csrf_token: string
  user_id: string | null
  user_name: string | null
  tokens: Uint8Array | null
  tokens_key_id: string | null
  token_expires_at: Date | null
  token_issued_at: Date | null
  token_version: number
  created_at: Date
  last_seen_at: Date
  expires_at: Date
}
const COLUMNS =
  'id_hash, csrf_token, user_id::text AS user_id, user_name, tokens, tokens_key_id, token_expires_at, token_issued_at, token_version, created_at, last_seen_at, expires_at'

const ms = (d: Date | null) => (d === null ? null : d.getTime())
const date = (t: number | null) => (t === null ? null : new Date(t))

export class SessionStore {
  readonly now: () => number
  private readonly idleMs: number
  private readonly absoluteMs: number
  private readonly pendingMs: number
  private readonly touchEveryMs: number
  private readonly cipher: ReturnType<typeof createTokenCipher>
  private readonly timer: ReturnType<typeof setInterval> | null = null
  private readonly db: Database

  constructor(db: Database, keys: EncryptionKeys, opts: SessionStoreOptions = {}) {
    this.db = db
    this.idleMs = opts.idleMs ?? 8 * 3_600_000
    this.absoluteMs = opts.absoluteMs ?? 7 * 86_400_000
    this.pendingMs = opts.pendingMs ?? 15 * 60_000
    this.touchEveryMs = opts.touchEveryMs ?? Math.min(60_000, this.idleMs / 10)
    this.now = opts.now ?? Date.now
    this.cipher = createTokenCipher(keys)
    const every = opts.sweepEveryMs ?? 60_000
    if (every > 0) {
      const onError = opts.onError ?? (() => {})
      this.timer = setInterval(() => void this.sweep().catch(onError), every)
      this.timer.unref()
    }
  }

  /** A new signed-in session; returns the id for the cookie (only its hash is stored). */
  async create(init: { user: Session['user']; tokens: CanvasTokens }): Promise<{ id: string; session: Session }> {
    const id = randomToken()
    const t = this.now()
    const session: Session = {
      idHash: hashId(id),
      csrfToken: randomToken(),
      createdAt: t,
      lastSeenAt: t,
      user: init.user,
      tokens: init.tokens,
      tokenVersion: 0,
    }
    const sealed = this.cipher.seal(this.tokensText(init.tokens), tokensAad(session.idHash))
    await this.db.query(
      `INSERT INTO md_sessions (id_hash, csrf_token, user_id, user_name, tokens, tokens_key_id, token_expires_at,
         token_issued_at, token_version, created_at, last_seen_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $9, $10)`,
      [
        session.idHash,
        session.csrfToken,
        init.user?.id ?? null,
        init.user?.name ?? null,
        sealed.data,
        sealed.keyId,
        date(init.tokens.expiresAt),
        new Date(init.tokens.issuedAt),
        new Date(t),
        new Date(this.signedInUntil(t, t)),
      ],
    )
    return { id, session }
  }

  /**
   * The live session for a cookie value, or null: none, ended, or its tokens cannot be decrypted (a key this
   * server lacks, or a row altered): then the user is simply signed out. Marks it used.
   */
  async get(id: string | undefined): Promise<Session | null> {
    if (!id) return null
    const t = this.now()
    const rows = await this.db.query<SessionRow>(
      `SELECT ${COLUMNS} FROM md_sessions WHERE id_hash = $1 AND expires_at > $2`,
      [hashId(id), new Date(t)],
    )
    const row = rows[0]
    if (!row) return null
    const session = this.decode(row)
    if (!session) return null
    if (session.tokens && t - session.lastSeenAt >= this.touchEveryMs) {
      session.lastSeenAt = t
      await this.db.query(
        'UPDATE md_sessions SET last_seen_at = $2, expires_at = $3 WHERE id_hash = $1 AND tokens IS NOT NULL',
        [session.idHash, new Date(t), new Date(this.signedInUntil(session.createdAt, t))],
      )
    }
    // Read with an old key (rotation): written again with the current one, so the old key can go.
    if (session.tokens && row.tokens_key_id !== this.cipher.currentKeyId) {
      const sealed = this.cipher.seal(this.tokensText(session.tokens), tokensAad(session.idHash))
      await this.db.query(
        'UPDATE md_sessions SET tokens = $2, tokens_key_id = $3 WHERE id_hash = $1 AND token_version = $4',
        [session.idHash, sealed.data, sealed.keyId, session.tokenVersion],
      )
    }
    return session
  }

  async destroy(id: string | undefined): Promise<void> {
    if (id) await this.db.query('DELETE FROM md_sessions WHERE id_hash = $1', [hashId(id)])
  }

  /**
   * fn with the session's stored tokens as they are now (null: gone, ended or signed out), while no other call of
   * this for the session runs, in any process on the database. `save` stores new tokens (null: signed out).
   * `session` (the caller's copy) is brought up to date with what is stored, and with what `save` stores.
   * What a token renewal runs under, so that one process renews and the others then find its tokens.
   */
  withTokens<T>(
    session: Session,
    fn: (current: CanvasTokens | null, save: (tokens: CanvasTokens | null) => Promise<void>) => Promise<T>,
  ): Promise<T> {
    return this.db.exclusive(`session:${session.idHash}`, async (q) => {
      const t = this.now()
      const rows = await q.query<SessionRow>(
        `SELECT ${COLUMNS} FROM md_sessions WHERE id_hash = $1 AND expires_at > $2`,
        [session.idHash, new Date(t)],
      )
      const stored = rows[0] ? this.decode(rows[0]) : null
      const save = async (tokens: CanvasTokens | null) => {
        if (!stored) return
        stored.tokenVersion = await this.writeTokens(q, stored, tokens)
        session.tokens = tokens
        session.tokenVersion = stored.tokenVersion
      }
      // The caller's copy now holds what is stored.
      session.tokens = stored?.tokens ?? null
      if (stored) session.tokenVersion = stored.tokenVersion
      return fn(stored?.tokens ?? null, save)
    })
  }

  /** Signs the session out (tokens gone) unless its tokens changed since `session` was read. */
  async signOut(session: Session): Promise<void> {
    await this.writeTokens(this.db, session, null)
    session.tokens = null
  }

  /** Deletes what has ended (SWEPT_TABLES); how many rows. */
  async sweep(): Promise<number> {
    let n = 0
    for (const table of SWEPT_TABLES) {
      const rows = await this.db.query(`DELETE FROM ${table} WHERE expires_at <= $1 RETURNING 1`, [
        new Date(this.now()),
      ])
      n += rows.length
    }
    return n
  }

  /** Stops the sweep (the database is the opener's to close). */
  close(): void {
    if (this.timer) clearInterval(this.timer)
  }

  /** Stores `tokens` if the row still holds `session.tokenVersion`; the version now stored. */
  private async writeTokens(q: Queryable, session: Session, tokens: CanvasTokens | null): Promise<number> {
    const sealed = tokens ? this.cipher.seal(this.tokensText(tokens), tokensAad(session.idHash)) : null
    const expiresAt = tokens
      ? this.signedInUntil(session.createdAt, session.lastSeenAt)
      : session.createdAt + this.pendingMs
    const rows = await q.query<{ token_version: number }>(
      `UPDATE md_sessions SET tokens = $3, tokens_key_id = $4, token_expires_at = $5, token_issued_at = $6,
         token_version = token_version + 1, expires_at = LEAST(expires_at, $7)
       WHERE id_hash = $1 AND token_version = $2 RETURNING token_version`,
      [
        session.idHash,
        session.tokenVersion,
        sealed?.data ?? null,
        sealed?.keyId ?? null,
        date(tokens?.expiresAt ?? null),
        date(tokens?.issuedAt ?? null),
        new Date(expiresAt),
      ],
    )
    return rows[0]?.token_version ?? session.tokenVersion
  }

  private signedInUntil(createdAt: number, lastSeenAt: number): number {
    return Math.min(lastSeenAt + this.idleMs, createdAt + this.absoluteMs)
  }

  private tokensText(tokens: CanvasTokens): string {
    return JSON.stringify({ a: tokens.accessToken, r: tokens.refreshToken })
  }

  private decode(row: SessionRow): Session | null {
    let tokens: CanvasTokens | null = null
    if (row.tokens && row.tokens_key_id) {
      const plain = this.cipher.open(
        { keyId: row.tokens_key_id, data: Buffer.from(row.tokens) },
        tokensAad(row.id_hash),
      )
      if (plain === null) return null
      const { a, r } = JSON.parse(plain) as { a: string; r: string | null }
      tokens = {
        accessToken: a,
        refreshToken: r,
        expiresAt: ms(row.token_expires_at),
        issuedAt: ms(row.token_issued_at) ?? ms(row.created_at)!,
      }
    }
    return {
      idHash: row.id_hash,
      csrfToken: row.csrf_token,
      createdAt: row.created_at.getTime(),
      lastSeenAt: row.last_seen_at.getTime(),
      user: row.user_id === null ? null : { id: Number(row.user_id), name: row.user_name ?? '' },
      tokens,
      tokenVersion: row.token_version,
    }
  }
}
