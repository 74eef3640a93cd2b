/**
 * How the server in front of Canvas signs its requests in (GET /session's `mode`): `token` (it holds a personal
 * access token; nobody signs in), `oauth` (each user signs in with Canvas) or `demo` (the simulated Canvas).
 * Kept here, apart from the session feature, so that error wording (describe-error.ts) can say what to do about a
 * refused sign-in. null until GET /session has been read (the session feature sets it; so does the Canvas client
 * when it asks /session for the CSRF token).
 */
export type AuthMode = 'demo' | 'token' | 'oauth'

let current: AuthMode | null = null

export function isAuthMode(value: unknown): value is AuthMode {
  return value === 'demo' || value === 'token' || value === 'oauth'
}

export function setAuthMode(mode: AuthMode | null): void {
  current = mode
}

/** The server's mode, or null when it is not known yet. */
export function authMode(): AuthMode | null {
  return current
}
