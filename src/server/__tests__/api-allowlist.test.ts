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

describe('api allowlist: course sections', () => {
  it('forwards GET of the course’s sections, logged by template', () => {
    expect(matchRoute('GET', '/api/v1/courses/101/sections')).toMatchObject({
      method: 'GET',
      template: '/api/v1/courses/:id/sections',
    })
  })

  it('refuses writes, one section by id, non-numeric course ids and the sections API outside a course', () => {
    expect(matchRoute('POST', '/api/v1/courses/101/sections')).toBe('method')
    expect(matchRoute('PUT', '/api/v1/courses/101/sections')).toBe('method')
    expect(matchRoute('GET', '/api/v1/courses/101/sections/1011')).toBeNull()
    expect(matchRoute('GET', '/api/v1/courses/abc/sections')).toBeNull()
    expect(matchRoute('GET', '/api/v1/sections/1011')).toBeNull()
    expect(matchRoute('GET', '/api/v1/sections/1011/assignments/501/submissions')).toBeNull()
  })
})
