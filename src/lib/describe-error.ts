import { isCanvasApiError, type CanvasApiError } from '../canvas/errors'
import { authMode } from './auth-mode'

/**
 * Canvas no longer accepts how the server signs in, in the words of the server's mode (auth-mode.ts): in token mode
 * nobody can sign in (the server holds a personal access token: a new one and a restart fix it, README "Personal
 * use"); in OAuth mode the user signs in again; the demo's session is the simulator's. Before the mode is known,
 * the OAuth words.
 */
function signInEnded(): string {
  switch (authMode()) {
    case 'token':
      return 'Canvas refused the server’s access token (it may have expired or been revoked). Create a new token and restart Moderation Desk (see the README).'
    case 'demo':
      return 'The demo session has ended. Reload the page to start a new one.'
    default:
      return 'Your Canvas session has ended. Sign in again.'
  }
}

/** Whether the failed request was one that changes something in Canvas (not GET). */
const isWrite = (error: CanvasApiError) => error.method !== undefined && error.method !== 'GET'

/** One plain sentence for any error the Canvas client throws. */
export function describeError(error: unknown): string {
  if (isCanvasApiError(error)) {
    switch (error.kind) {
      case 'rate-limited':
        return 'Canvas is rate-limiting requests right now. Wait a few seconds and try again.'
      case 'unauthenticated':
        return signInEnded()
      case 'unauthorized':
        // A developer key with Enforce Scopes that lacks this call's scope (lib/authentication_methods.rb
        // validate_scopes): the user can do nothing about it; the Canvas administrator can.
        if (/insufficient scopes/i.test(error.canvasMessage))
          return 'The Canvas developer key does not allow this request (a scope is missing). Ask your Canvas administrator to add the scopes listed in the Moderation Desk README.'
        return `You are not allowed to do this in Canvas (${error.canvasMessage}).`
      case 'not-found':
        return 'Canvas could not find this item. It may have been deleted.'
      case 'network':
        // A write may have reached Canvas before the connection went: "try again" could do it twice.
        return isWrite(error)
          ? 'The connection to Canvas was lost before it answered.'
          : 'Canvas could not be reached. Check your connection and try again.'
      case 'timeout':
        return isWrite(error) ? 'Canvas did not answer in time.' : 'Canvas did not answer in time. Try again.'
      case 'malformed-response':
        return `Canvas sent data this page does not understand: ${error.canvasMessage}`
      default:
        return error.canvasMessage.endsWith('.') ? error.canvasMessage : `${error.canvasMessage}.`
    }
  }
  if (error instanceof Error) return error.message
  return 'Something went wrong.'
}
