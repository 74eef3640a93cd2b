/**
 * The Canvas API calls the dashboard makes — and therefore the only ones the live-mode server forwards.
 * Each entry is a method and a path template; anything else is refused before it reaches Canvas, so the
 * server is never an open proxy for the token it holds. The template (not the concrete path) is what gets
 * logged, so logs carry no student ids.
 */
export type AllowedRoute = { method: 'GET' | 'POST' | 'PUT'; template: string; pattern: RegExp }

const ID = '(\\d+)'
const ANON = '([A-Za-z0-9]{1,16})'
const COURSE = `/api/v1/courses/${ID}`
const ASSIGNMENT = `${COURSE}/assignments/${ID}`

const routes: Array<[AllowedRoute['method'], string]> = [
  ['GET', '/api/v1/users/self'],
  ['GET', '/api/v1/courses'],
  ['GET', COURSE],
  ['GET', `${COURSE}/users`],
  ['GET', `${COURSE}/sections`],
  ['GET', `${COURSE}/permissions`],
  ['GET', '/api/v1/accounts'],
  ['GET', `/api/v1/accounts/${ID}/courses`],
  ['GET', `${COURSE}/assignments`],
  ['GET', `${COURSE}/assignment_groups`],
  ['GET', `${COURSE}/grading_standards`],
  ['GET', `${COURSE}/grading_standards/${ID}`],
  ['GET', ASSIGNMENT],
  ['GET', `${ASSIGNMENT}/gradeable_students`],
  ['GET', `${ASSIGNMENT}/submissions`],
  ['GET', `${ASSIGNMENT}/submissions/${ID}`],
  ['PUT', `${ASSIGNMENT}/submissions/${ID}`],
  ['GET', `${ASSIGNMENT}/anonymous_submissions/${ANON}`],
  ['PUT', `${ASSIGNMENT}/anonymous_submissions/${ANON}`],
  ['GET', `${ASSIGNMENT}/moderated_students`],
  ['POST', `${ASSIGNMENT}/moderated_students`],
  ['GET', `${ASSIGNMENT}/provisional_grades/status`],
  ['PUT', `${ASSIGNMENT}/provisional_grades/bulk_select`],
  ['PUT', `${ASSIGNMENT}/provisional_grades/${ID}/select`],
  ['POST', `${ASSIGNMENT}/provisional_grades/publish`],
  ['GET', `${ASSIGNMENT}/anonymous_provisional_grades/status`],
  // Posting grades queues a Progress (lib/post-operations.ts); the app follows it here.
  ['GET', `/api/v1/progress/${ID}`],
]

export const ALLOWED_ROUTES: AllowedRoute[] = routes.map(([method, source]) => ({
  method,
  template: source.replaceAll(ID, ':id').replaceAll(ANON, ':anonymous_id'),
  pattern: new RegExp(`^${source}$`),
}))

/** The allowlist entry for a request, or why it has none. `pathname` must already be validated. */
export function matchRoute(method: string, pathname: string): AllowedRoute | 'method' | null {
  const byPath = ALLOWED_ROUTES.filter((r) => r.pattern.test(pathname))
  if (byPath.length === 0) return null
  return byPath.find((r) => r.method === method) ?? 'method'
}
