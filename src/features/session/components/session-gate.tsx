import { useQuery } from '@tanstack/react-query'
import { useEffect, type ReactNode } from 'react'
import { sessionQueries } from '../api/session-queries'
import { goToSignIn } from '../sign-in'

/**
 * Reads GET /session before anything else. OAuth mode without a sign-in: the page goes to /login and comes back
 * here afterwards. Every other answer (demo, token, signed in) renders the app; so does a failed /session (the
 * API calls then report what is wrong).
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const session = useQuery(sessionQueries.server())
  const mustSignIn = session.data?.mode === 'oauth' && !session.data.signedIn
  useEffect(() => {
    if (mustSignIn) goToSignIn()
  }, [mustSignIn])
  if (session.isPending) {
    return (
      <p className="route-loading" role="status">
        Loading…
      </p>
    )
  }
  if (mustSignIn) {
    return (
      <p className="route-loading" role="status">
        Signing in with Canvas…
      </p>
    )
  }
  return children
}
