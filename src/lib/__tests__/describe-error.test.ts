import { describe, expect, it } from 'vitest'
import { CanvasApiError } from '../../canvas/errors'
import { describeError } from '../describe-error'

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
})
