/**
 * The app server's own session endpoints (not Canvas): GET /session answers in every mode; POST /logout
 * exists in OAuth mode only. See src/server/oauth.ts.
 */
import { canvasRequest, rememberCsrfToken } from '../../../canvas/http'
import { setAuthMode } from '../../../lib/auth-mode'

const wire = () => import('./session-wire')

export type ServerSession = {
  mode: 'demo' | 'token' | 'oauth'
  signedIn: boolean
  /** OAuth mode, signed in: who (Canvas's user id and name). */
  user: { id: number; name: string } | null
  /** OAuth mode, not signed in: where to sign in. */
  loginUrl: string | null
}

export async function getServerSession({ signal }: { signal?: AbortSignal }): Promise<ServerSession> {
  const { data } = await canvasRequest({
    path: '/session',
    prefix: '',
    schema: wire().then((w) => w.serverSessionWire),
    signal,
  })
  rememberCsrfToken(data.csrfToken)
  setAuthMode(data.mode)
  return { mode: data.mode, signedIn: data.signedIn, user: data.user ?? null, loginUrl: data.login_url ?? null }
}

/**
 * POST /logout (with the CSRF header): revokes the token at Canvas and ends the session; where to go next, and
 * what the user must know first (Canvas could not be reached to revoke its token).
 */
export async function signOut(): Promise<{ loginUrl: string; notice: string | null }> {
  const { data } = await canvasRequest({
    method: 'POST',
    path: '/logout',
    prefix: '',
    schema: wire().then((w) => w.signOutWire),
  })
  return { loginUrl: data.login_url, notice: data.message ?? null }
}
