import { createReadStream, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import path from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
}

/**
 * Serves the built SPA from `root`: hashed files under /assets/ are cached forever, everything else is
 * revalidated, and unknown paths without a file extension fall back to index.html (client-side routes).
 * Paths are decoded once and must stay inside `root` (a bare startsWith(root) would let
 * `/..%2fdist-other/x` escape into a sibling folder, so the check includes the separator).
 */
export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse): void {
  const rootDir = path.resolve(root)
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' })
    res.end('Method Not Allowed\n')
    return
  }
  let pathname: string
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
  } catch {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' })
    res.end('Bad Request\n')
    return
  }
  if (pathname.includes('\0')) {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' })
    res.end('Bad Request\n')
    return
  }
  const file = path.resolve(rootDir, '.' + path.posix.normalize('/' + pathname))
  if (file !== rootDir && !file.startsWith(rootDir + path.sep)) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
    res.end('Not Found\n')
    return
  }
  const stat = statOrNull(file)
  if (stat?.isFile()) {
    const immutable = pathname.startsWith('/assets/')
    send(res, req, file, stat.size, immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    return
  }
  // A path with an extension that isn't there is a missing file, not a client route.
  if (path.extname(pathname) !== '') {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
    res.end('Not Found\n')
    return
  }
  const index = path.join(rootDir, 'index.html')
  const indexStat = statOrNull(index)
  if (!indexStat) {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' })
    res.end('The app is not built. Run `npm run build`.\n')
    return
  }
  send(res, req, index, indexStat.size, 'no-cache')
}

function statOrNull(file: string) {
  try {
    return statSync(file)
  } catch {
    return null
  }
}

function send(res: ServerResponse, req: IncomingMessage, file: string, size: number, cacheControl: string) {
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Length': size,
    'Cache-Control': cacheControl,
  })
  if (req.method === 'HEAD') res.end()
  else createReadStream(file).pipe(res)
}
