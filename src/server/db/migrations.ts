/**
 * The schema, as numbered SQL files in ./migrations (`001_sessions.sql`, `002_….sql`, …), applied in order at start,
 * each once: the table md_schema_migrations records which are in. The same files for PostgreSQL and PGlite.
 *
 * Rules for a new migration: the next number, never edit one that has shipped (a database that ran it will not run
 * it again), and only changes that the previous release's server still works with while processes are replaced
 * one by one (add tables and nullable columns; drop things a release later).
 *
 * `002_lti.sql` (LTI 1.3): the launch nonces (a nonce used once: the UPDATE that marks it used tells a replay), the
 * Canvas tokens kept per user for later launches (encrypted as the sessions' are: token-cipher.ts, with their own
 * additional-data prefix) and the one-time new-tab links, each with an `expires_at` the sweeper deletes after
 * (SWEPT_TABLES in session-store.ts).
 *
 * All of it runs in one transaction holding an advisory lock, so two processes starting at once on one PostgreSQL
 * apply a migration once, and a failed one leaves the schema as it was.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { DatabaseError, lockNumber, type Database } from './database'

export type Migration = { version: number; name: string; sql: string }
export type MigrationReport = {
  /** Versions applied now (none when the schema was up to date). */
  applied: number[]
  /** The schema's version now. */
  version: number
  ms: number
}

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url))
const FILE = /^(\d{3})_([a-z0-9_]+)\.sql$/

/** The migration files, in order; their numbers must run 1, 2, 3… */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => {
      const m = FILE.exec(f)
      if (!m) throw new Error(`migration file ${f} is not named NNN_name.sql`)
      return { version: Number(m[1]), name: m[2]!, sql: readFileSync(`${dir}/${f}`, 'utf8') }
    })
    .sort((a, b) => a.version - b.version)
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations must be numbered 1, 2, 3…: found ${m.version} at ${i + 1}`)
  })
  return migrations
}

export async function migrate(db: Database, migrations: Migration[] = loadMigrations()): Promise<MigrationReport> {
  const started = performance.now()
  const latest = migrations.at(-1)?.version ?? 0
  let current = 'the migrations table'
  const applied = await db
    .transaction(async (q) => {
      await q.query('SELECT pg_advisory_xact_lock($1::bigint)', [lockNumber('migrations')])
      await q.exec(`CREATE TABLE IF NOT EXISTS md_schema_migrations (
      version integer PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`)
      const done = new Set(
        (await q.query<{ version: number }>('SELECT version FROM md_schema_migrations')).map((r) => r.version),
      )
      const newer = [...done].filter((v) => v > latest)
      if (newer.length)
        throw new DatabaseError(
          `the database's schema is at version ${Math.max(...newer)}, newer than this server knows (${latest}): ` +
            'it was upgraded by a newer release of Moderation Desk. Run that release (or newer) on it.',
        )
      const now: number[] = []
      for (const m of migrations) {
        if (done.has(m.version)) continue
        current = `migration ${String(m.version).padStart(3, '0')}_${m.name}`
        await q.exec(m.sql)
        await q.query('INSERT INTO md_schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name])
        now.push(m.version)
      }
      return now
    })
    .catch((err: unknown) => {
      if (err instanceof DatabaseError) throw err
      // Nothing was changed (one transaction). Typically the database user may not create tables in it.
      throw new DatabaseError(
        `the database schema could not be brought up to date (${current} failed: ${err instanceof Error ? err.message : String(err)}). ` +
          'The database user needs the right to create tables in its database (or in the schema its search_path names).',
      )
    })
  return { applied, version: latest, ms: Math.round(performance.now() - started) }
}
