import { defineConfig, devices } from '@playwright/test'

// Browser tests run the real product: `npm start` builds the app if needed and serves it with the Canvas
// simulator in-process. Each test gets its own simulator world (e2e/fixtures.ts), so tests run in parallel.
const PORT = Number(process.env.E2E_PORT ?? 4317)
const baseURL = `http://127.0.0.1:${PORT}`

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2, // the machines have 2 cores
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: [['list']],
  use: { baseURL, trace: 'retain-on-failure' },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: ['--disable-gpu', '--disable-quic'],
        },
      },
    },
  ],
  webServer: {
    command: 'node --import tsx src/server/start.ts',
    env: { PORT: String(PORT), HOST: '127.0.0.1', CANVAS_URL: '', CANVAS_TOKEN: '', DIST_DIR: process.env.DIST_DIR ?? 'dist' },
    url: `${baseURL}/healthz`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: 'pipe',
  },
})
