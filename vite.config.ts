/// <reference types="vitest/config" />
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants as zlib, gzip } from 'node:zlib'
import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'

/**
 * msw's worker script lives in public/ (`npm run dev` and the demo build serve it from there), so Vite copies
 * it into every build. Only the demo build registers it; the live build leaves it out, so it never ships a
 * script that could answer the app's API calls from inside the browser.
 */
function mswWorkerOnlyInDemo(mode: string): Plugin {
  let outDir = ''
  return {
    name: 'msw-worker-only-in-demo',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    // After public/ has been copied into outDir.
    closeBundle() {
      if (mode !== 'demo') rmSync(path.join(outDir, 'mockServiceWorker.js'), { force: true })
    },
  }
}

/**
 * `npm start`'s server (src/server/static-files.ts) sends `x.br` or `x.gz` in place of `x` to browsers that
 * accept them, so they are made once here, at the highest settings (brotli quality 11, gzip level 9), rather
 * than per request. Text files of 1 KB or more only, and a copy only where it is smaller; copies left from an
 * earlier build into the same folder are removed first. Last of all (order: 'post'): after public/ has been
 * copied and the live build has dropped the msw worker.
 */
function precompress(): Plugin {
  let outDir = ''
  const brotli = promisify(brotliCompress)
  const gz = promisify(gzip)
  return {
    name: 'precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        const files = readdirSync(outDir, { recursive: true, encoding: 'utf8' })
          .map((f) => path.join(outDir, f))
          .filter((f) => /\.(?:html|m?js|css|svg|json|txt|map)$/.test(f) && statSync(f).isFile())
        await Promise.all(
          files.map(async (file) => {
            for (const suffix of ['.br', '.gz']) rmSync(file + suffix, { force: true })
            const raw = readFileSync(file)
            if (raw.length < 1024) return
            const params = { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length }
            const [br, gzipped] = await Promise.all([brotli(raw, { params }), gz(raw, { level: 9 })])
            if (br.length < raw.length) writeFileSync(file + '.br', br)
            if (gzipped.length < raw.length) writeFileSync(file + '.gz', gzipped)
          }),
        )
      },
    },
  }
}

// The app only ever calls its own origin (/api/v1/...). In `npm run dev` (mode "demo") the msw worker
// answers in the browser; `npm start` serves the built app from src/server, which answers /api/v1 itself.
export default defineConfig(({ mode }) => ({
  plugins: [react(), mswWorkerOnlyInDemo(mode), precompress()],
  server: { port: 5173, strictPort: true, host: '127.0.0.1' },
  preview: { port: 4173, strictPort: true, host: '127.0.0.1' },
  build: { sourcemap: false },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    // The first test of a file also transforms the lazy route modules it renders; on a busy 2-core machine
    // that alone can take several seconds. A limit, not a speed assertion (speed is `npm run bench`).
    testTimeout: 15_000,
  },
}))
