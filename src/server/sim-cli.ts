/**
 * `npm run sim -- --port 3001 --scenario demo [--students N --graders K] [--latency 100] [--seed S] [--demo-session]`
 * Runs the simulated Canvas on 127.0.0.1 and prints each seeded user's token.
 */
import { parseArgs } from 'node:util'
import { SimHost } from '../mocks/sim/host'
import { SCENARIOS, type ScenarioName } from '../mocks/sim/scenarios'
import { createSimServer } from './sim-server'

function fail(message: string): never {
  console.error(
    `${message}\nUsage: npm run sim -- --port 3001 --scenario demo|large|realistic [--students 1000 --graders 3] [--latency 100] [--seed 1]`,
  )
  process.exit(2)
}

function intOption(raw: string | undefined, name: string, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min || n > max)
    fail(`--${name} must be a whole number from ${min} to ${max} (got "${raw}")`)
  return n
}

let values: Record<string, string | boolean | undefined>
try {
  ;({ values } = parseArgs({
    options: {
      port: { type: 'string', default: '3001' },
      scenario: { type: 'string', default: 'demo' },
      students: { type: 'string' },
      graders: { type: 'string' },
      latency: { type: 'string' },
      seed: { type: 'string' },
      'demo-session': { type: 'boolean', default: false },
    },
  }))
} catch (error) {
  fail((error as Error).message)
}

const scenario = String(values.scenario)
if (!SCENARIOS.includes(scenario as ScenarioName)) fail(`--scenario must be one of ${SCENARIOS.join(', ')}`)
const port = intOption(values.port as string, 'port', 0, 65535)!
const started = performance.now()
const host = new SimHost({
  scenario: scenario as ScenarioName,
  students: intOption(values.students as string | undefined, 'students', 1, 100_000),
  graders: intOption(values.graders as string | undefined, 'graders', 1, 10),
  seed: intOption(values.seed as string | undefined, 'seed', 0, 2 ** 31 - 1),
})
const world = host.getWorld('default')!
const latency = intOption(values.latency as string | undefined, 'latency', 0, 60_000)
if (latency !== undefined) world.settings.latencyMs = latency
const buildMs = Math.round(performance.now() - started)

const server = createSimServer({ host, demoSession: values['demo-session'] === true })
server.on('error', (error: NodeJS.ErrnoException) =>
  fail(error.code === 'EADDRINUSE' ? `port ${port} is in use` : error.message),
)
server.listen(port, '127.0.0.1', () => {
  const address = server.address()
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`
  const staff = world.cast.filter((m) => m.role !== 'student')
  const students = world.cast.filter((m) => m.role === 'student')
  console.log(`Canvas simulator (scenario "${scenario}", world "default", built in ${buildMs} ms) at ${base}/api/v1`)
  if (latency) console.log(`Latency: ${latency} ms per request`)
  console.log('\nStaff:')
  for (const m of staff) console.log(`  ${String(m.id).padEnd(5)} ${m.name.padEnd(22)} ${m.role.padEnd(13)} ${m.token}`)
  console.log(`\nStudents: ${students.length} (ids ${students[0]?.id}–${students[students.length - 1]?.id})`)
  for (const m of students.slice(0, 3))
    console.log(`  ${String(m.id).padEnd(5)} ${m.name.padEnd(22)} ${m.role.padEnd(13)} ${m.token}`)
  if (students.length > 3) console.log(`  … all tokens: curl ${base}/__sim/worlds/default/users`)
  const finalGrader = staff.find((m) => m.role === 'final_grader')!
  console.log(`\nTry:\n  curl -H "Authorization: Bearer ${finalGrader.token}" ${base}/api/v1/users/self`)
  console.log(
    `  curl -H "Authorization: Bearer ${finalGrader.token}" '${base}/api/v1/courses/101/assignments/501/gradeable_students?include[]=provisional_grades&allow_new_anonymous_id=true&per_page=5'`,
  )
  console.log(`\nOAuth2 developer key (GET /login/oauth2/auth shows a "Sign in as …" page):`)
  console.log(
    `  CANVAS_URL=${base} CANVAS_CLIENT_ID=${world.oauth.key.clientId} CANVAS_CLIENT_SECRET=${world.oauth.key.clientSecret} PUBLIC_URL=http://127.0.0.1:4173 SESSION_ENCRYPTION_KEY=$(openssl rand -base64 32) npm start`,
  )
  console.log(
    '\nControl API: POST /__sim/worlds, PUT /__sim/worlds/default/config, POST /__sim/worlds/default/faults (see src/mocks/README.md). Ctrl+C stops.',
  )
})

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)))
