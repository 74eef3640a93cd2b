/**
 * Errors thrown by the domain modules. Each carries the HTTP status and the exact body Canvas sends
 * (contract §6.2); the handler wrapper turns them into responses.
 */

export class SimError extends Error {
  readonly status: number
  readonly body: unknown
  readonly headers: Record<string, string>

  constructor(status: number, body: unknown, headers: Record<string, string> = {}) {
    // The message is for logs and test output; the response is built from `body`.
    super(typeof body === 'string' ? body : JSON.stringify(body))
    this.name = 'SimError'
    this.status = status
    this.body = body
    this.headers = headers
  }
}

export const WWW_AUTHENTICATE = 'Bearer realm="canvas-lms"'

/** Not logged in (no token). lib/authentication_methods.rb */
export function unauthenticated(): SimError {
  return new SimError(
    401,
    { status: 'unauthenticated', errors: [{ message: 'user authorization required' }] },
    { 'WWW-Authenticate': WWW_AUTHENTICATE },
  )
}

/** A token that matches no user. */
export function invalidToken(): SimError {
  return new SimError(401, { errors: [{ message: 'Invalid access token.' }] }, { 'WWW-Authenticate': WWW_AUTHENTICATE })
}

/**
 * Logged in but not permitted (`render_unauthorized_action`). 401 is Canvas's legacy status, 403 is what the
 * `api_auth_error_updates` site-admin flag switches it to; the world setting picks one.
 */
export function unauthorized(status: 401 | 403): SimError {
  return new SimError(status, {
    status: 'unauthorized',
    errors: [{ message: 'user not authorized to perform that action' }],
  })
}

/** ActiveRecord::RecordNotFound → 404. */
export function notFound(): SimError {
  return new SimError(404, { errors: [{ message: 'The specified resource does not exist.' }] })
}

/** `params.fetch(:x)` / `params.require(:x)` on a missing param. */
export function missingParam(name: string): SimError {
  return new SimError(400, { errors: [{ message: `${name} is missing` }] })
}

/** Moderation controllers answer with `{"message": "..."}`. */
export function messageError(status: number, message: string): SimError {
  return new SimError(status, { message })
}

/** Submissions API grade errors: `{"error": "..."}` with 400 (Assignment::GradeError). */
export function gradeError(message: string): SimError {
  return new SimError(400, { error: message })
}

/** Any other exception: Canvas's generic 500 body. */
export function internalError(): SimError {
  return new SimError(500, { errors: [{ message: 'An error occurred.', error_code: 'internal_server_error' }] })
}

/**
 * `Folio::InvalidPage` (page 0, negative, empty or not a number): the folio gem's Railtie maps it to `:not_found`, and
 * ApplicationController#api_error_json renders that status with the generic body, not RecordNotFound's message.
 */
export function invalidPage(): SimError {
  return new SimError(404, { errors: [{ message: 'An error occurred.', error_code: 'not_found' }] })
}
