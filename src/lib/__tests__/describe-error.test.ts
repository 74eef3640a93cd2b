import { afterEach, describe, expect, it } from 'vitest'
import { CanvasApiError } from '../../canvas/errors'
import { setAuthMode } from '../auth-mode'
import { describeError } from '../describe-error'

afterEach(() => setAuthMode(null))

describe('describeError', () => {
  it('a missing developer-key scope says who can fix it', () => {
    const e = new CanvasApiError({ status: 401, messages: ['Insufficient scopes on access token.'], path: '/x' })
    expect(describeError(e)).toMatch(/developer key does not allow this request.*Canvas administrator/)
  })
  it('other refusals keep Canvas’s words', () => {
    const e = new CanvasApiError({ status: 401, messages: ['user not authorized to perform that action'], path: '/x' })
    expect(describeError(e)).toBe(
      'You are not allowed to do this in Canvas (user not authorized to perform that action).',
    )
  })

  describe('a refused sign-in, in the words of the server’s mode', () => {
    // Canvas's 401 for a token it no longer accepts (expired, deleted).
    const refused = () =>
      new CanvasApiError({ status: 401, messages: ['Invalid access token.'], path: 'GET /api/v1/users/self' })
    it('token mode: nobody can sign in; a new token and a restart', () => {
      setAuthMode('token')
      expect(refused().kind).toBe('unauthenticated')
      expect(describeError(refused())).toBe(
        'Canvas refused the server’s access token (it may have expired or been revoked). Create a new token and restart Moderation Desk (see the README).',
      )
      expect(describeError(refused())).not.toMatch(/sign in/i)
    })
    it('OAuth mode, and before the mode is known: sign in again', () => {
      setAuthMode('oauth')
      expect(describeError(refused())).toBe('Your Canvas session has ended. Sign in again.')
      setAuthMode(null)
      expect(describeError(refused())).toBe('Your Canvas session has ended. Sign in again.')
    })
    it('demo mode: the demo session ended; reload', () => {
      setAuthMode('demo')
      expect(describeError(refused())).toBe('The demo session has ended. Reload the page to start a new one.')
    })
  })

  describe('failures whose outcome is unknown are not told to try again', () => {
    it('a lost connection: a write may have reached Canvas; a read may be repeated', () => {
      const lost = (method: string) =>
        new CanvasApiError({ status: 0, kind: 'network', messages: ['Failed to fetch'], path: `${method} /api/v1/x` })
      expect(describeError(lost('PUT'))).toBe('The connection to Canvas was lost before it answered.')
      expect(describeError(lost('GET'))).toBe('Canvas could not be reached. Check your connection and try again.')
    })
    it('a timeout', () => {
      const late = (method: string) =>
        new CanvasApiError({ status: 0, kind: 'timeout', messages: [], path: `${method} /api/v1/x` })
      expect(describeError(late('POST'))).toBe('Canvas did not answer in time.')
      expect(describeError(late('GET'))).toBe('Canvas did not answer in time. Try again.')
    })
    it('a gateway’s 502: the plain words of the error, never its page', () => {
      const e = new CanvasApiError({
        status: 502,
        messages: ['Canvas (or a gateway in front of it) answered 502 Bad Gateway.'],
        path: 'PUT /api/v1/x',
      })
      expect(describeError(e)).toBe('Canvas (or a gateway in front of it) answered 502 Bad Gateway.')
    })
  })
})
