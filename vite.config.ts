/// <reference types="vitest/config" />
import { rmSync } from 'node:fs'
import path from 'node:path'
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

// The app only ever calls its own origin (/api/v1/...). In `npm run dev` (mode "demo") the msw worker
// answers in the browser; `npm start` serves the built app from src/server, which answers /api/v1 itself.
export default defineConfig(({ mode }) => ({
  plugins: [react(), mswWorkerOnlyInDemo(mode)],
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
