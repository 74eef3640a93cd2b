// @vitest-environment node
/**
 * The session store (session-store.ts) and its database (db/): one suite, run on the embedded PGlite always and on
 * a real PostgreSQL when TEST_DATABASE_URL names one (.ci/run installs and names one). Migrations, lifetimes,
 * encryption at rest and key rotation, and the lock under which a session's tokens are renewed once, whichever
 * process asks. Nothing is mocked but Canvas's token endpoint in the renewal tests (counted calls).
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sleep } from '../../lib/sleep'
import { connectDatabase, DatabaseError, LockTimeoutError, type Database } from '../db/database'
import { loadMigrations, migrate } from '../db/migrations'
import { openDatabase } from '../db/open'
import { keyId } from '../db/token-cipher'
import { createSessionTokens } from '../oauth-api'
import type { TokenAnswer, TokenClient } from '../oauth-token-client'
import { SessionStore, type CanvasTokens, type SessionStoreOptions } from '../session-store'
import { postgresSchema, postgresSkipReason } from './db-helpers'

const pgSkip = await postgresSkipReason()
const pgSchema = postgresSchema(!pgSkip)

type Backend = { name: string; kind: Database['kind']; skip: string; open: () => Promise<Database> }
const backends: Backend[] = [
  {
    name: 'PGlite (embedded)',
    kind: 'pglite',
    skip: '',
    open: async () => (await openDatabase({ kind: 'pglite', dataDir: null })).db,
  },
  {
    name: 'PostgreSQL (TEST_DATABASE_URL)',
    kind: 'postgres',
    skip: pgSkip,
    open: async () => (await openDatabase({ kind: 'postgres', url: pgSchema.url() })).db,
  },
]

const KEY_A = randomBytes(32)
const KEY_B = randomBytes(32)
const T0 = Date.UTC(2030, 0, 7, 9, 0, 0)
const HOUR = 3_600_000

const tokens = (n: number | string, at = T0): CanvasTokens => ({
  accessToken: `access-${n}-${randomBytes(8).toString('hex')}`,
  refreshToken: `refresh-${n}-${randomBytes(8).toString('hex')}`,
  expiresAt: at + HOUR,
  issuedAt: at,
})
const USER = { id: 170000000000123, name: 'Dr. Maya Chen' }

/** Every value of every row of md_sessions as text (bytea as hex, UTF-8 and base64), to search for secrets. */
async function tableText(db: Database): Promise<string> {
  const rows = await db.query('SELECT * FROM md_sessions')
  return JSON.stringify(rows, (_k, v: unknown) => {
    if (v instanceof Uint8Array) {
      const b = Buffer.from(v)
      return `${b.toString('hex')} ${b.toString('utf8')} ${b.toString('base64')}`
    }
    return v
  })
}

for (const backend of backends) {
  const title = `session store on ${backend.name}${backend.skip ? ` — ${backend.skip}` : ''}`
  describe.skipIf(!!backend.skip)(title, () => {
    let db: Database
    const extra: Database[] = []
    /**
     * The database as a second server process sees it: on PostgreSQL a pool of its own; PGlite is one process's, so
     * there the same one (as two app servers of one process would share it).
     */
    const secondConnection = async () => {
      if (backend.kind === 'pglite') return db
      const other = await connectDatabase({ kind: 'postgres', url: pgSchema.url() })
      extra.push(other)
      return other
    }
    const clock = { t: T0 }
    const store = (keys = { current: KEY_A, old: [] as Buffer[] }, opts: SessionStoreOptions = {}, on = db) =>
      new SessionStore(on, keys, { now: () => clock.t, sweepEveryMs: 0, ...opts })

    beforeAll(async () => {
      db = await backend.open()
    }, 60_000)
    afterAll(async () => {
      for (const d of extra) await d.close()
      await db?.close()
    })

    it('migrations: applied once and recorded; again, or from two processes at once, changes nothing; a newer schema is refused', async () => {
      expect(await db.query('SELECT version, name FROM md_schema_migrations ORDER BY version')).toEqual([
        { version: 1, name: 'sessions' },
        { version: 2, name: 'lti' },
      ])
      const next = loadMigrations().length + 1
      const other = await secondConnection()
      expect((await Promise.all([migrate(db), migrate(other)])).map((r) => r.applied)).toEqual([[], []])
      // A release with one more migration, started twice at once: it is applied once.
      const probe = [...loadMigrations(), { version: next, name: 'probe', sql: 'CREATE TABLE md_probe (x integer);' }]
      const both = await Promise.all([migrate(db, probe), migrate(other, probe)])
      expect(both.map((r) => r.applied.join()).sort((x, y) => x.localeCompare(y))).toEqual(['', String(next)])
      // …and the previous release then refuses this database rather than run on a schema it does not know.
      await expect(migrate(db)).rejects.toThrow(
        new RegExp(
          `the database's schema is at version ${next}, newer than this server knows \\(${next - 1}\\).*Run that release`,
        ),
      )
      await db.exec(`DROP TABLE md_probe; DELETE FROM md_schema_migrations WHERE version = ${next};`)
      expect((await migrate(db)).applied).toEqual([])
    })

    it('a migration that fails changes nothing, and says which one failed', async () => {
      const next = loadMigrations().length + 1
      const broken = [
        ...loadMigrations(),
        { version: next, name: 'broken', sql: 'CREATE TABLE md_broken (x integer);\nSELEC 1;' },
      ]
      const failed = migrate(db, broken)
      await expect(failed).rejects.toBeInstanceOf(DatabaseError)
      await expect(failed).rejects.toThrow(
        new RegExp(`schema could not be brought up to date \\(migration 00${next}_broken failed: `),
      )
      expect(await db.query("SELECT to_regclass('md_broken') AS t")).toEqual([{ t: null }])
      expect(
        (await db.query('SELECT version FROM md_schema_migrations ORDER BY version')).map((r) => r.version),
      ).toEqual(loadMigrations().map((m) => m.version))
    })

    it('a session: signed in when created, found by its cookie id, gone when destroyed; the id is stored only as its hash', async () => {
      const s = store()
      const given = tokens(1)
      const { id, session } = await s.create({ user: USER, tokens: given })
      expect(id.length).toBeGreaterThanOrEqual(32)
      const found = await s.get(id)
      expect(found).toEqual({ ...session, tokenVersion: 0 })
      expect(found!.tokens).toEqual(given)
      expect(found!.user).toEqual(USER)
      expect(await s.get(`${id}x`)).toBeNull()
      expect(await s.get(undefined)).toBeNull()
      expect(await tableText(db)).not.toContain(id)
      await s.destroy(id)
      expect(await s.get(id)).toBeNull()
    })

    it('ends after the idle time without a request and after the absolute lifetime in any case; the sweep deletes what ended', async () => {
      const s = store(undefined, { idleMs: HOUR, absoluteMs: 5 * HOUR })
      clock.t = T0
      const busy = await s.create({ user: USER, tokens: tokens(2) })
      const idle = await s.create({ user: USER, tokens: tokens(3) })
      // A request every 59 minutes keeps `busy`; `idle`, without one for over an hour, has ended.
      for (let i = 1; i <= 5; i++) {
        clock.t = T0 + i * 59 * 60_000
        expect(await s.get(busy.id), `after ${i * 59} minutes`).not.toBeNull()
      }
      expect(await s.get(idle.id)).toBeNull()
      // Five hours after sign-in it ends, requests or not.
      clock.t = T0 + 5 * HOUR + 1
      expect(await s.get(busy.id)).toBeNull()
      const left = async () =>
        (
          await db.query<{ n: number }>('SELECT count(*)::int AS n FROM md_sessions WHERE id_hash = ANY($1)', [
            [busy.session.idHash, idle.session.idHash],
          ])
        )[0]!.n
      expect(await left()).toBe(2) // a read ignores ended rows; the sweep deletes them
      expect(await s.sweep()).toBeGreaterThanOrEqual(2)
      expect(await left()).toBe(0)
    })

    it('the sweep runs by itself on its interval', async () => {
      const s = store(undefined, { idleMs: 50, touchEveryMs: 10, now: Date.now, sweepEveryMs: 100 })
      const { session } = await s.create({ user: USER, tokens: tokens(4, Date.now()) })
      await sleep(400)
      s.close()
      expect(await db.query('SELECT 1 FROM md_sessions WHERE id_hash = $1', [session.idHash])).toEqual([])
    })

    it('Canvas tokens are encrypted at rest: no token in any column, a fresh IV per record, the key id beside it', async () => {
      const s = store()
      const same = tokens(5)
      const a = await s.create({ user: USER, tokens: same })
      const b = await s.create({ user: USER, tokens: same })
      const text = await tableText(db)
      expect(text).not.toContain(same.accessToken)
      expect(text).not.toContain(same.refreshToken)
      const rows = await db.query<{ tokens: Uint8Array; tokens_key_id: string }>(
        'SELECT tokens, tokens_key_id FROM md_sessions WHERE id_hash = ANY($1) ORDER BY created_at',
        [[a.session.idHash, b.session.idHash]],
      )
      const [ra, rb] = rows.map((r) => ({ data: Buffer.from(r.tokens), keyId: r.tokens_key_id }))
      expect(ra!.keyId).toBe(keyId(KEY_A))
      const plainLength = JSON.stringify({ a: same.accessToken, r: same.refreshToken }).length
      expect(ra!.data.length).toBe(12 + plainLength + 16)
      expect(ra!.data.subarray(0, 12).equals(rb!.data.subarray(0, 12))).toBe(false)
      expect(ra!.data.equals(rb!.data)).toBe(false)
    })

    it('a record moved onto another session’s row, or altered, does not decrypt: that session is signed out, nothing fails', async () => {
      const s = store()
      const a = await s.create({ user: USER, tokens: tokens(6) })
      const b = await s.create({ user: USER, tokens: tokens(7) })
      await db.query(
        'UPDATE md_sessions SET tokens = (SELECT tokens FROM md_sessions WHERE id_hash = $1) WHERE id_hash = $2',
        [a.session.idHash, b.session.idHash],
      )
      expect(await s.get(b.id)).toBeNull()
      expect((await s.get(a.id))!.tokens).toEqual(a.session.tokens)
      await db.query(
        "UPDATE md_sessions SET tokens = overlay(tokens placing '\\x00'::bytea from 20 for 1) WHERE id_hash = $1",
        [a.session.idHash],
      )
      expect(await s.get(a.id)).toBeNull()
    })

    it('a server with another key finds its sessions signed out (no crash); with the old key among the old ones it reads them and writes them anew', async () => {
      const withA = store()
      const made = await withA.create({ user: USER, tokens: tokens(8) })
      // A wrong key (SESSION_ENCRYPTION_KEY changed, the old one not kept): signed out, the row left alone.
      expect(await store({ current: KEY_B, old: [] }).get(made.id)).toBeNull()
      expect((await withA.get(made.id))!.tokens).toEqual(made.session.tokens)
      // Rotation: the new key, the old one in SESSION_ENCRYPTION_OLD_KEYS. Read, and written again with the new key.
      const rotated = await store({ current: KEY_B, old: [KEY_A] }).get(made.id)
      expect(rotated!.tokens).toEqual(made.session.tokens)
      const keyOf = async () =>
        (
          await db.query<{ tokens_key_id: string }>('SELECT tokens_key_id FROM md_sessions WHERE id_hash = $1', [
            made.session.idHash,
          ])
        )[0]!.tokens_key_id
      expect(await keyOf()).toBe(keyId(KEY_B))
      // …so the old key can go.
      expect((await store({ current: KEY_B, old: [] }).get(made.id))!.tokens).toEqual(made.session.tokens)
      expect(await withA.get(made.id)).toBeNull()
    })

    it('withTokens: one at a time per session across connections, and the second finds what the first saved; other sessions do not wait', async () => {
      const other = await secondConnection()
      const here = store()
      const there = store(undefined, {}, other)
      const { id, session } = await here.create({ user: USER, tokens: tokens(9) })
      const elsewhere = (await there.get(id))!
      const renewed = tokens(10)
      const order: string[] = []
      const first = here.withTokens(session, async (current, save) => {
        order.push(`first found ${current!.accessToken === session.tokens!.accessToken ? 'the old' : 'new'}`)
        await sleep(300)
        await save(renewed)
        order.push('first saved')
      })
      await sleep(50)
      const second = there.withTokens(elsewhere, async (current) => {
        order.push(`second found ${current!.accessToken === renewed.accessToken ? 'the renewed' : 'the old'}`)
      })
      const unrelated = await there.create({ user: USER, tokens: tokens(11) })
      const started = performance.now()
      await there.withTokens(unrelated.session, async () => {})
      expect(performance.now() - started).toBeLessThan(250)
      await Promise.all([first, second])
      expect(order).toEqual(['first found the old', 'first saved', 'second found the renewed'])
      expect(elsewhere.tokens).toEqual(renewed)
      expect((await here.get(id))!.tokens).toEqual(renewed)
    })

    it('two processes renewing one session’s expired token at once ask Canvas once, and both get the new token', async () => {
      const other = await secondConnection()
      let calls = 0
      const canvas: TokenClient = {
        request: async (): Promise<TokenAnswer> => {
          calls++
          await sleep(200)
          return { ok: true, accessToken: `renewed-${calls}`, refreshToken: null, expiresIn: 3600, user: null }
        },
        revoke: () => Promise.resolve('revoked'),
      }
      const now = () => clock.t
      clock.t = T0
      const [storeA, storeB] = [store(), store(undefined, {}, other)]
      // Each process has its own token client and its own in-process sharing of renewals.
      const processA = createSessionTokens({ client: canvas, now, store: storeA })
      const processB = createSessionTokens({ client: canvas, now, store: storeB })
      const { id } = await storeA.create({ user: USER, tokens: tokens(12) })
      const [inA, inB, alsoInB] = [(await storeA.get(id))!, (await storeB.get(id))!, (await storeB.get(id))!]
      expect(await Promise.all([processA.refresh(inA), processB.refresh(inB), processB.refresh(alsoInB)])).toEqual([
        'ok',
        'ok',
        'ok',
      ])
      expect(calls).toBe(1)
      expect([inA.tokens!.accessToken, inB.tokens!.accessToken, alsoInB.tokens!.accessToken]).toEqual([
        'renewed-1',
        'renewed-1',
        'renewed-1',
      ])
      // The refresh token is kept when Canvas sends none; stored encrypted like the first.
      expect((await storeB.get(id))!.tokens).toEqual(inA.tokens)
      // A process still holding the old token (read before the renewal) takes the stored one, no new call.
      const stale = { ...inA, tokens: tokens(12), tokenVersion: 0 }
      expect(await processB.refresh(stale)).toBe('ok')
      expect([calls, stale.tokens!.accessToken]).toEqual([1, 'renewed-1'])
    })

    it('signOut ends the sign-in unless the tokens were renewed since they were read', async () => {
      const s = store()
      clock.t = T0
      const { id, session } = await s.create({ user: USER, tokens: tokens(13) })
      const stale = (await s.get(id))!
      await s.withTokens(session, (_current, save) => save(tokens(14)))
      await s.signOut(stale)
      expect((await s.get(id))!.tokens).not.toBeNull()
      const fresh = (await s.get(id))!
      await s.signOut(fresh)
      expect((await s.get(id))!.tokens).toBeNull()
      expect(await tableText(db)).not.toContain(fresh.tokens?.accessToken ?? 'access-14')
      // Ended like a sign-in that never finished: gone after pendingMs (15 minutes) from its start.
      clock.t = T0 + 15 * 60_000 + 1
      expect(await s.get(id)).toBeNull()
    })
  })
}

describe.skipIf(!!pgSkip)(`PostgreSQL’s lock${pgSkip ? ` — ${pgSkip}` : ''}`, () => {
  it('a process that waits too long for another’s lock gets LockTimeoutError (its request is answered "try again")', async () => {
    const holder = await connectDatabase({ kind: 'postgres', url: pgSchema.url() })
    const impatient = await connectDatabase({ kind: 'postgres', url: pgSchema.url(), lockTimeoutMs: 200 })
    try {
      const holding = holder.exclusive('probe', () => sleep(1000))
      await sleep(100)
      await expect(impatient.exclusive('probe', () => Promise.resolve())).rejects.toBeInstanceOf(LockTimeoutError)
      await holding
      expect(await impatient.exclusive('probe', () => Promise.resolve('free again'))).toBe('free again')
    } finally {
      await holder.close()
      await impatient.close()
    }
  })
})

describe.skipIf(!!pgSkip)(`PostgreSQL’s pool${pgSkip ? ` — ${pgSkip}` : ''}`, () => {
  it('renewals waiting on Canvas hold at most half the connections: the other requests still get one', async () => {
    const db = await connectDatabase({ kind: 'postgres', url: pgSchema.url(), poolSize: 2 })
    try {
      const order: string[] = []
      const slow = db.exclusive('a', async () => {
        await sleep(300)
        order.push('a done')
      })
      const waits = db.exclusive('b', () => Promise.resolve(order.push('b ran')))
      await sleep(50)
      expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }])
      order.push('query answered')
      await Promise.all([slow, waits])
      expect(order).toEqual(['query answered', 'a done', 'b ran'])
    } finally {
      await db.close()
    }
  })
})

describe('the embedded database’s data folder', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'md-pglite-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('is for one process at a time: a second opening is refused with what to do', async () => {
    const opened = await openDatabase({ kind: 'pglite', dataDir: dir })
    try {
      await expect(connectDatabase({ kind: 'pglite', dataDir: dir })).rejects.toThrow(DatabaseError)
      await expect(connectDatabase({ kind: 'pglite', dataDir: dir })).rejects.toThrow(
        /in use by another server process\. The embedded database serves one process: .* set DATABASE_URL/,
      )
    } finally {
      await opened.db.close()
    }
    // Closed: free again (no socket left behind), with the schema in place.
    expect(readdirSync(dir)).toEqual(['pglite'])
    const again = await openDatabase({ kind: 'pglite', dataDir: dir })
    expect(again.migrations.applied).toEqual([])
    await again.db.close()
  }, 60_000)
})
