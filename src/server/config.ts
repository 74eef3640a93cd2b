/**
 * Server settings from the environment, checked at start: a wrong or missing setting stops the server
 * with a message that says which one and how to fix it.
 */
export type ServerConfig =
  | { mode: 'demo'; port: number; host: string }
  | { mode: 'token'; port: number; host: string; canvasUrl: string; token: string; timeoutMs: number }

export class ConfigError extends Error {}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

export function readConfig(env: Record<string, string | undefined>): ServerConfig {
  const problems: string[] = []
  const port = parsePort(env.PORT ?? '4173', problems)
  const host = env.HOST || '127.0.0.1'
  const canvasUrl = env.CANVAS_URL?.trim()

  if (!canvasUrl) {
    for (const name of ['CANVAS_TOKEN', 'CANVAS_CLIENT_ID', 'CANVAS_CLIENT_SECRET'] as const) {
      if (env[name]) problems.push(`${name} is set but CANVAS_URL is not. Set CANVAS_URL=https://your-canvas.example.edu, or unset ${name} to run the demo.`)
    }
    if (problems.length) throw new ConfigError(problems.join('\n'))
    return { mode: 'demo', port, host }
  }

  let origin = ''
  try {
    const u = new URL(canvasUrl)
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK.has(u.hostname))) {
      problems.push(`CANVAS_URL must use https:// (got "${canvasUrl}"); plain http is accepted only for a Canvas on this machine (127.0.0.1).`)
    }
    if (u.username || u.password) problems.push('CANVAS_URL must not contain a user name or password; put the token in CANVAS_TOKEN.')
    if (u.pathname !== '/' || u.search || u.hash) problems.push(`CANVAS_URL must be just the Canvas address, like https://canvas.example.edu (got "${canvasUrl}").`)
    origin = u.origin
  } catch {
    problems.push(`CANVAS_URL is not a URL (got "${canvasUrl}"). Example: CANVAS_URL=https://canvas.example.edu`)
  }

  if (env.CANVAS_CLIENT_ID || env.CANVAS_CLIENT_SECRET || env.PUBLIC_URL) {
    problems.push(
      'Sign-in with Canvas OAuth2 (CANVAS_CLIENT_ID, CANVAS_CLIENT_SECRET, PUBLIC_URL) is not available yet; ' +
        'use a personal access token: CANVAS_TOKEN=… (Canvas → Account → Settings → New access token).',
    )
  }
  const token = env.CANVAS_TOKEN?.trim() ?? ''
  if (!token) {
    problems.push('CANVAS_TOKEN is missing. Create one in Canvas (Account → Settings → Approved integrations → New access token) and start with CANVAS_URL=… CANVAS_TOKEN=… npm start.')
  } else if (/\s/.test(token)) {
    problems.push('CANVAS_TOKEN contains white space; paste the token alone.')
  }

  let timeoutMs = 30_000
  if (env.UPSTREAM_TIMEOUT_MS !== undefined) {
    timeoutMs = Number(env.UPSTREAM_TIMEOUT_MS)
    if (!Number.isInteger(timeoutMs) || timeoutMs < 100) problems.push(`UPSTREAM_TIMEOUT_MS must be a whole number of milliseconds ≥ 100 (got "${env.UPSTREAM_TIMEOUT_MS}").`)
  }
  if (problems.length) throw new ConfigError(problems.join('\n'))
  return { mode: 'token', port, host, canvasUrl: origin, token, timeoutMs }
}

function parsePort(raw: string, problems: string[]): number {
  const port = Number(raw)
  if (!/^\d+$/.test(raw) || port > 65535) {
    problems.push(`PORT must be a whole number from 0 to 65535 (got "${raw}"). Example: PORT=8080 npm start`)
    return 0
  }
  return port
}
