/**
 * Accounts, courses and enrollments: which courses a user sees, course rosters, course permissions.
 */
import type { Caller } from './caller'
import { notFound, SimError, unauthorized } from './errors'
import { parseId, toList } from './params'
import { accountMembership, courseEnrollments, courseRights, denied, type CourseRight } from './permissions'
import type { Account, Course, CourseSection, Enrollment, EnrollmentState, EnrollmentType, User } from './types'
import { userJson, type LoginIdsVisible } from './users'
import { sectionLimit, workflowState } from './visibility'
import { isoTime, type World } from './world'

export function createAccount(world: World, input: { id: number; name: string }): Account {
  const account: Account = {
    id: world.claimId('accounts', input.id),
    name: input.name,
    parent_account_id: null,
    admins: new Map(),
  }
  world.accounts.set(account.id, account)
  return account
}

export function addAccountAdmin(
  world: World,
  accountId: number,
  userId: number,
  rights = { select_final_grade: true },
) {
  world.accounts.get(accountId)!.admins.set(userId, rights)
}

export function createCourse(
  world: World,
  input: { id: number; account_id: number; name: string; course_code: string },
): Course {
  const course: Course = {
    ...input,
    id: world.claimId('courses', input.id),
    workflow_state: 'available',
    grading_standard_id: null,
    late_policy: null,
  }
  world.courses.set(course.id, course)
  createSection(world, { id: defaultSectionId(course), course_id: course.id, name: course.name })
  return course
}

/** The default section Canvas gives every course (named after it); the simulator numbers it `course.id * 10`. */
export function defaultSectionId(course: Course): number {
  return course.id * 10
}

export function createSection(world: World, input: CourseSection): CourseSection {
  const section: CourseSection = { ...input, id: world.claimId('course_sections', input.id) }
  world.sections.set(section.id, section)
  return section
}

export interface EnrollOptions {
  /** Default: the course's default section. */
  sectionId?: number
  limitPrivilegesToCourseSection?: boolean
  restrictedByDate?: boolean
}

export function enroll(
  world: World,
  course: Course,
  user: User,
  type: EnrollmentType,
  state: EnrollmentState = 'active',
  options: EnrollOptions = {},
): Enrollment {
  const sectionId = options.sectionId ?? defaultSectionId(course)
  if (world.sections.get(sectionId)?.course_id !== course.id)
    throw new Error(`section ${sectionId} is not a section of course ${course.id}`)
  return world.addEnrollment({
    id: world.nextId('enrollments', 1),
    course_id: course.id,
    user_id: user.id,
    type,
    state,
    course_section_id: sectionId,
    limit_privileges_to_course_section: options.limitPrivilegesToCourseSection ?? false,
    restrictedByDate: options.restrictedByDate ?? false,
  })
}

/** `api_find(Course, id)` → 404 for unknown/deleted courses. Visibility is checked by the caller. */
export function findCourse(world: World, rawId: string | undefined): Course {
  const id = parseId(rawId)
  const course = id === null ? undefined : world.courses.get(id)
  if (!course || course.workflow_state === 'deleted') throw notFound()
  return course
}

/** Find a course the caller may read (else unauthorized, as `authorized_action(@context, :read)`). */
export function readableCourse(caller: Caller, rawId: string | undefined): Course {
  const course = findCourse(caller.world, rawId)
  if (!courseRights(caller.world, course, caller.userId).has('read')) throw denied(caller)
  return course
}

const ENROLLMENT_CLASS: Record<EnrollmentType, string> = {
  teacher: 'TeacherEnrollment',
  ta: 'TaEnrollment',
  student: 'StudentEnrollment',
}
const ROLE_ID: Record<EnrollmentType, number> = { student: 3, teacher: 4, ta: 5 }

/**
 * `enrollment_type` as Canvas names it (`Enrollment#sis_type`): the test student's enrolment is a
 * StudentViewEnrollment, "student_view", not a "student" one.
 */
export function enrollmentKind(world: World, e: Enrollment): EnrollmentType | 'student_view' {
  return e.type === 'student' && world.users.get(e.user_id)?.fake_student ? 'student_view' : e.type
}

/**
 * Class and role of an enrolment. A StudentViewEnrollment has the built-in student role (Role.get_built_in_role
 * maps it to StudentEnrollment), so `role` and `role_id` are the student's.
 */
function enrollmentClass(world: World, e: Enrollment) {
  const role = ENROLLMENT_CLASS[e.type]
  const type = enrollmentKind(world, e) === 'student_view' ? 'StudentViewEnrollment' : role
  return { type, role, role_id: ROLE_ID[e.type] }
}

/** Enrollment as embedded in course JSON (`type` is the short form there). */
function courseEnrollmentJson(world: World, e: Enrollment) {
  const { role, role_id } = enrollmentClass(world, e)
  return {
    type: enrollmentKind(world, e),
    role,
    role_id,
    user_id: e.user_id,
    enrollment_state: workflowState(e),
    limit_privileges_to_course_section: e.limit_privileges_to_course_section,
  }
}

/**
 * Enrollment JSON as in the Enrollments API / users?include[]=enrollments (lib/api/v1/user.rb `enrollment_json`,
 * `API_ENROLLMENT_JSON_OPTS`): `type` is the class name (StudentViewEnrollment for the test student), `role` the role's
 * name, `enrollment_state` the workflow state (`completed` for a concluded enrolment). Scores and activity times are
 * left out.
 */
export function enrollmentJson(world: World, e: Enrollment) {
  const course = world.courses.get(e.course_id)
  return {
    id: e.id,
    user_id: e.user_id,
    course_id: e.course_id,
    ...enrollmentClass(world, e),
    enrollment_state: workflowState(e),
    course_section_id: e.course_section_id,
    limit_privileges_to_course_section: e.limit_privileges_to_course_section,
    root_account_id: course?.account_id ?? null,
    associated_user_id: null,
    start_at: null,
    end_at: null,
  }
}

export function courseJson(world: World, course: Course, enrollments: Enrollment[]) {
  return {
    id: course.id,
    name: course.name,
    account_id: course.account_id,
    course_code: course.course_code,
    workflow_state: course.workflow_state,
    created_at: isoTime(world.nowMs - 120 * 86_400_000),
    start_at: null,
    end_at: null,
    enrollment_term_id: 1,
    default_view: 'modules',
    is_public: false,
    grading_standard_id: course.grading_standard_id,
    enrollments: enrollments.map((e) => courseEnrollmentJson(world, e)),
  }
}

export function accountJson(account: Account) {
  return {
    id: account.id,
    name: account.name,
    parent_account_id: account.parent_account_id,
    root_account_id: null,
    workflow_state: 'active',
    default_time_zone: 'America/Denver',
  }
}

const COURSE_LIST_STATES: readonly EnrollmentState[] = ['active']

/**
 * GET /api/v1/courses: courses where the caller has a current enrollment (Canvas's default excludes
 * concluded and inactive ones), optionally filtered by `enrollment_type`.
 *
 * `courses_for_user` always adds the include "access_restricted_by_date", so a course where every one of the
 * caller's enrolments is inactive by date and the caller lacks `:read_as_admin` is only
 * `{"id": …, "access_restricted_by_date": true}` (lib/api/v1/course.rb `course_json`).
 */
export function listMyCourses(caller: Caller, params: { enrollment_type?: unknown }) {
  const { world, userId } = caller
  const type = typeof params.enrollment_type === 'string' ? params.enrollment_type : null
  const byCourse = new Map<number, Enrollment[]>()
  for (const e of world.enrollmentsByUser.get(userId) ?? []) {
    if (!COURSE_LIST_STATES.includes(e.state)) continue
    if (type && enrollmentKind(world, e) !== type) continue
    const course = world.courses.get(e.course_id)
    if (!course || course.workflow_state === 'deleted') continue
    const list = byCourse.get(course.id) ?? []
    list.push(e)
    byCourse.set(course.id, list)
  }
  return [...byCourse.entries()]
    .sort(([a], [b]) => a - b)
    .map(([courseId, enrollments]) => {
      const course = world.courses.get(courseId)!
      if (enrollments.every((e) => e.restrictedByDate) && !courseRights(world, course, userId).has('read_as_admin'))
        return { id: course.id, access_restricted_by_date: true }
      return courseJson(world, course, enrollments)
    })
}

/** GET /api/v1/courses/:id */
export function showCourse(caller: Caller, rawId: string | undefined) {
  const course = readableCourse(caller, rawId)
  return courseJson(
    caller.world,
    course,
    courseEnrollments(caller.world, course.id, caller.userId).filter((e) => e.state !== 'inactive'),
  )
}

/**
 * `enrollment_type[]` as UserSearch.roles_scope reads it (lib/user_search.rb): `e.camelize`, plus "Enrollment" unless it
 * ends so, must be one of `Enrollment.readable_types`; any other → `RequestError.new("Invalid enrollment type: …", 400)`
 * (its body, Canvas's `{"errors":[{"message":…}]}`, is inferred). "student" is StudentEnrollment only, "student_view"
 * the test student's StudentViewEnrollment.
 */
const READABLE_TYPES = new Set([
  'TeacherEnrollment',
  'TaEnrollment',
  'DesignerEnrollment',
  'StudentEnrollment',
  'StudentViewEnrollment',
  'ObserverEnrollment',
])

function enrollmentTypeParam(raw: string): string {
  const camel = raw.replace(/(?:^|_)([a-z0-9])/g, (_, c: string) => c.toUpperCase())
  const type = camel.endsWith('Enrollment') ? camel : `${camel}Enrollment`
  if (!READABLE_TYPES.has(type)) throw new SimError(400, { errors: [{ message: `Invalid enrollment type: ${raw}` }] })
  return type
}

/** `user_ids` as CoursesController#users reads it: a list, or one comma-separated string. */
function userIdsParam(value: unknown): Set<number> | null {
  const list = typeof value === 'string' ? value.split(',') : toList(value)
  if (list.length === 0) return null
  return new Set(list.map((raw) => parseId(raw.trim())).filter((id): id is number => id !== null))
}

/**
 * Which login ids `user_json` (lib/api/v1/user.rb) shows the caller in a course: `sis_user_id` (and `integration_id`,
 * null when the login has none) when `user_can_read_sis_data?` — read_sis on the course, or manage_sis on the root
 * account; `login_id` when `user_json_is_admin?` and view_user_logins on the course. Role defaults
 * (config/initializers/permissions_registry.rb): read_sis is true for AccountAdmin and TeacherEnrollment (a TA may be
 * given it, but is not by default), view_user_logins for AccountAdmin, TeacherEnrollment and TaEnrollment; both apply to
 * concluded teacher and TA enrolments. Inactive enrolments (and enrolments inactive by date) grant nothing here, as in
 * courseRights. Account admins (here: every account membership) have both.
 */
export function loginIdsVisible(world: World, course: Course, userId: number): LoginIdsVisible {
  if (accountMembership(world, course.account_id, userId)) return { sis: true, login: true }
  const staff = courseEnrollments(world, course.id, userId).filter(
    (e) => e.type !== 'student' && e.state !== 'inactive' && !e.restrictedByDate,
  )
  return { sis: staff.some((e) => e.type === 'teacher'), login: staff.length > 0 }
}

/**
 * GET /api/v1/courses/:id/users (CoursesController#users, UserSearch.scope_for, Course#users_visible_to):
 *
 * - a user is listed when one of their enrolments in the course matches all of: its workflow state is one of
 *   `enrollment_state[]` (active, invited, inactive, completed, …; default active and invited, `current_users`); its
 *   class is one of `enrollment_type[]` (when given); and, for a section-limited caller, its section is one of theirs
 *   (`course_section_visibility` `:sections`: staff of other sections are not listed either). The test student is
 *   listed only to callers with read_as_admin (teachers, TAs, admins). `user_ids[]` keeps only those users.
 * - `include[]=enrollments` embeds every enrolment of the user in the course whose workflow state is one of
 *   `enrollment_state[]`, else `active_or_pending` — not narrowed by type or section, so a student in two sections
 *   shows both.
 * - Each user is `user_json` with the SIS and login ids the caller may see (loginIdsVisible).
 * - Ordered by sortable name, paged with `total_entries: nil` (no rel="last"), then
 *   `users.reject! { |u| u.preferences[:fake_student] }` unless `include[]=test_student` or
 *   `enrollment_type[]=student_view`, so the test student's page comes back one short (`dropAfterPaging`). `limit` is
 *   an old name for `per_page` there.
 */
export function listCourseUsers(
  caller: Caller,
  rawId: string | undefined,
  params: { enrollment_type?: unknown; enrollment_state?: unknown; include?: unknown; user_ids?: unknown },
) {
  const { world } = caller
  const course = readableCourse(caller, rawId)
  const rawTypes = toList(params.enrollment_type)
  const types = new Set(rawTypes.map(enrollmentTypeParam))
  const askedStates = toList(params.enrollment_state)
  // Both defaults are active, invited and creation_pending (`current_users`, `active_or_pending`).
  const states = new Set<string>(askedStates.length ? askedStates : ['active', 'invited', 'creation_pending'])
  const include = toList(params.include)
  const withEnrollments = include.includes('enrollments')
  const keepTestStudent = include.includes('test_student') || rawTypes.includes('student_view')
  const limit = sectionLimit(world, course, caller.userId)
  const seesTestStudent = courseRights(world, course, caller.userId).has('read_as_admin')
  const onlyUsers = userIdsParam(params.user_ids)
  const ids = loginIdsVisible(world, course, caller.userId)

  const listed = new Set<number>()
  for (const e of world.enrollmentsByCourse.get(course.id) ?? []) {
    if (listed.has(e.user_id) || (onlyUsers && !onlyUsers.has(e.user_id))) continue
    if (!states.has(workflowState(e))) continue
    if (types.size && !types.has(enrollmentClass(world, e).type)) continue
    if (limit && !limit.has(e.course_section_id)) continue
    if (world.users.get(e.user_id)?.fake_student && !seesTestStudent) continue
    listed.add(e.user_id)
  }
  const users = courseUsersInOrder(world, course).filter((u) => listed.has(u.id))
  const embedded = (u: User) =>
    (world.enrollmentsByUser.get(u.id) ?? [])
      .filter((e) => e.course_id === course.id && states.has(workflowState(e)))
      .sort((x, y) => x.id - y.id)
      .map((e) => enrollmentJson(world, e))
  return {
    users,
    options: {
      counted: false,
      perPageAlias: 'limit',
      dropAfterPaging: keepTestStudent ? undefined : (u: User) => u.fake_student,
    },
    toJson: (u: User) => ({ ...userJson(u, ids), ...(withEnrollments ? { enrollments: embedded(u) } : {}) }),
  }
}

/** `localeCompare`'s order (the default locale's ICU collation), as one object: it is asked 130,000 times per sort. */
const SORTABLE_NAME_ORDER = new Intl.Collator()
const courseUserOrders = new WeakMap<readonly Enrollment[], { enrollments: number; users: User[] }>()

/**
 * Everyone enrolled in the course (any state, type or section) by sortable_name, then id: the users endpoint's
 * order, which each page then filters. A 10,000-student course was sorted again for each of its 100 pages (seconds
 * of the simulator's time, which the browser on the same cores then waited for); names never change, and
 * enrolments are only ever added, so the order is kept until the course has another enrolment.
 */
function courseUsersInOrder(world: World, course: Course): User[] {
  const enrollments = world.enrollmentsByCourse.get(course.id) ?? []
  let kept = courseUserOrders.get(enrollments)
  if (!kept || kept.enrollments !== enrollments.length) {
    const users = [...new Set(enrollments.map((e) => e.user_id))].map((id) => world.users.get(id)!)
    users.sort((a, b) => SORTABLE_NAME_ORDER.compare(a.sortable_name, b.sortable_name) || a.id - b.id)
    kept = { enrollments: enrollments.length, users }
    courseUserOrders.set(enrollments, kept)
  }
  return kept.users
}

/** `best_unicode_collation_key("name")`: ICU order; Intl.Collator is ICU too. */
const SECTION_NAME_ORDER = new Intl.Collator('en')

/**
 * GET /api/v1/courses/:id/sections (SectionsController#index): read, read_roster, view_all_grades or manage_grades on
 * the course, else unauthorized. Every active section of the course — `@context.active_course_sections`, not
 * `sections_visible_to`, so a section-limited grader gets all of them, not only their own — ordered by name, then id.
 * Paged (counted, rel="last") unless `all` is present (then one response without a Link header).
 */
export function listCourseSections(caller: Caller, rawId: string | undefined, params: { all?: unknown }) {
  const { world } = caller
  const course = readableCourse(caller, rawId)
  const sections = [...world.sections.values()]
    .filter((s) => s.course_id === course.id)
    .sort((x, y) => SECTION_NAME_ORDER.compare(x.name, y.name) || x.id - y.id)
  const all = params.all !== undefined && params.all !== ''
  return { sections, all }
}

/**
 * `section_json` (lib/api/v1/section.rb) without SIS ids: Canvas adds `sis_section_id`, `sis_course_id` and
 * `integration_id` for callers with read_sis, which the simulator does not model.
 */
export function sectionJson(section: CourseSection) {
  return {
    id: section.id,
    name: section.name,
    course_id: section.course_id,
    nonxlist_course_id: null,
    start_at: null,
    end_at: null,
    restrict_enrollments_to_section_dates: false,
  }
}

const KNOWN_PERMISSIONS: readonly CourseRight[] = ['manage_grades', 'view_all_grades', 'select_final_grade']

/** GET /api/v1/courses/:id/permissions?permissions[]=… → {"name": bool}. Unknown names answer false. */
export function coursePermissions(caller: Caller, rawId: string | undefined, params: { permissions?: unknown }) {
  const course = readableCourse(caller, rawId)
  const rights = courseRights(caller.world, course, caller.userId)
  const asked = toList(params.permissions)
  const names = asked.length ? asked : [...KNOWN_PERMISSIONS, 'read']
  return Object.fromEntries(names.map((n) => [n, rights.has(n as CourseRight)]))
}

/** GET /api/v1/accounts: accounts the caller administers. */
export function listMyAccounts(caller: Caller) {
  return [...caller.world.accounts.values()]
    .filter((a) => a.admins.has(caller.userId))
    .sort((a, b) => a.id - b.id)
    .map(accountJson)
}

/** GET /api/v1/accounts/:id/courses: admins only (read_course_list). */
export function listAccountCourses(caller: Caller, rawId: string | undefined, params: { search_term?: unknown }) {
  const { world } = caller
  const id = parseId(rawId)
  const account = id === null ? undefined : world.accounts.get(id)
  if (!account) throw notFound()
  if (!accountMembership(world, account.id, caller.userId)) throw unauthorized(world.settings.unauthorizedStatus)
  const term = typeof params.search_term === 'string' ? params.search_term.toLowerCase() : ''
  return [...world.courses.values()]
    .filter((c) => c.account_id === account.id && c.workflow_state !== 'deleted')
    .filter((c) => !term || c.name.toLowerCase().includes(term) || c.course_code.toLowerCase().includes(term))
    .sort((a, b) => a.id - b.id)
    .map((c) => courseJson(world, c, []))
}
