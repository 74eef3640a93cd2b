/**
 * The simulated Canvas REST endpoints (all under /api/v1). Each handler parses params, calls one domain
 * function and returns its JSON; rules and errors live in src/mocks/sim.
 */
import { http, type HttpHandler } from 'msw'
import { assignmentJson, listAssignmentGroups, listAssignments, showAssignment } from '../sim/assignments'
import {
  coursePermissions,
  listAccountCourses,
  listCourseSections,
  listCourseUsers,
  listMyAccounts,
  sectionJson,
  listMyCourses,
  showCourse,
} from '../sim/courses'
import { notFound } from '../sim/errors'
import { listCourseGradingStandards, showCourseGradingStandard } from '../sim/grading-standards'
import { addModeratedStudents, listModeratedStudents } from '../sim/moderation'
import {
  bulkSelectProvisionalGrades,
  provisionalGradeStatus,
  publishProvisionalGrades,
  selectProvisionalGrade,
} from '../sim/provisional-grades'
import { graphql, showProgress } from '../sim/posting'
import { gradeableStudents, listSubmissions, showSubmission, updateSubmission } from '../sim/submissions'
import { selfJson, userJson } from '../sim/users'
import { errorResponse } from './responses'
import { createRouteFactory, paged, type HandlerOptions, type RouteHandler } from './route'
import type { SimHost } from '../sim/host'

/** Relative patterns with a `*` origin match on any host (jsdom's localhost:3000, 127.0.0.1:port, …). */
const API = '*/api/v1'
const ASSIGNMENT = `${API}/courses/:course_id/assignments/:assignment_id`

type Method = 'get' | 'post' | 'put' | 'delete'
export interface CanvasRoute {
  name: string
  method: Method
  path: string
  handle: RouteHandler
}

/** Route table; `name` is what faults and the request log use. */
export const canvasRoutes: CanvasRoute[] = [
  {
    name: 'users_self',
    method: 'get',
    path: `${API}/users/self`,
    handle: ({ caller }) => ({ body: selfJson(caller.world.users.get(caller.userId)!, caller.origin) }),
  },
  {
    name: 'accounts',
    method: 'get',
    path: `${API}/accounts`,
    handle: (ctx) => paged(ctx, listMyAccounts(ctx.caller), (a) => a),
  },
  {
    name: 'account_courses',
    method: 'get',
    path: `${API}/accounts/:account_id/courses`,
    handle: (ctx) => paged(ctx, listAccountCourses(ctx.caller, ctx.path.account_id, ctx.params), (c) => c),
  },
  {
    name: 'courses',
    method: 'get',
    path: `${API}/courses`,
    handle: (ctx) => paged(ctx, listMyCourses(ctx.caller, ctx.params), (c) => c),
  },
  {
    name: 'course',
    method: 'get',
    path: `${API}/courses/:course_id`,
    handle: ({ caller, path }) => ({ body: showCourse(caller, path.course_id) }),
  },
  {
    name: 'course_users',
    method: 'get',
    path: `${API}/courses/:course_id/users`,
    handle: (ctx) => {
      const { users, toJson, options } = listCourseUsers(ctx.caller, ctx.path.course_id, ctx.params)
      return paged(ctx, users, toJson, options)
    },
  },
  {
    // `all` (any value) answers the whole list without pagination, as SectionsController#index does.
    name: 'course_sections',
    method: 'get',
    path: `${API}/courses/:course_id/sections`,
    handle: (ctx) => {
      const { sections, all } = listCourseSections(ctx.caller, ctx.path.course_id, ctx.params)
      return all ? { body: sections.map(sectionJson) } : paged(ctx, sections, sectionJson)
    },
  },
  {
    name: 'course_permissions',
    method: 'get',
    path: `${API}/courses/:course_id/permissions`,
    handle: ({ caller, path, params }) => ({ body: coursePermissions(caller, path.course_id, params) }),
  },
  {
    // Canvas renders the whole list (no Api.paginate in context_index): one response, no Link header.
    name: 'grading_standards',
    method: 'get',
    path: `${API}/courses/:course_id/grading_standards`,
    handle: ({ caller, path }) => ({ body: listCourseGradingStandards(caller, path.course_id) }),
  },
  {
    name: 'grading_standard',
    method: 'get',
    path: `${API}/courses/:course_id/grading_standards/:grading_standard_id`,
    handle: ({ caller, path }) => ({
      body: showCourseGradingStandard(caller, path.course_id, path.grading_standard_id),
    }),
  },
  {
    name: 'assignment_groups',
    method: 'get',
    path: `${API}/courses/:course_id/assignment_groups`,
    handle: (ctx) => paged(ctx, listAssignmentGroups(ctx.caller, ctx.path.course_id, ctx.params), (g) => g),
  },
  {
    name: 'assignments',
    method: 'get',
    path: `${API}/courses/:course_id/assignments`,
    handle: (ctx) => {
      const { course, assignments } = listAssignments(ctx.caller, ctx.path.course_id)
      return paged(ctx, assignments, (a) => assignmentJson(ctx.caller, course, a))
    },
  },
  {
    name: 'assignment',
    method: 'get',
    path: ASSIGNMENT,
    handle: ({ caller, path }) => ({ body: showAssignment(caller, path.course_id, path.assignment_id) }),
  },
  {
    name: 'gradeable_students',
    method: 'get',
    path: `${ASSIGNMENT}/gradeable_students`,
    handle: (ctx) => {
      const { rows, toJson } = gradeableStudents(ctx.caller, ctx.path.course_id, ctx.path.assignment_id, ctx.params)
      return paged(ctx, rows, toJson)
    },
  },
  {
    name: 'submissions',
    method: 'get',
    path: `${ASSIGNMENT}/submissions`,
    handle: (ctx) => {
      const { rows, toJson } = listSubmissions(ctx.caller, ctx.path.course_id, ctx.path.assignment_id, ctx.params)
      return paged(ctx, rows, toJson)
    },
  },
  {
    name: 'submission',
    method: 'get',
    path: `${ASSIGNMENT}/submissions/:user_id`,
    handle: ({ caller, path, params }) => ({
      body: showSubmission(caller, path.course_id, path.assignment_id, { userId: path.user_id }, params),
    }),
  },
  {
    name: 'anonymous_submission',
    method: 'get',
    path: `${ASSIGNMENT}/anonymous_submissions/:anonymous_id`,
    handle: ({ caller, path, params }) => ({
      body: showSubmission(caller, path.course_id, path.assignment_id, { anonymousId: path.anonymous_id }, params),
    }),
  },
  {
    name: 'submissions_update',
    method: 'put',
    path: `${ASSIGNMENT}/submissions/:user_id`,
    handle: ({ caller, path, params }) => ({
      body: updateSubmission(caller, path.course_id, path.assignment_id, { userId: path.user_id }, params),
    }),
  },
  {
    name: 'anonymous_submissions_update',
    method: 'put',
    path: `${ASSIGNMENT}/anonymous_submissions/:anonymous_id`,
    handle: ({ caller, path, params }) => ({
      body: updateSubmission(caller, path.course_id, path.assignment_id, { anonymousId: path.anonymous_id }, params),
    }),
  },
  {
    name: 'moderated_students',
    method: 'get',
    path: `${ASSIGNMENT}/moderated_students`,
    handle: (ctx) =>
      paged(ctx, listModeratedStudents(ctx.caller, ctx.path.course_id, ctx.path.assignment_id), userJson),
  },
  {
    name: 'moderated_students_create',
    method: 'post',
    path: `${ASSIGNMENT}/moderated_students`,
    handle: ({ caller, path, params }) => ({
      body: addModeratedStudents(caller, path.course_id, path.assignment_id, params),
    }),
  },
  {
    name: 'provisional_grades_status',
    method: 'get',
    path: `${ASSIGNMENT}/provisional_grades/status`,
    handle: ({ caller, path, params }) => ({
      body: provisionalGradeStatus(caller, path.course_id, path.assignment_id, params, false),
    }),
  },
  {
    name: 'anonymous_provisional_grades_status',
    method: 'get',
    path: `${ASSIGNMENT}/anonymous_provisional_grades/status`,
    handle: ({ caller, path, params }) => ({
      body: provisionalGradeStatus(caller, path.course_id, path.assignment_id, params, true),
    }),
  },
  {
    name: 'bulk_select',
    method: 'put',
    path: `${ASSIGNMENT}/provisional_grades/bulk_select`,
    handle: ({ caller, path, params }) => ({
      body: bulkSelectProvisionalGrades(caller, path.course_id, path.assignment_id, params),
    }),
  },
  {
    name: 'publish',
    method: 'post',
    path: `${ASSIGNMENT}/provisional_grades/publish`,
    handle: ({ caller, path }) => ({ body: publishProvisionalGrades(caller, path.course_id, path.assignment_id) }),
  },
  {
    name: 'select',
    method: 'put',
    path: `${ASSIGNMENT}/provisional_grades/:provisional_grade_id/select`,
    handle: ({ caller, path }) => ({
      body: selectProvisionalGrade(caller, path.course_id, path.assignment_id, path.provisional_grade_id),
    }),
  },
  {
    name: 'progress',
    method: 'get',
    path: `${API}/progress/:progress_id`,
    handle: ({ caller, path }) => ({ body: showProgress(caller, path.progress_id) }),
  },
  {
    // Outside /api/v1, as in Canvas (config/routes.rb: post "/api/graphql", to: "graphql#execute"); always 200.
    name: 'graphql',
    method: 'post',
    path: '*/api/graphql',
    handle: ({ caller, params, scoped }) => ({ body: graphql(caller, params, scoped) }),
  },
]

export const ROUTE_NAMES: readonly string[] = canvasRoutes.map((r) => r.name)

export function canvasHandlers(host: SimHost, options: HandlerOptions): HttpHandler[] {
  const canvasRoute = createRouteFactory(host, options)
  return [
    ...canvasRoutes.map((route) => http[route.method](route.path, canvasRoute(route.name, route.handle))),
    // Canvas answers unknown API routes with its 404 body; never fall through to the app's HTML.
    http.all(`${API}/*`, () => errorResponse(notFound())),
  ]
}
