// @vitest-environment node
/**
 * The precompressed copies the build writes (vite.config.ts, `precompress`) for static-files.ts to serve: real
 * Vite builds into temp folders, of the app and of a small project that has the edge cases (a file that does not
 * shrink, small files, a non-text file, copies left from an earlier build).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, request } from 'node:http'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { build } from 'vite'
import { afterAll, describe, expect, it } from 'vitest'
import { serveStatic } from '../static-files'
import { close, listen } from './http-helpers'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const temps: string[] = []
const temp = (prefix: string) => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix))
  temps.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})

async function buildInto(outDir: string, opts: { root?: string; emptyOutDir?: boolean } = {}) {
  await build({
    root: opts.root ?? root,
    mode: 'production',
    configFile: path.join(root, 'vite.config.ts'),
    logLevel: 'silent',
    build: { outDir, emptyOutDir: opts.emptyOutDir ?? true },
  })
}

const TEXT = /\.(?:html|m?js|css|svg|json|txt|map)$/
const files = (dir: string) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()

describe('precompress (vite.config.ts)', () => {
  it('writes a .br and a .gz of every built text file of 1 KB or more, which decompress to it', async () => {
    const out = temp('md-build-precompress-')
    await buildInto(out)
    const all = files(out)
    const texts = all.filter((f) => TEXT.test(f))
    const big = texts.filter((f) => readFileSync(path.join(out, f)).length >= 1024)
    expect(big.some((f) => /^assets[/\\]index-[\w-]+\.js$/.test(f))).toBe(true)
    for (const f of big) {
      const raw = readFileSync(path.join(out, f))
      const br = readFileSync(path.join(out, f + '.br'))
      const gz = readFileSync(path.join(out, f + '.gz'))
      expect(brotliDecompressSync(br).equals(raw)).toBe(true)
      expect(gunzipSync(gz).equals(raw)).toBe(true)
      expect(br.length).toBeLessThan(raw.length)
      expect(gz.length).toBeLessThan(raw.length)
    }
    // Small files get none, every copy has its file, and the live build ships no msw worker in any form.
    for (const f of texts.filter((t) => !big.includes(t))) {
      expect(all).not.toContain(f + '.br')
      expect(all).not.toContain(f + '.gz')
    }
    for (const f of all.filter((c) => /\.(?:br|gz)$/.test(c))) expect(all).toContain(f.slice(0, -3))
    expect(all.filter((f) => f.startsWith('mockServiceWorker'))).toEqual([])

    // And the server sends them: the entry script index.html loads arrives as brotli and decodes to the file.
    const entry = /<script[^>]*\ssrc="([^"]+\.js)"/.exec(readFileSync(path.join(out, 'index.html'), 'utf8'))![1]!
    const server = createServer((req, res) => serveStatic(out, req, res))
    const base = new URL(await listen(server))
    try {
      const body = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
        request(
          { host: base.hostname, port: base.port, path: entry, headers: { 'accept-encoding': 'gzip, deflate, br' } },
          (res) => {
            const chunks: Buffer[] = []
            res.on('data', (c: Buffer) => chunks.push(c))
            res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }))
          },
        )
          .on('error', reject)
          .end()
      })
      expect(body.encoding).toBe('br')
      expect(brotliDecompressSync(body.body).equals(readFileSync(path.join(out, entry)))).toBe(true)
    } finally {
      await close(server)
    }
  }, 60_000) // a limit for a busy machine, not a speed assertion: brotli at quality 11 takes a moment

  it('skips files that do not shrink, small files and non-text files, and removes copies of an earlier build', async () => {
    const project = temp('md-precompress-project-')
    mkdirSync(path.join(project, 'public'))
    writeFileSync(path.join(project, 'index.html'), '<!doctype html><script type="module" src="/main.js"></script>')
    writeFileSync(path.join(project, 'main.js'), 'document.title = "x"\n')
    const pub = (name: string, data: string | Buffer) => writeFileSync(path.join(project, 'public', name), data)
    pub('noise.txt', randomBytes(4096)) // random bytes: neither brotli nor gzip makes them smaller
    pub('words.txt', 'moderation desk\n'.repeat(200))
    pub('tiny.json', JSON.stringify({ a: 1 }))
    pub('image.png', Buffer.alloc(4096))
    const out = temp('md-precompress-out-')
    // Left by an earlier build into the same folder (emptyOutDir off): a copy the new build would not write.
    writeFileSync(path.join(out, 'noise.txt.br'), 'stale')
    await buildInto(out, { root: project, emptyOutDir: false })
    const all = files(out)
    expect(all).toEqual(expect.arrayContaining(['noise.txt', 'words.txt', 'words.txt.br', 'words.txt.gz', 'tiny.json']))
    expect(all.filter((f) => /^(?:noise\.txt|tiny\.json|image\.png|index\.html)\./.test(f))).toEqual([])
    expect(gunzipSync(readFileSync(path.join(out, 'words.txt.gz'))).toString()).toBe('moderation desk\n'.repeat(200))
    expect(existsSync(path.join(out, 'noise.txt.br'))).toBe(false)
  }, 60_000)
})
