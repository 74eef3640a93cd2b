import { defineConfig, devices } from '@playwright/test'
import { generateKeyPairSync } from 'node:crypto'
import {
  LIVE_TOKEN,
  LTI_KEY,
  LTI_OAUTH_KEY,
  LTI_PORT,
  LTI_URL,
  OAUTH_KEY,
  OAUTH_PORT,
  OAUTH_URL,
  SIM_PORT,
  SIM_URL,
  TOKEN_PORT,
  TOKEN_URL,
} from './e2e/live/live-env'

// Browser tests run the real product: `npm start` builds the app if needed and serves it with the Canvas
// simulator in-process. Each test gets its own simulator world (e2e/fixtures.ts), so tests run in parallel.
// The live-token and live-oauth projects run the same app through `npm start` in live mode (token, OAuth2)
// against the simulator over HTTP as "the live Canvas" (e2e/live/live-env.ts); ports E2E_PORT+1…+3.
// The https project runs the demo over HTTPS with HTTP/2 (a throwaway self-signed certificate) on E2E_PORT+5.
const PORT = Number(process.env.E2E_PORT ?? 4317)
const baseURL = `http://127.0.0.1:${PORT}`
const DIST_DIR = process.env.DIST_DIR ?? 'dist'
// The backend-less demo build (simulator in a service worker), served as static files by `vite preview`.
const STATIC_PORT = PORT + 4
const STATIC_URL = `http://127.0.0.1:${STATIC_PORT}`
const vite = 'node node_modules/vite/bin/vite.js'
const TLS_PORT = PORT + 5
const TLS_URL = `https://127.0.0.1:${TLS_PORT}`
const TLS_DIR = `${DIST_DIR}-tls`

const chromium = {
  ...devices['Desktop Chrome'],
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-gpu', '--disable-quic'],
  },
}
const unset = {
  CANVAS_URL: '',
  CANVAS_TOKEN: '',
  CANVAS_CLIENT_ID: '',
  CANVAS_CLIENT_SECRET: '',
  PUBLIC_URL: '',
  TLS_CERT_FILE: '',
  TLS_KEY_FILE: '',
  DATABASE_URL: '',
  DATA_DIR: '',
  SESSION_ENCRYPTION_KEY: '',
  SESSION_ENCRYPTION_OLD_KEYS: '',
  LTI_CLIENT_ID: '',
  LTI_DEPLOYMENT_IDS: '',
  LTI_PRIVATE_KEY: '',
  LTI_PRIVATE_KEY_FILE: '',
  LTI_ISSUER: '',
  LTI_PLATFORM_JWKS_URL: '',
  LTI_AUTH_URL: '',
}
// The LTI tool's own key (published at /lti/jwks): a fresh one per run.
const LTI_PRIVATE_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString()
// The live OAuth server's sessions: the embedded database in a folder of this run's own (git-ignored, kept between
// runs like the build), encrypted with a key for tests only.
const OAUTH_DATA_DIR = `${DIST_DIR}-sessions`
const OAUTH_SESSION_KEY = Buffer.from('moderation-desk e2e session key!').toString('base64')

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
    { name: 'chromium', testIgnore: ['live/**', 'static-demo/**', 'https/**'], use: chromium },
    { name: 'static-demo', testMatch: 'static-demo/*.spec.ts', use: { ...chromium, baseURL: STATIC_URL } },
    // One simulator world per live project, reset before each test: the tests of a project run one after another.
    {
      name: 'live-token',
      testMatch: 'live/token.spec.ts',
      fullyParallel: false,
      use: { ...chromium, baseURL: TOKEN_URL },
    },
    {
      name: 'live-oauth',
      testMatch: 'live/oauth.spec.ts',
      fullyParallel: false,
      use: { ...chromium, baseURL: OAUTH_URL },
    },
    {
      name: 'live-lti',
      testMatch: 'live/lti.spec.ts',
      fullyParallel: false,
      use: { ...chromium, baseURL: LTI_URL },
    },
    { name: 'https', testMatch: 'https/*.spec.ts', use: { ...chromium, baseURL: TLS_URL, ignoreHTTPSErrors: true } },
  ],
  // Started one after another: the demo server builds the app into DIST_DIR, the live servers find it built.
  webServer: [
    {
      command: 'node --import tsx src/server/start.ts',
      env: { ...unset, PORT: String(PORT), HOST: '127.0.0.1', DIST_DIR },
      url: `${baseURL}/healthz`,
      reuseExistingServer: !process.env.CI,
      timeout: 120_000,
      stdout: 'pipe',
    },
    {
      command: `node --import tsx src/server/sim-cli.ts --port ${SIM_PORT} --scenario demo`,
      url: `${SIM_URL}/__sim/worlds`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: 'node --import tsx src/server/start.ts',
      env: {
        ...unset,
        PORT: String(TOKEN_PORT),
        HOST: '127.0.0.1',
        DIST_DIR,
        CANVAS_URL: SIM_URL,
        CANVAS_TOKEN: LIVE_TOKEN,
      },
      url: `${TOKEN_URL}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      command: 'node --import tsx src/server/start.ts',
      env: {
        ...unset,
        PORT: String(OAUTH_PORT),
        HOST: '127.0.0.1',
        DIST_DIR,
        CANVAS_URL: SIM_URL,
        CANVAS_CLIENT_ID: OAUTH_KEY.clientId,
        CANVAS_CLIENT_SECRET: OAUTH_KEY.clientSecret,
        PUBLIC_URL: OAUTH_URL,
        DATA_DIR: OAUTH_DATA_DIR,
        SESSION_ENCRYPTION_KEY: OAUTH_SESSION_KEY,
      },
      url: `${OAUTH_URL}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      // SIGTERM: the server closes its database before it exits (the default would kill it).
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    },
    {
      command: 'node --import tsx src/server/start.ts',
      env: {
        ...unset,
        PORT: String(LTI_PORT),
        HOST: '127.0.0.1',
        DIST_DIR,
        CANVAS_URL: SIM_URL,
        CANVAS_CLIENT_ID: LTI_OAUTH_KEY.clientId,
        CANVAS_CLIENT_SECRET: LTI_OAUTH_KEY.clientSecret,
        PUBLIC_URL: LTI_URL,
        DATA_DIR: `${DIST_DIR}-lti-sessions`,
        SESSION_ENCRYPTION_KEY: OAUTH_SESSION_KEY,
        LTI_CLIENT_ID: LTI_KEY.clientId,
        LTI_DEPLOYMENT_IDS: LTI_KEY.deploymentId,
        LTI_PRIVATE_KEY,
      },
      url: `${LTI_URL}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    },
    {
      command: `${vite} build --mode demo --outDir ${DIST_DIR}-demo --emptyOutDir --logLevel warn && ${vite} preview --mode demo --outDir ${DIST_DIR}-demo --host 127.0.0.1 --port ${STATIC_PORT} --strictPort`,
      url: STATIC_URL,
      reuseExistingServer: false,
      timeout: 120_000,
    },
    {
      // Demo over HTTPS/HTTP/2: a fresh self-signed certificate for 127.0.0.1 every run.
      command: `node --import tsx e2e/support/self-signed-cert.ts ${TLS_DIR} && node --import tsx src/server/start.ts`,
      env: {
        ...unset,
        PORT: String(TLS_PORT),
        HOST: '127.0.0.1',
        DIST_DIR,
        TLS_CERT_FILE: `${TLS_DIR}/cert.pem`,
        TLS_KEY_FILE: `${TLS_DIR}/key.pem`,
      },
      url: `${TLS_URL}/healthz`,
      ignoreHTTPSErrors: true,
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
})
