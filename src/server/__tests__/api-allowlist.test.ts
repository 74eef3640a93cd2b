// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { matchRoute } from '../api-allowlist'

describe('api allowlist: grading standards', () => {
  it('forwards GET of the course’s grading standards (list and one), logged by template', () => {
    expect(matchRoute('GET', '/api/v1/courses/101/grading_standards')).toMatchObject({
      template: '/api/v1/courses/:id/grading_standards',
    })
    expect(matchRoute('GET', '/api/v1/courses/101/grading_standards/5')).toMatchObject({
      template: '/api/v1/courses/:id/grading_standards/:id',
    })
  })

  it('refuses writes, non-numeric ids and the account endpoint', () => {
    expect(matchRoute('POST', '/api/v1/courses/101/grading_standards')).toBe('method')
    expect(matchRoute('PUT', '/api/v1/courses/101/grading_standards/5')).toBe('method')
    expect(matchRoute('GET', '/api/v1/courses/101/grading_standards/abc')).toBeNull()
    expect(matchRoute('GET', '/api/v1/accounts/1/grading_standards')).toBeNull()
  })
})
