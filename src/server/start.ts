/**
 * `npm start`: builds the app if needed and serves it at http://127.0.0.1:4173 (PORT, HOST change it).
 *
 * - Demo (default, no CANVAS_URL): /api/v1 is answered in-process by the Canvas simulator (scenario
 *   "demo"), signed in as the final grader; state is kept while the process runs.
 * - Live, one user: CANVAS_URL=https://canvas.example.edu CANVAS_TOKEN=… npm start — the same built app, with
 *   the API calls it makes forwarded to Canvas with the token, which never reaches the browser.
 * - Live, shared: CANVAS_URL=… CANVAS_CLIENT_ID=… CANVAS_CLIENT_SECRET=… PUBLIC_URL=https://desk.example.edu
 *   npm start — each user signs in with Canvas OAuth2 (a developer key whose redirect URI is
 *   PUBLIC_URL/oauth/callback); tokens stay in server-side sessions (in memory: one process only).
 * - Any mode with TLS_CERT_FILE=… TLS_KEY_FILE=… (PEM): HTTPS with HTTP/2, and HTTP/1.1 for older clients.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createAppServer } from './app-server'
import { buildIfNeeded } from './build-if-needed'
import { ConfigError, readConfig, type ServerConfig } from './config'

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

buildIfNeeded(root, distDir)

const server = createAppServer(config, {
  distDir,
  log: (e) => console.log(`${e.method} ${e.route} ${e.status} ${e.ms}ms`),
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

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close()
    process.exit(0)
  })
}
