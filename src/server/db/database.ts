/**
 * The server's database: PostgreSQL through node-postgres when DATABASE_URL is set, otherwise PostgreSQL embedded
 * in this process (PGlite, WebAssembly) in a data folder (DATA_DIR, default .data/ in the project). One interface and
 * one schema for both (migrations.ts); what differs is only how a connection is had and how `exclusive` waits.
 *
 * - PostgreSQL: a pool of connections; any number of server processes may share the database.
 * - PGlite: one connection, in this process; one process owns the data folder (it holds a socket there), so a
 *   second server on the same folder refuses to start instead of damaging it.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, realpathSync, rmSync } from 'node:fs'
import { connect, createServer as createNetServer, type Server as NetServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'

export type Row = Record<string, unknown>

/** What a query runs on: the database, or one transaction's connection. */
export interface Queryable {
  /** One statement with $1… parameters; its rows. */
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]>
  /** A script of statements without parameters (migrations). */
  exec(sql: string): Promise<void>
}

export interface Database extends Queryable {
  readonly kind: 'postgres' | 'pglite'
  /** Where it is, for messages: host:port/name, or the data folder, or "memory". Never a password. */
  readonly where: string
  /** fn's queries in one transaction (BEGIN … COMMIT; ROLLBACK when fn throws). */
  transaction<T>(fn: (q: Queryable) => Promise<T>): Promise<T>
  /**
   * fn runs while no other `exclusive(key)` does: in this process, and on PostgreSQL in every process on the
   * database. fn may wait on the network meanwhile (a Canvas token renewal), so:
   * - PostgreSQL: a transaction on a connection of its own that takes `pg_advisory_xact_lock` on the key first;
   *   other processes wait for the lock (at most `lockTimeoutMs`, then this throws LockTimeoutError), and it is let
   *   go at COMMIT, or when the connection dies with its process.
   * - PGlite: a lock in this process (the only one on the data folder), and fn's queries run one by one: PGlite has
   *   a single connection, and a transaction held open across fn's waits would stall every other query.
   */
  exclusive<T>(key: string, fn: (q: Queryable) => Promise<T>): Promise<T>
  close(): Promise<void>
}

export type DatabaseOptions =
  | { kind: 'postgres'; url: string; lockTimeoutMs?: number; poolSize?: number }
  | { kind: 'pglite'; dataDir: string }
  /** PGlite in memory: gone when closed (tests). */
  | { kind: 'pglite'; dataDir: null }

export class DatabaseError extends Error {}
export class LockTimeoutError extends Error {}

/** Connects (PostgreSQL) or opens (PGlite), or throws DatabaseError saying why; open.ts also migrates. */
export function connectDatabase(opts: DatabaseOptions): Promise<Database> {
  return opts.kind === 'postgres' ? openPostgres(opts) : openPglite(opts.dataDir)
}

/** A 64-bit advisory lock key for `key` (PostgreSQL's locks are numbered). */
export const lockNumber = (key: string) =>
  createHash('sha256').update(`moderation-desk/lock/${key}`).digest().readBigInt64BE(0).toString()

// --- PostgreSQL ----------------------------------------------------------------------------------------------

/** host:port/database of a postgres:// URL, for messages (no user name or password). */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url)
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname}`
  } catch {
    return '(DATABASE_URL)'
  }
}

async function openPostgres(opts: { url: string; lockTimeoutMs?: number; poolSize?: number }): Promise<Database> {
  const where = describeUrl(opts.url)
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize ?? 10,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  })
  // An idle connection the server closed (a restart of PostgreSQL) is dropped from the pool, not a crash.
  pool.on('error', () => {})
  try {
    await pool.query('SELECT 1')
  } catch (err) {
    await pool.end().catch(() => {})
    throw new DatabaseError(`cannot reach the database at ${where} (DATABASE_URL): ${errorText(err)}`)
  }
  const lockTimeoutMs = opts.lockTimeoutMs ?? 60_000
  // A renewal holds its connection while Canvas answers: at most half the pool does, so that a slow Canvas does not
  // leave the other requests without a connection. The rest wait here, in turn.
  const maxExclusive = Math.max(1, Math.floor((opts.poolSize ?? 10) / 2))
  let active = 0
  const waiting: Array<() => void> = []
  const slot = () =>
    active < maxExclusive ? (active++, Promise.resolve()) : new Promise<void>((resolve) => waiting.push(resolve))
  const freeSlot = () => {
    const next = waiting.shift()
    if (next) next()
    else active--
  }
  const on = (c: pg.ClientBase): Queryable => ({
    query: async <R extends Row>(sql: string, params: readonly unknown[] = []) =>
      (await c.query<R>(sql, params as unknown[])).rows,
    exec: async (sql: string) => void (await c.query(sql)),
  })

  async function transaction<T>(fn: (q: Queryable) => Promise<T>, before?: (c: pg.PoolClient) => Promise<void>) {
    const client = await pool.connect()
    let broken: Error | undefined
    try {
      await client.query('BEGIN')
      await before?.(client)
      const result = await fn(on(client))
      await client.query('COMMIT')
      return result
    } catch (err) {
      await client.query('ROLLBACK').catch((e: Error) => (broken = e))
      throw err
    } finally {
      // A connection whose ROLLBACK failed is in an unknown state: closed, not reused.
      client.release(broken)
    }
  }

  return {
    kind: 'postgres',
    where,
    query: async <R extends Row>(sql: string, params: readonly unknown[] = []) =>
      (await pool.query<R>(sql, params as unknown[])).rows,
    exec: async (sql: string) => void (await pool.query(sql)),
    transaction: (fn) => transaction(fn),
    exclusive: async (key, fn) => {
      await slot()
      try {
        return await transaction(fn, async (c) => {
          await c.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(lockTimeoutMs))}`)
          try {
            await c.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockNumber(key)])
          } catch (err) {
            // 55P03 lock_not_available: waited lock_timeout for another process.
            if ((err as { code?: string }).code === '55P03') throw new LockTimeoutError('waited too long for a lock')
            throw err
          }
        })
      } finally {
        freeSlot()
      }
    },
    close: () => pool.end(),
  }
}

// --- PGlite --------------------------------------------------------------------------------------------------

const LOCK_SOCKET = 'moderation-desk.sock'

/**
 * Claims the data folder for this process, or throws DatabaseError: it listens on a Unix socket in the folder, which
 * another process finds answering while this one lives, and dead once it has stopped, however it stopped (a file
 * left by a killed process is taken over). Where the folder cannot hold a socket (a path too long for one, a file
 * system without them), the socket is in the temporary folder, named after the data folder.
 */
async function claimDataDir(dataDir: string): Promise<() => void> {
  mkdirSync(dataDir, { recursive: true })
  const real = realpathSync(dataDir)
  const elsewhere = path.join(
    tmpdir(),
    `moderation-desk-${createHash('sha256').update(real).digest('hex').slice(0, 16)}.sock`,
  )
  const inFolder = path.join(real, LOCK_SOCKET)
  const places = Buffer.byteLength(inFolder) <= 100 ? [inFolder, elsewhere] : [elsewhere]
  let lastError: unknown
  for (const socket of places) {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const server = await listenOn(socket)
        server.unref()
        return () => server.close()
      } catch (err) {
        lastError = err
        if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') break
        if (await answers(socket))
          throw new DatabaseError(
            `the data folder ${dataDir} is in use by another server process. The embedded database serves one process: ` +
              'stop the other one, give this one its own DATA_DIR, or set DATABASE_URL to a PostgreSQL server to run several processes.',
          )
        rmSync(socket, { force: true })
      }
    }
  }
  throw lastError
}

function listenOn(socket: string): Promise<NetServer> {
  return new Promise((resolve, reject) => {
    const server = createNetServer((c) => c.destroy())
    server.once('error', reject)
    server.listen(socket, () => {
      server.off('error', reject)
      resolve(server)
    })
  })
}

function answers(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(socket)
    c.once('connect', () => {
      c.destroy()
      resolve(true)
    })
    c.once('error', () => resolve(false))
  })
}

async function openPglite(dataDir: string | null): Promise<Database> {
  let release = () => {}
  try {
    if (dataDir) release = await claimDataDir(dataDir)
  } catch (err) {
    if (err instanceof DatabaseError) throw err
    throw new DatabaseError(`cannot use the data folder ${dataDir} (DATA_DIR): ${errorText(err)}`)
  }
  let pglite: PGlite
  try {
    // The database itself in a subfolder, so DATA_DIR can hold other things (the lock file) beside it.
    pglite = await PGlite.create(dataDir ? { dataDir: path.join(dataDir, 'pglite') } : {})
  } catch (err) {
    release()
    throw new DatabaseError(`cannot open the embedded database in ${dataDir ?? 'memory'}: ${errorText(err)}`)
  }
  const on = (q: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    query: async <R extends Row>(sql: string, params: readonly unknown[] = []) =>
      (await q.query<R>(sql, params as unknown[])).rows,
    exec: async (sql: string) => void (await q.exec(sql)),
  })
  const self = on(pglite)
  /** By key: the end of the chain of `exclusive` calls waiting for it. */
  const locks = new Map<string, Promise<void>>()
  let closed = false
  return {
    kind: 'pglite',
    where: dataDir ?? 'memory',
    ...self,
    transaction: (fn) => pglite.transaction((tx) => fn(on(tx))),
    async exclusive(key, fn) {
      const before = locks.get(key) ?? Promise.resolve()
      let done!: () => void
      const gate = new Promise<void>((resolve) => (done = resolve))
      const mine = before.then(() => gate)
      locks.set(key, mine)
      await before
      try {
        return await fn(self)
      } finally {
        done()
        if (locks.get(key) === mine) locks.delete(key)
      }
    },
    async close() {
      if (closed) return
      closed = true
      try {
        await pglite.close()
      } finally {
        release()
      }
    },
  }
}

const errorText = (err: unknown) =>
  err instanceof Error ? err.message || (err as { code?: string }).code || err.name : String(err)
