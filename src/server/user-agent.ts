/**
 * The User-Agent the server sends to Canvas on every call (the proxy and the token endpoint). Instructure-hosted
 * Canvas refuses API requests without one with a 403 since 2026 (its "Enforcing User-Agent Header for Canvas API
 * Requests" notice; open-source Canvas's own code does not check it), and asks that it name the integration.
 * Node's fetch would otherwise send "node". The browser's own User-Agent is never passed on.
 */
import { readFileSync } from 'node:fs'

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string
}

/** `ModerationDesk/1.0.0 (+https://desk.example.edu; Node.js v20.20.2)`: who is calling, and where it runs. */
export function canvasUserAgent(publicUrl?: string): string {
  return `ModerationDesk/${version} (${publicUrl ? `+${publicUrl}; ` : ''}Node.js ${process.version})`
}
