/**
 * Live OAuth mode: when the user's Canvas sign-in ends (the server answers 401 with a login_url), the whole
 * page goes to /login?return_to=<this page>, and Canvas sends the user back to the same page afterwards.
 * Only the request in flight is lost; if it was a change, a notice says so after coming back.
 */
import type { QueryClient } from '@tanstack/react-query'
import { currentPagePath, onSignInRequired } from '../../canvas/http'

const UNSAVED_KEY = 'md_signin_unsaved'
export type UnsavedChange = 'not-saved' | 'maybe-not-saved'

let leaving = false

/** /login?return_to=<current path + query + hash>. */
export function signInUrl(): string {
  return `/login?return_to=${encodeURIComponent(currentPagePath() ?? '/')}`
}

/** Full-page navigation to sign in (once, however many requests fail together). */
export function goToSignIn(unsaved: UnsavedChange | null = null): void {
  if (leaving) return
  leaving = true
  if (unsaved) {
    try {
      sessionStorage.setItem(UNSAVED_KEY, unsaved)
    } catch {
      // storage unavailable: the notice is lost, the sign-in still happens
    }
  }
  window.location.assign(signInUrl())
}

/** Whether a change was lost on the way to signing in again. */
export function peekUnsavedChange(): UnsavedChange | null {
  try {
    const v = sessionStorage.getItem(UNSAVED_KEY)
    return v === 'not-saved' || v === 'maybe-not-saved' ? v : null
  } catch {
    return null
  }
}

export function clearUnsavedChange(): void {
  try {
    sessionStorage.removeItem(UNSAVED_KEY)
  } catch {
    // nothing stored
  }
}

/** Every API call that finds the sign-in ended sends the page to sign in again. */
export function installSignInRedirect(qc: QueryClient): () => void {
  return onSignInRequired(({ method }) => {
    const unsaved: UnsavedChange | null =
      method !== 'GET' ? 'not-saved' : qc.isMutating() > 0 ? 'maybe-not-saved' : null
    goToSignIn(unsaved)
  })
}
