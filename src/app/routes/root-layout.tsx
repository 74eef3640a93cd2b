import { Link, Outlet, useNavigation } from 'react-router'
import { AccountMenu } from '../../features/session/components/account-menu'
import { DemoBanner } from '../../features/session/components/demo-banner'
import { SignInNotice } from '../../features/session/components/sign-in-notice'

export function RootLayout() {
  const navigation = useNavigation()
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
      <main id="main" className="app-main" tabIndex={-1} aria-busy={navigation.state === 'loading' || undefined}>
        {navigation.state === 'loading' ? (
          <p className="route-loading" role="status">
            Loading…
          </p>
        ) : null}
        <SignInNotice />
        <Outlet />
      </main>
    </>
  )
}
