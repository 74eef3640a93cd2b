/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// The app only ever calls its own origin (/api/v1/...). In `npm run dev` (mode "demo") the msw worker
// answers in the browser; `npm start` serves the built app from src/server, which answers /api/v1 itself.
export default defineConfig(() => ({
  plugins: [react()],
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
