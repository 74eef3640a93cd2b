import { isCanvasApiError } from '../canvas/errors'

/** One plain sentence for any error the Canvas client throws. */
export function describeError(error: unknown): string {
  if (isCanvasApiError(error)) {
    switch (error.kind) {
      case 'rate-limited':
        return 'Canvas is rate-limiting requests right now. Wait a few seconds and try again.'
      case 'unauthenticated':
        return 'Your Canvas session has ended. Sign in again.'
      case 'unauthorized':
        // A developer key with Enforce Scopes that lacks this call's scope (lib/authentication_methods.rb
        // validate_scopes): the user can do nothing about it; the Canvas administrator can.
        if (/insufficient scopes/i.test(error.canvasMessage))
          return 'The Canvas developer key does not allow this request (a scope is missing). Ask your Canvas administrator to add the scopes listed in the Moderation Desk README.'
        return `You are not allowed to do this in Canvas (${error.canvasMessage}).`
      case 'not-found':
        return 'Canvas could not find this item. It may have been deleted.'
      case 'network':
        return 'Canvas could not be reached. Check your connection and try again.'
      case 'malformed-response':
        return `Canvas sent data this page does not understand: ${error.canvasMessage}`
      default:
        return error.canvasMessage.endsWith('.') ? error.canvasMessage : `${error.canvasMessage}.`
    }
  }
  if (error instanceof Error) return error.message
  return 'Something went wrong.'
}
