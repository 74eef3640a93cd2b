/**
 * Databases for the server's tests: the embedded PGlite always (in memory, or in a temporary folder), and a real
 * PostgreSQL when TEST_DATABASE_URL (or else DATABASE_URL) names one; .ci/run installs, starts and names one.
 * On PostgreSQL each test file works in a schema of its own (search_path), dropped afterwards, so nothing else in
 * that database is touched and files running at once do not meet.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll } from 'vitest'
import type { Database } from '../db/database'
import { openDatabase } from '../db/open'

/** A key for a test run (base64, as an administrator would write it). */
export const newKey = () => randomBytes(32).toString('base64')
export const TEST_KEY = newKey()

/** What OAuth-mode settings in tests add: the encryption key (and nothing else: DATA_DIR is never read in tests). */
export const SESSION_ENV = { SESSION_ENCRYPTION_KEY: TEST_KEY }

/** One migrated in-memory PGlite for a test file (opening one takes a second or two): `.db` in the tests. */
export function sharedPglite(): { db: Database } {
  const shared = {} as { db: Database }
  beforeAll(async () => {
    shared.db = (await openDatabase({ kind: 'pglite', dataDir: null })).db
  }, 60_000)
  afterAll(() => shared.db?.close())
  return shared
}

/** A temporary folder (removed after the file's tests). */
export function tempDirs() {
  const made: string[] = []
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true })
  })
  return (prefix: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), prefix))
    made.push(dir)
    return dir
  }
}

export const POSTGRES_URL = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || ''

/**
 * The PostgreSQL of TEST_DATABASE_URL, checked once: '' when it is reachable, else why the PostgreSQL half of the
 * tests is skipped. Named but unreachable fails the tests instead (CI names one: it must be there).
 */
export async function postgresSkipReason(): Promise<string> {
  if (!POSTGRES_URL)
    return 'skipped: no PostgreSQL for the tests (set TEST_DATABASE_URL=postgres://user:password@127.0.0.1:5432/db; .ci/run does)'
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 5000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return ''
  } catch (err) {
    throw new Error(`TEST_DATABASE_URL names a PostgreSQL that cannot be reached: ${(err as Error).message}`)
  } finally {
    await client.end().catch(() => {})
  }
}

/** POSTGRES_URL working in `schema` (the `options` parameter sets search_path for every connection). */
export function inSchema(schema: string): string {
  const u = new URL(POSTGRES_URL)
  u.searchParams.set('options', `-c search_path=${schema}`)
  return u.toString()
}

/**
 * A fresh schema on the test PostgreSQL for this file: `url()` for its DATABASE_URL after beforeAll, and its
 * name; dropped with everything in it after the file's tests.
 */
export function postgresSchema(enabled: boolean) {
  const schema = `md_test_${randomBytes(6).toString('hex')}`
  const admin = () => new pg.Client({ connectionString: POSTGRES_URL })
  beforeAll(async () => {
    if (!enabled) return
    const c = admin()
    await c.connect()
    await c.query(`CREATE SCHEMA ${schema}`)
    await c.end()
  })
  afterAll(async () => {
    if (!enabled) return
    const c = admin()
    await c.connect()
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await c.end()
  })
  return { schema, url: () => inSchema(schema) }
}
