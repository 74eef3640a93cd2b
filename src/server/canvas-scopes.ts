/**
 * The Canvas scopes Moderation Desk asks for at sign-in (the `scope` parameter of /login/oauth2/auth): one per
 * allowlist entry (api-allowlist.ts), so a developer key with "Enforce Scopes" on needs exactly these.
 *
 * A Canvas scope is `url:<VERB>|<route path>`, the route path written as in Canvas's config/routes.rb, with
 * Canvas's own parameter names and without `(.:format)` (lib/token_scopes.rb, TokenScopesHelper.scope_from_route):
 * `url:GET|/api/v1/courses/:course_id/assignments/:assignment_id/gradeable_students`. The allowlist writes every id
 * as `:id`, so the names cannot be derived from it: each entry is mapped here, and a test fails for an entry that
 * has none (api-allowlist.ts gains routes; each needs its scope here, checked against Canvas's API docs, which
 * print the scope under every endpoint).
 *
 * At a request Canvas turns each `:name` into `[^/]+` (app/models/access_token.rb, url_scopes_for_method), so
 * `url:GET|/api/v1/users/:id` is the scope that lets `GET /api/v1/users/self` through.
 */
import { ALLOWED_ROUTES, type AllowedRoute } from './api-allowlist'

const COURSE = '/api/v1/courses/:course_id'
const ASSIGNMENT = `${COURSE}/assignments/:assignment_id`

/** `METHOD template` (the allowlist's) → the Canvas scope of that route. */
export const CANVAS_SCOPE_BY_ROUTE: Readonly<Record<string, string>> = {
  'GET /api/v1/users/self': 'url:GET|/api/v1/users/:id',
  'GET /api/v1/courses': 'url:GET|/api/v1/courses',
  'GET /api/v1/courses/:id': 'url:GET|/api/v1/courses/:id',
  'GET /api/v1/courses/:id/users': `url:GET|${COURSE}/users`,
  'GET /api/v1/courses/:id/sections': `url:GET|${COURSE}/sections`,
  'GET /api/v1/courses/:id/permissions': `url:GET|${COURSE}/permissions`,
  'GET /api/v1/accounts': 'url:GET|/api/v1/accounts',
  'GET /api/v1/accounts/:id/courses': 'url:GET|/api/v1/accounts/:account_id/courses',
  'GET /api/v1/courses/:id/assignments': `url:GET|${COURSE}/assignments`,
  'GET /api/v1/courses/:id/assignment_groups': `url:GET|${COURSE}/assignment_groups`,
  'GET /api/v1/courses/:id/grading_standards': `url:GET|${COURSE}/grading_standards`,
  'GET /api/v1/courses/:id/grading_standards/:id': `url:GET|${COURSE}/grading_standards/:grading_standard_id`,
  'GET /api/v1/courses/:id/assignments/:id': `url:GET|${COURSE}/assignments/:id`,
  'GET /api/v1/courses/:id/assignments/:id/gradeable_students': `url:GET|${ASSIGNMENT}/gradeable_students`,
  'GET /api/v1/courses/:id/assignments/:id/submissions': `url:GET|${ASSIGNMENT}/submissions`,
  'GET /api/v1/courses/:id/assignments/:id/submissions/:id': `url:GET|${ASSIGNMENT}/submissions/:user_id`,
  'PUT /api/v1/courses/:id/assignments/:id/submissions/:id': `url:PUT|${ASSIGNMENT}/submissions/:user_id`,
  'GET /api/v1/courses/:id/assignments/:id/anonymous_submissions/:anonymous_id': `url:GET|${ASSIGNMENT}/anonymous_submissions/:anonymous_id`,
  'PUT /api/v1/courses/:id/assignments/:id/anonymous_submissions/:anonymous_id': `url:PUT|${ASSIGNMENT}/anonymous_submissions/:anonymous_id`,
  'GET /api/v1/courses/:id/assignments/:id/moderated_students': `url:GET|${ASSIGNMENT}/moderated_students`,
  'POST /api/v1/courses/:id/assignments/:id/moderated_students': `url:POST|${ASSIGNMENT}/moderated_students`,
  'GET /api/v1/courses/:id/assignments/:id/provisional_grades/status': `url:GET|${ASSIGNMENT}/provisional_grades/status`,
  'PUT /api/v1/courses/:id/assignments/:id/provisional_grades/bulk_select': `url:PUT|${ASSIGNMENT}/provisional_grades/bulk_select`,
  'PUT /api/v1/courses/:id/assignments/:id/provisional_grades/:id/select': `url:PUT|${ASSIGNMENT}/provisional_grades/:provisional_grade_id/select`,
  'POST /api/v1/courses/:id/assignments/:id/provisional_grades/publish': `url:POST|${ASSIGNMENT}/provisional_grades/publish`,
  'GET /api/v1/courses/:id/assignments/:id/anonymous_provisional_grades/status': `url:GET|${ASSIGNMENT}/anonymous_provisional_grades/status`,
  // config/routes.rb: `get "progress/:id"` in the v1 scope (ProgressController#show).
  'GET /api/v1/progress/:id': 'url:GET|/api/v1/progress/:id',
}

/** The Canvas scope of an allowlist entry, or undefined when it has none here yet (a test catches that). */
export function canvasScopeFor(route: Pick<AllowedRoute, 'method' | 'template'>): string | undefined {
  return CANVAS_SCOPE_BY_ROUTE[`${route.method} ${route.template}`]
}

/** CANVAS_SCOPES' default: the scope of every allowlist entry, in the allowlist's order, each once. */
export const DEFAULT_CANVAS_SCOPES: readonly string[] = [
  ...new Set(ALLOWED_ROUTES.map(canvasScopeFor).filter((s): s is string => s !== undefined)),
]

/**
 * A scope as Canvas writes them: `url:`, an upper-case HTTP verb, `|`, and a path that starts with `/`
 * (no white space, no query). Canvas compares requested scopes with the key's as exact strings
 * (lib/canvas/oauth/provider.rb, valid_scopes?).
 */
export const SCOPE_SYNTAX = /^url:(GET|POST|PUT|PATCH|DELETE)\|\/[^\s?#]*$/
