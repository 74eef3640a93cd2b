import { connectDatabase, type Database, type DatabaseOptions } from './database'
import { migrate, type MigrationReport } from './migrations'

export type OpenedDatabase = { db: Database; migrations: MigrationReport; openMs: number }

/** Opens the database and brings its schema up to date (migrations.ts), or throws DatabaseError saying why. */
export async function openDatabase(opts: DatabaseOptions): Promise<OpenedDatabase> {
  const started = performance.now()
  const db = await connectDatabase(opts)
  const openMs = Math.round(performance.now() - started)
  try {
    return { db, migrations: await migrate(db), openMs }
  } catch (err) {
    await db.close().catch(() => {})
    throw err
  }
}
