#!/usr/bin/env node
// `npm test`: type-check, lint, formatting, unit/integration tests (Vitest), browser tests (Playwright in Debian
// Chromium), then one plain closing line "N passed, M failed" (neither runner prints one).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'

const reports = 'reports'
rmSync(reports, { recursive: true, force: true })
mkdirSync(reports, { recursive: true })

const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1

let passed = 0
let failed = 0
let skipped = 0
const lines = []

/** A command that is one check: it passes or fails as a whole. */
function check(title, label, cmd, args, hint) {
  console.log(`\n=== ${title}`)
  if (run(cmd, args) === 0) {
    passed++
    lines.push(`${label}: ok`)
  } else {
    failed++
    lines.push(`${label}: FAILED${hint ? ` (${hint})` : ''}`)
  }
}

// 1. Type-check.
check('type-check (tsc -b)', 'typecheck', 'npx', ['tsc', '-b'])

// 2. The house rules: lint (import boundaries, cycles, hooks, promises) and formatting.
check('lint (oxlint, type-aware)', 'lint', 'npx', ['oxlint', '--type-aware', '--deny-warnings'], 'npm run lint')
check(
  'formatting (prettier --check)',
  'format',
  'npx',
  ['prettier', '--check', '--log-level', 'warn', '.'],
  'npm run format writes it',
)

// 3. Vitest.
console.log('\n=== unit and integration tests (vitest)')
run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${reports}/unit.json`])
if (existsSync(`${reports}/unit.json`)) {
  const u = JSON.parse(readFileSync(`${reports}/unit.json`, 'utf8'))
  passed += u.numPassedTests
  failed += u.numFailedTests + (u.numFailedTestSuites ?? 0) - countSuitesWithFailedTests(u)
  skipped += u.numPendingTests + (u.numTodoTests ?? 0)
  lines.push(`unit: ${u.numPassedTests} passed, ${u.numFailedTests} failed`)
} else {
  failed++
  lines.push('unit: vitest produced no report (crashed)')
}

// 4. Playwright in Debian Chromium.
console.log('\n=== browser tests (playwright)')
const chromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium-headless-shell', '/usr/bin/chromium'].find(
  (p) => p && existsSync(p),
)
if (!chromium) {
  failed++
  lines.push(
    'e2e: NOT RUN — no Chromium found. Install it: `sudo apt-get install -y chromium` (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium binary.',
  )
} else {
  run('npx', ['playwright', 'test', '--reporter=list,json'], {
    CHROMIUM_PATH: chromium,
    PLAYWRIGHT_JSON_OUTPUT_NAME: `${reports}/e2e.json`,
  })
  if (existsSync(`${reports}/e2e.json`)) {
    const e = JSON.parse(readFileSync(`${reports}/e2e.json`, 'utf8'))
    const s = e.stats ?? {}
    const errors = (e.errors ?? []).length
    passed += s.expected ?? 0
    failed += (s.unexpected ?? 0) + (s.flaky ?? 0) + errors
    skipped += s.skipped ?? 0
    lines.push(
      `e2e: ${s.expected ?? 0} passed, ${(s.unexpected ?? 0) + (s.flaky ?? 0)} failed${errors ? `, ${errors} global errors` : ''}`,
    )
  } else {
    failed++
    lines.push('e2e: playwright produced no report (crashed)')
  }
}

// A suite that failed to load (syntax error, import error) counts as one failure.
function countSuitesWithFailedTests(u) {
  return (u.testResults ?? []).filter(
    (r) => r.status === 'failed' && (r.assertionResults ?? []).some((a) => a.status === 'failed'),
  ).length
}

// The session store's tests against a real PostgreSQL run when TEST_DATABASE_URL names one (.ci/run sets it).
lines.push(
  process.env.TEST_DATABASE_URL
    ? 'postgres: the session store was tested on PostgreSQL too (TEST_DATABASE_URL)'
    : 'postgres: TEST_DATABASE_URL unset, so the session store was tested on the embedded PGlite only',
)

console.log('\n' + lines.join('\n'))
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed === 0 && passed > 0 ? 0 : 1)
