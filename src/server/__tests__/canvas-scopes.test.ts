// @vitest-environment node
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { scopesAllow } from '../../mocks/sim/oauth'
import { ALLOWED_ROUTES } from '../api-allowlist'
import { CANVAS_SCOPE_BY_ROUTE, canvasScopeFor, DEFAULT_CANVAS_SCOPES, SCOPE_SYNTAX } from '../canvas-scopes'

/** A concrete request path for an allowlist template: every `:id` a number, `:anonymous_id` an anonymous id. */
const samplePath = (template: string) => template.replaceAll(':anonymous_id', 'aB3xY').replaceAll(':id', '4321')

describe('Canvas scopes of the allowlist', () => {
  it('has a Canvas scope for every API call the server forwards (a route added to api-allowlist.ts needs one)', () => {
    const missing = ALLOWED_ROUTES.filter((r) => canvasScopeFor(r) === undefined).map(
      (r) => `${r.method} ${r.template}`,
    )
    expect(missing).toEqual([])
    for (const scope of DEFAULT_CANVAS_SCOPES) expect(scope).toMatch(SCOPE_SYNTAX)
  })

  it('each scope lets exactly its route through, matched as Canvas matches (app/models/access_token.rb)', () => {
    for (const route of ALLOWED_ROUTES) {
      const path = samplePath(route.template)
      expect(route.pattern.test(path), path).toBe(true)
      const scope = canvasScopeFor(route)!
      expect(scopesAllow([scope], route.method, path), `${scope} for ${route.method} ${path}`).toBe(true)
      for (const other of ['GET', 'POST', 'PUT'].filter((m) => m !== route.method))
        expect(scopesAllow([scope], other, path)).toBe(false)
    }
    // All of them together let every forwarded call through, and nothing the allowlist refuses.
    for (const route of ALLOWED_ROUTES)
      expect(scopesAllow(DEFAULT_CANVAS_SCOPES, route.method, samplePath(route.template))).toBe(true)
    expect(scopesAllow(DEFAULT_CANVAS_SCOPES, 'GET', '/api/v1/accounts/1/users')).toBe(false)
    expect(scopesAllow(DEFAULT_CANVAS_SCOPES, 'DELETE', '/api/v1/courses/1/assignments/2')).toBe(false)
  })

  it("writes Canvas's route paths with Canvas's parameter names (config/routes.rb, as the API docs print them)", () => {
    expect(CANVAS_SCOPE_BY_ROUTE['GET /api/v1/users/self']).toBe('url:GET|/api/v1/users/:id')
    expect(CANVAS_SCOPE_BY_ROUTE['GET /api/v1/courses/:id']).toBe('url:GET|/api/v1/courses/:id')
    expect(CANVAS_SCOPE_BY_ROUTE['GET /api/v1/courses/:id/assignments/:id/gradeable_students']).toBe(
      'url:GET|/api/v1/courses/:course_id/assignments/:assignment_id/gradeable_students',
    )
    expect(CANVAS_SCOPE_BY_ROUTE['PUT /api/v1/courses/:id/assignments/:id/submissions/:id']).toBe(
      'url:PUT|/api/v1/courses/:course_id/assignments/:assignment_id/submissions/:user_id',
    )
    expect(CANVAS_SCOPE_BY_ROUTE['PUT /api/v1/courses/:id/assignments/:id/provisional_grades/:id/select']).toBe(
      'url:PUT|/api/v1/courses/:course_id/assignments/:assignment_id/provisional_grades/:provisional_grade_id/select',
    )
    expect(CANVAS_SCOPE_BY_ROUTE['GET /api/v1/courses/:id/grading_standards/:id']).toBe(
      'url:GET|/api/v1/courses/:course_id/grading_standards/:grading_standard_id',
    )
    expect(CANVAS_SCOPE_BY_ROUTE['GET /api/v1/accounts/:id/courses']).toBe(
      'url:GET|/api/v1/accounts/:account_id/courses',
    )
  })

  it('keeps no scope for a route the allowlist no longer has, and lists each scope once, in allowlist order', () => {
    const routes = new Set(ALLOWED_ROUTES.map((r) => `${r.method} ${r.template}`))
    expect(Object.keys(CANVAS_SCOPE_BY_ROUTE).filter((k) => !routes.has(k))).toEqual([])
    expect(DEFAULT_CANVAS_SCOPES).toEqual([...new Set(ALLOWED_ROUTES.map((r) => canvasScopeFor(r)))])
    expect(new Set(DEFAULT_CANVAS_SCOPES).size).toBe(DEFAULT_CANVAS_SCOPES.length)
    expect(DEFAULT_CANVAS_SCOPES[0]).toBe('url:GET|/api/v1/users/:id')
  })

  it('are the ones the README tells administrators to tick', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8')
    const section = readme.slice(readme.indexOf('#### Scopes (for a key with "Enforce Scopes")'))
    const block = /```text\n([^`]*)```/.exec(section)?.[1] ?? ''
    expect(block.trim().split('\n')).toEqual(DEFAULT_CANVAS_SCOPES)
  })
})
