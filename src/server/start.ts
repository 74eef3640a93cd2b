/**
 * `npm start`: builds the app if needed and serves it at http://127.0.0.1:4173 (PORT, HOST change it).
 *
 * Demo mode (default, no CANVAS_URL): /api/v1 is answered in-process by the Canvas simulator (scenario
 * "demo"), signed in as the final grader; the browser switches demo identity through /demo/session and the
 * simulator's control API lives under /__sim. State is kept while the process runs.
 */
import { createServer } from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildIfNeeded } from './build-if-needed'
import { setSecurityHeaders } from './security-headers'
import { createSimRequestListener } from './sim-server'
import { serveStatic } from './static-files'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const distDir = path.join(root, 'dist')

function readPort(): number {
  const raw = process.env.PORT ?? '4173'
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be a whole number from 0 to 65535 (got "${raw}"). Example: PORT=8080 npm start`)
    process.exit(2)
  }
  return port
}

if (process.env.CANVAS_URL) {
  console.error(
    'CANVAS_URL is set, but live mode (the dashboard against a real Canvas) is not built yet (issue #4).\n' +
      'Unset CANVAS_URL to run the demo: `npm start`.',
  )
  process.exit(2)
}

const port = readPort()
const host = process.env.HOST ?? '127.0.0.1'
buildIfNeeded(root, distDir)

const simulator = createSimRequestListener({ demoSession: true })

const server = createServer((req, res) => {
  setSecurityHeaders(res)
  const url = req.url ?? '/'
  if (url === '/healthz') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
    res.end(JSON.stringify({ ok: true, mode: 'demo' }))
    return
  }
  if (url.startsWith('/api/v1/') || url.startsWith('/demo/') || url.startsWith('/__sim/')) {
    void simulator(req, res)
    return
  }
  serveStatic(distDir, req, res)
})

server.listen(port, host, () => {
  const addr = server.address()
  const actualPort = typeof addr === 'object' && addr ? addr.port : port
  console.log(`Moderation Desk (demo: simulated Canvas) at http://${host}:${actualPort}/`)
  console.log('Signed in as the final grader, Dr. Maya Chen; switch identity from the demo banner.')
})

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close()
    process.exit(0)
  })
}
