import { createContext, Suspense, useCallback, useContext, useLayoutEffect, useState } from 'react'
import { Link, Outlet, useLocation } from 'react-router'
import { AccountMenu } from '../../features/session/components/account-menu'
import { DemoBanner } from '../../features/session/components/demo-banner'
import { SignInNotice } from '../../features/session/components/sign-in-notice'
import { RouteErrorBoundary } from './route-error'

/** Tells <main> that a screen, or the first data it waits for, is loading (aria-busy). */
const BusyContext = createContext<(delta: 1 | -1) => void>(() => {})

export function RootLayout() {
  const [loading, setLoading] = useState(0)
  const onLoading = useCallback((delta: 1 | -1) => setLoading((n) => n + delta), [])
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <DemoBanner />
        <div className="app-bar">
          <Link to="/" className="brand">
            Moderation Desk
          </Link>
          <nav aria-label="Main">
            <ul className="app-nav">
              <li>
                <Link to="/">Courses</Link>
              </li>
            </ul>
          </nav>
          <AccountMenu />
        </div>
      </header>
      <main id="main" className="app-main" tabIndex={-1} aria-busy={loading > 0 || undefined}>
        <SignInNotice />
        <BusyContext value={onLoading}>
          <Screen />
        </BusyContext>
      </main>
    </>
  )
}

/**
 * The matched screen, under a new error boundary for each path (an error page goes away on the next navigation).
 * Each route says "Loading…" itself until its screen's code and first data are there (router.tsx); the Suspense
 * fallback is for anything below that suspends without a boundary of its own.
 */
function Screen() {
  const { pathname } = useLocation()
  return (
    <RouteErrorBoundary key={pathname}>
      <Suspense fallback={<RouteLoading />}>
        <Outlet />
      </Suspense>
    </RouteErrorBoundary>
  )
}

/** "Loading…", and <main> is busy while it shows. */
export function RouteLoading() {
  const onLoading = useContext(BusyContext)
  useLayoutEffect(() => {
    onLoading(1)
    return () => onLoading(-1)
  }, [onLoading])
  return (
    <p className="route-loading" role="status">
      Loading…
    </p>
  )
}
