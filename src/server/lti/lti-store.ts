/**
 * LTI's rows in the database (db/migrations/002_lti.sql):
 * - md_lti_nonces: the nonce (and the state with it) of each OIDC login this server started, used by one launch;
 * - md_user_tokens: each Canvas user's OAuth2 tokens, kept after a sign-in so later launches go straight in,
 *   encrypted like the sessions' (db/token-cipher.ts) with `moderation-desk/user-tokens/v1:<issuer>:<user id>` as
 *   additional data (a row copied onto another user's does not decrypt);
 * - md_lti_links: one-time links that sign a new tab in (a launch whose cookies the browser kept back).
 * Nonces, states and link tokens are stored only as SHA-256 hashes. Every table's rows end at `expires_at` and are
 * swept with the sessions (session-store.ts, SWEPT_TABLES).
 */
import { createHash } from 'node:crypto'
import type { Database } from '../db/database'
import { createTokenCipher, type EncryptionKeys } from '../db/token-cipher'
import type { CanvasTokens } from '../session-store'

export const hashValue = (value: string) => createHash('sha256').update(value).digest('base64url')

/** Additional authenticated data of a user's stored tokens: the purpose, the platform and the user. */
export const userTokensAad = (issuer: string, userId: number) => `moderation-desk/user-tokens/v1:${issuer}:${userId}`

/** ok: first use, with the state it was issued with; replayed: used before; unknown: never issued here, or expired. */
export type NonceUse = { outcome: 'ok'; stateHash: string } | { outcome: 'replayed' | 'unknown' }

export type StoredUser = { user: { id: number; name: string }; tokens: CanvasTokens }

export type LtiStoreOptions = {
  now: () => number
  /** How long a login's nonce may wait for its launch. Default 10 minutes (Canvas's message hint lives 5). */
  nonceMs?: number
  /** How long a user's tokens are kept after they were last stored. Default 90 days. */
  userTokensMs?: number
  /** How long a new-tab link works. Default 2 minutes. */
  linkMs?: number
}

type UserRow = {
  user_id: string
  user_name: string | null
  tokens: Uint8Array
  tokens_key_id: string
  token_expires_at: Date | null
  token_issued_at: Date
}

export class LtiStore {
  readonly nonceMs: number
  readonly linkMs: number
  private readonly userTokensMs: number
  private readonly now: () => number
  private readonly cipher: ReturnType<typeof createTokenCipher>
  private readonly db: Database

  constructor(db: Database, keys: EncryptionKeys, opts: LtiStoreOptions) {
    this.db = db
    this.now = opts.now
    this.nonceMs = opts.nonceMs ?? 10 * 60_000
    this.userTokensMs = opts.userTokensMs ?? 90 * 86_400_000
    this.linkMs = opts.linkMs ?? 2 * 60_000
    this.cipher = createTokenCipher(keys)
  }

  /** Records a login's nonce and state (only their hashes). */
  async issueNonce(nonce: string, state: string): Promise<void> {
    const t = this.now()
    await this.db.query(
      'INSERT INTO md_lti_nonces (nonce_hash, state_hash, created_at, expires_at) VALUES ($1, $2, $3, $4)',
      [hashValue(nonce), hashValue(state), new Date(t), new Date(t + this.nonceMs)],
    )
  }

  /**
   * Uses a nonce up: one UPDATE that only a first use of a live nonce matches, so two launches with it at once (in
   * any processes on the database) cannot both succeed.
   */
  async useNonce(nonce: string): Promise<NonceUse> {
    const t = new Date(this.now())
    const hash = hashValue(nonce)
    const used = await this.db.query<{ state_hash: string }>(
      `UPDATE md_lti_nonces SET used_at = $2 WHERE nonce_hash = $1 AND used_at IS NULL AND expires_at > $2
       RETURNING state_hash`,
      [hash, t],
    )
    if (used[0]) return { outcome: 'ok', stateHash: used[0].state_hash }
    const seen = await this.db.query('SELECT 1 FROM md_lti_nonces WHERE nonce_hash = $1 AND used_at IS NOT NULL', [
      hash,
    ])
    return { outcome: seen.length ? 'replayed' : 'unknown' }
  }

  /** Keeps (or replaces) a user's tokens for later launches. */
  async putUser(issuer: string, user: { id: number; name: string }, tokens: CanvasTokens): Promise<void> {
    const t = this.now()
    const sealed = this.cipher.seal(
      JSON.stringify({ a: tokens.accessToken, r: tokens.refreshToken }),
      userTokensAad(issuer, user.id),
    )
    await this.db.query(
      `INSERT INTO md_user_tokens (issuer, user_id, user_name, tokens, tokens_key_id, token_expires_at, token_issued_at,
         updated_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (issuer, user_id) DO UPDATE SET user_name = $3, tokens = $4, tokens_key_id = $5,
         token_expires_at = $6, token_issued_at = $7, updated_at = $8, expires_at = $9`,
      [
        issuer,
        user.id,
        user.name,
        sealed.data,
        sealed.keyId,
        tokens.expiresAt === null ? null : new Date(tokens.expiresAt),
        new Date(tokens.issuedAt),
        new Date(t),
        new Date(t + this.userTokensMs),
      ],
    )
  }

  /** A user's stored tokens, or null: none, expired, or not decryptable (another key; a row altered or moved). */
  async getUser(issuer: string, userId: number): Promise<StoredUser | null> {
    const rows = await this.db.query<UserRow>(
      `SELECT user_id::text AS user_id, user_name, tokens, tokens_key_id, token_expires_at, token_issued_at
       FROM md_user_tokens WHERE issuer = $1 AND user_id = $2 AND expires_at > $3`,
      [issuer, userId, new Date(this.now())],
    )
    const row = rows[0]
    if (!row) return null
    const plain = this.cipher.open(
      { keyId: row.tokens_key_id, data: Buffer.from(row.tokens) },
      userTokensAad(issuer, userId),
    )
    if (plain === null) return null
    const { a, r } = JSON.parse(plain) as { a: string; r: string | null }
    return {
      user: { id: Number(row.user_id), name: row.user_name ?? '' },
      tokens: {
        accessToken: a,
        refreshToken: r,
        expiresAt: row.token_expires_at?.getTime() ?? null,
        issuedAt: row.token_issued_at.getTime(),
      },
    }
  }

  /** Forgets a user's tokens (signed out: the grant is revoked, or the user asked). */
  async deleteUser(userId: number): Promise<void> {
    await this.db.query('DELETE FROM md_user_tokens WHERE user_id = $1', [userId])
  }

  /** A one-time link token for a new tab of this user, opening `returnTo`. */
  async issueLink(token: string, issuer: string, userId: number, returnTo: string): Promise<void> {
    await this.db.query(
      'INSERT INTO md_lti_links (token_hash, issuer, user_id, return_to, expires_at) VALUES ($1, $2, $3, $4, $5)',
      [hashValue(token), issuer, userId, returnTo, new Date(this.now() + this.linkMs)],
    )
  }

  /** Uses a link token up (once, while it is live): whose it is and where it goes, or null. */
  async useLink(token: string): Promise<{ issuer: string; userId: number; returnTo: string } | null> {
    const t = new Date(this.now())
    const rows = await this.db.query<{ issuer: string; user_id: string; return_to: string }>(
      `UPDATE md_lti_links SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
       RETURNING issuer, user_id::text AS user_id, return_to`,
      [hashValue(token), t],
    )
    const row = rows[0]
    return row ? { issuer: row.issuer, userId: Number(row.user_id), returnTo: row.return_to } : null
  }
}
