import { useQuery } from '@tanstack/react-query'
import { useEffect, type ReactNode } from 'react'
import { sessionQueries } from '../api/session-queries'
import { goToSignIn } from '../sign-in'

/**
 * Reads GET /session alongside the first screen's data, not before it: waiting would put a whole round trip in
 * front of every page load. OAuth mode without a sign-in: the page goes to /login and comes back here
 * afterwards (the first data requests then answer 401 with a login_url, which leads to the same redirect).
 * Every other answer (demo, token, signed in), and a failed /session, leaves the app as it is.
 */
export function SessionGate({ children }: { children: ReactNode }) {
  const session = useQuery(sessionQueries.server())
  const mustSignIn = session.data?.mode === 'oauth' && !session.data.signedIn
  useEffect(() => {
    if (mustSignIn) goToSignIn()
  }, [mustSignIn])
  if (mustSignIn) {
    return (
      <p className="route-loading" role="status">
        Signing in with Canvas…
      </p>
    )
  }
  return children
}
