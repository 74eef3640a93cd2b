/**
 * `npm start`: builds the app if needed and serves it at http://127.0.0.1:4173 (PORT, HOST change it).
 *
 * - Demo (default, no CANVAS_URL): /api/v1 is answered in-process by the Canvas simulator (scenario
 *   "demo"), signed in as the final grader; state is kept while the process runs.
 * - Live, one user: CANVAS_URL=https://canvas.example.edu CANVAS_TOKEN=… npm start — the same built app, with
 *   the API calls it makes forwarded to Canvas with the token, which never reaches the browser.
 * - Live, shared: CANVAS_URL=… CANVAS_CLIENT_ID=… CANVAS_CLIENT_SECRET=… PUBLIC_URL=https://desk.example.edu
 *   npm start — each user signs in with Canvas OAuth2 (a developer key whose redirect URI is
 *   PUBLIC_URL/oauth/callback); tokens stay in server-side sessions, encrypted with SESSION_ENCRYPTION_KEY, in
 *   PostgreSQL (DATABASE_URL: any number of processes) or else in the embedded database in DATA_DIR (one process).
 * - Any mode with TLS_CERT_FILE=… TLS_KEY_FILE=… (PEM): HTTPS with HTTP/2, and HTTP/1.1 for older clients.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createAppServer } from './app-server'
import { buildIfNeeded } from './build-if-needed'
import { ConfigError, readConfig, type ServerConfig } from './config'
import { DatabaseError, type Database } from './db/database'
import { openDatabase } from './db/open'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
// DIST_DIR lets parallel test runs build into separate folders; users never need it.
const distDir = process.env.DIST_DIR ? path.resolve(process.env.DIST_DIR) : path.join(root, 'dist')

let config: ServerConfig
try {
  config = readConfig(process.env)
} catch (err) {
  if (!(err instanceof ConfigError)) throw err
  console.error(`Moderation Desk cannot start:\n${err.message}`)
  process.exit(2)
}

// DIST_AS_IS serves DIST_DIR as it is (the bench's --no-build: a build made with other options, e.g. source maps).
if (!process.env.DIST_AS_IS) buildIfNeeded(root, distDir)

let database: Database | undefined
if (config.mode === 'oauth') {
  try {
    const opened = await openDatabase(config.database)
    database = opened.db
    const { applied, version, ms } = opened.migrations
    console.log(
      database.kind === 'postgres'
        ? `Sessions in PostgreSQL at ${database.where} (schema version ${version}).`
        : `Sessions in the embedded database in ${database.where} (schema version ${version}; one process: set DATABASE_URL to run several).`,
    )
    console.log(
      `Database opened in ${opened.openMs} ms${applied.length ? `, migrations ${applied.join(', ')} applied in ${ms} ms` : ''}.`,
    )
  } catch (err) {
    if (!(err instanceof DatabaseError)) throw err
    console.error(`Moderation Desk cannot start: ${err.message}`)
    process.exit(2)
  }
}

const server = createAppServer(config, {
  distDir,
  database,
  log: (e) => console.log(`${e.method} ${e.route} ${e.status} ${e.ms}ms`),
  sessions: {
    onError: (err) => console.error(`Deleting ended sessions failed (tried again in a minute): ${String(err)}`),
  },
})

server.listen(config.port, config.host, () => {
  const addr = server.address()
  const port = typeof addr === 'object' && addr ? addr.port : config.port
  const where = `${config.tls ? 'https' : 'http'}://${config.host}:${port}/`
  if (config.mode === 'demo') {
    console.log(`Moderation Desk (demo: simulated Canvas) at ${where}`)
    console.log('Signed in as the final grader, Dr. Maya Chen; switch identity from the demo banner.')
  } else if (config.mode === 'token') {
    console.log(`Moderation Desk at ${where}, connected to ${config.canvasUrl} with a personal access token.`)
  } else {
    console.log(
      `Moderation Desk at ${where} for users at ${config.publicUrl}, signing in with Canvas at ${config.canvasUrl} (developer key ${config.clientId}).`,
    )
    console.log(`The developer key's redirect URI must be ${config.publicUrl}/oauth/callback.`)
  }
  if (config.tls) console.log('HTTPS with HTTP/2 (HTTP/1.1 for clients without it).')
})

// Stop taking requests, then close the database (PGlite writes its folder out; PostgreSQL's connections end).
let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    server.close()
    if ('closeAllConnections' in server) server.closeAllConnections()
    const forced = setTimeout(() => process.exit(1), 5_000)
    forced.unref()
    void (database?.close() ?? Promise.resolve()).then(
      () => process.exit(0),
      () => process.exit(1),
    )
  })
}
