import { useQuery } from '@tanstack/react-query'
import { describeError } from '../../../lib/describe-error'
import { sessionQueries } from '../api/session-queries'
import { useSignOut } from '../api/use-sign-out'

/** OAuth mode only: who is signed in, and "Sign out" (ends the session here and revokes the token at Canvas). */
export function AccountMenu() {
  const session = useQuery(sessionQueries.server())
  const signOut = useSignOut()
  const s = session.data
  if (!s || s.mode !== 'oauth' || !s.signedIn || !s.user) return null
  if (signOut.data?.notice) {
    return (
      <div className="account-menu" role="status">
        <p className="account-menu__error">{signOut.data.notice}</p>
        <a className="button" href={signOut.data.loginUrl}>
          Continue
        </a>
      </div>
    )
  }
  return (
    <div className="account-menu">
      <span className="account-menu__name">{s.user.name}</span>
      <button
        type="button"
        className="button"
        onClick={() => signOut.mutate()}
        disabled={signOut.isPending || signOut.isSuccess}
      >
        Sign out
      </button>
      {signOut.isError ? (
        <p role="alert" className="account-menu__error">
          Could not sign out: {describeError(signOut.error)}
        </p>
      ) : null}
    </div>
  )
}
