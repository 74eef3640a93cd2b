import { createHash } from 'node:crypto'
import { createReadStream, readFileSync, statSync, type Stats } from 'node:fs'
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
 * Text files, for which the build (vite.config.ts, `precompress`) may have written `x.br` (brotli) and `x.gz`
 * (gzip) next to `x`. Their answers always say `Vary: Accept-Encoding`, whether or not a variant exists, so a
 * shared cache never hands a brotli body to a client that did not ask for one.
 */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.svg', '.json', '.txt', '.map'])

/** In the server's order of preference when the client likes several equally (brotli is ~15% smaller). */
const ENCODINGS = [
  { coding: 'br', suffix: '.br' },
  { coding: 'gzip', suffix: '.gz' },
] as const
type Coding = (typeof ENCODINGS)[number]['coding']

/**
 * Serves the built SPA from `root`: hashed files under /assets/ are cached forever, everything else is
 * revalidated, and unknown paths without a file extension fall back to index.html (client-side routes).
 * Paths are decoded once and must stay inside `root` (a bare startsWith(root) would let
 * `/..%2fdist-other/x` escape into a sibling folder, so the check includes the separator).
 *
 * Delivery: a text file is sent as its precompressed `.br` or `.gz` copy when the request's Accept-Encoding
 * allows it (`negotiateEncoding`), with `Content-Encoding` and that copy's length. Every answer carries a strong
 * ETag of the bytes it sends (so each encoding has its own), and `If-None-Match` with it gets 304 and no body.
 * Written by hand rather than with a static-file package: sirv (the obvious one) ignores `q=0` in
 * Accept-Encoding, sends 304 without ETag/Cache-Control/Vary, compares If-None-Match as one exact string, gives
 * one Cache-Control to every file, and in production mode indexes the folder once at start-up.
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
    send(req, res, file, stat, immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
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
  if (!indexStat?.isFile()) {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' })
    res.end('The app is not built. Run `npm run build`.\n')
    return
  }
  send(req, res, index, indexStat, 'no-cache')
}

/**
 * The content coding to answer with, of those `available` (RFC 9110 §12.5.3): the one with the highest q
 * (`*` stands for any coding not named; a coding not named and no `*` is not acceptable; `q=0` never), ties
 * going to `available`'s order; `identity` when no coding is acceptable, or when the client ranks identity
 * (named, or as `*`) above the best coding.
 */
export function negotiateEncoding(
  header: string | string[] | undefined,
  available: readonly Coding[],
): Coding | 'identity' {
  if (header === undefined || available.length === 0) return 'identity'
  const weights = new Map<string, number>()
  for (const item of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [name = '', ...params] = item.split(';').map((s) => s.trim().toLowerCase())
    if (!name) continue
    let q = 1
    for (const param of params) {
      const m = /^q\s*=\s*(.*)$/.exec(param)
      if (m) q = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(m[1]!) ? Number(m[1]) : 0
    }
    weights.set(name === 'x-gzip' ? 'gzip' : name, q)
  }
  const weight = (coding: string) => weights.get(coding) ?? weights.get('*')
  let best: Coding | 'identity' = 'identity'
  let bestQ = 0
  for (const coding of available) {
    const q = weight(coding) ?? 0
    if (q > bestQ) [best, bestQ] = [coding, q]
  }
  return best !== 'identity' && (weight('identity') ?? 0) > bestQ ? 'identity' : best
}

function statOrNull(file: string): Stats | null {
  try {
    return statSync(file)
  } catch {
    return null
  }
}

/**
 * Strong ETags: a hash of the bytes sent, computed on a file's first request and kept while its size, mtime
 * and inode stay the same (a rebuild writes new files). Bounded by the files in the build folder.
 */
const etags = new Map<string, { key: string; etag: string }>()

function etagOf(file: string, stat: Stats): string {
  const key = `${stat.size}:${stat.mtimeMs}:${stat.ino}`
  const known = etags.get(file)
  if (known?.key === key) return known.etag
  const etag = `"${createHash('sha256').update(readFileSync(file)).digest('base64url').slice(0, 27)}"`
  etags.set(file, { key, etag })
  return etag
}

/** If-None-Match (RFC 9110 §13.1.2): `*`, or a list of entity tags compared weakly (a W/ prefix is ignored). */
function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false
  if (header.trim() === '*') return true
  return (header.match(/(?:W\/)?"[^"]*"/g) ?? []).some((tag) => tag.replace(/^W\//, '') === etag)
}

function send(req: IncomingMessage, res: ServerResponse, file: string, stat: Stats, cacheControl: string) {
  const ext = path.extname(file)
  const compressible = COMPRESSIBLE.has(ext)
  // The build writes (or removes) both copies of every file it writes; a file edited by hand after the build
  // needs its .br/.gz made again or deleted, as with any precompressed static server (nginx's gzip_static).
  const variants = compressible
    ? ENCODINGS.flatMap(({ coding, suffix }) => {
        const s = statOrNull(file + suffix)
        return s?.isFile() ? [{ coding, file: file + suffix, stat: s }] : []
      })
    : []
  const coding = negotiateEncoding(
    req.headers['accept-encoding'],
    variants.map((v) => v.coding),
  )
  const chosen = variants.find((v) => v.coding === coding) ?? { coding: 'identity', file, stat }
  let etag: string
  try {
    etag = etagOf(chosen.file, chosen.stat)
  } catch {
    // Gone since the stat (a rebuild in progress).
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
    res.end('Not Found\n')
    return
  }
  const headers: Record<string, string | number> = { 'Cache-Control': cacheControl, ETag: etag }
  if (compressible) headers['Vary'] = 'Accept-Encoding'
  if (noneMatch(req.headers['if-none-match'], etag)) {
    res.writeHead(304, headers)
    res.end()
    return
  }
  headers['Content-Type'] = TYPES[ext] ?? 'application/octet-stream'
  headers['Content-Length'] = chosen.stat.size
  if (chosen.coding !== 'identity') headers['Content-Encoding'] = chosen.coding
  res.writeHead(200, headers)
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  // The file can vanish between stat and open (a rebuild): end the response instead of crashing the server.
  createReadStream(chosen.file)
    .on('error', () => res.destroy())
    .pipe(res)
}
