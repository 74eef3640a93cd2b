/**
 * What a caller may see of a course's people: Canvas's section limits (app/models/course.rb, current version:
 * `section_visibilities_for`, `visibility_limited_to_course_sections?`, `enrollment_visibility_level_for`,
 * `apply_enrollment_visibility`, `users_visible_to` → `course_section_visibility`).
 *
 * - A caller is limited to sections (`:sections`) when they have enrolments in the course and every one of them has
 *   `limit_privileges_to_course_section` ("Users can only see/interact with users in their section"). They see
 *   students (and, on the roster, users) with an enrolment in one of those sections.
 * - Anyone else with grade or roster rights sees the whole course (`:full`), and so does an account admin, who has no
 *   enrolment there.
 * - Students and observers (`:limited`, `:restricted`) are not modelled: a student listing course users sees everyone
 *   here, where Canvas keeps to student, teacher and TA enrolments (and to the student's own section when limited).
 */
import type { Course, Enrollment } from './types'
import type { World } from './world'

/** Canvas's `enrollments.workflow_state`: the simulator's `concluded` is Canvas's `completed`. */
export type EnrollmentWorkflowState = 'active' | 'invited' | 'inactive' | 'completed'

export function workflowState(e: Enrollment): EnrollmentWorkflowState {
  return e.state === 'concluded' ? 'completed' : e.state
}

const noEnrollments: readonly Enrollment[] = []

function courseEnrollmentsOf(world: World, course: Course, userId: number): Enrollment[] {
  return (world.enrollmentsByUser.get(userId) ?? []).filter((e) => e.course_id === course.id)
}

/**
 * The sections `userId` is limited to in `course`, or null when they see all of it. Canvas's `section_visibilities_for`
 * (app/models/course.rb) reads the caller's enrolments that are not deleted, rejected or inactive (concluded ones
 * count; the simulator deletes and rejects none); `visibility_limited_to_course_sections?` is
 * `visibilities.all? { limit_privileges_to_course_section }`, asked only when there is at least one.
 */
export function sectionLimit(world: World, course: Course, userId: number): ReadonlySet<number> | null {
  const mine = courseEnrollmentsOf(world, course, userId).filter((e) => workflowState(e) !== 'inactive')
  if (mine.length === 0 || !mine.every((e) => e.limit_privileges_to_course_section)) return null
  return new Set(mine.map((e) => e.course_section_id))
}

/** Which student enrolments a scope takes, by workflow state (app/models/course.rb associations). */
export interface StudentScope {
  /** `include: :inactive` (gradeable_students, SpeedGrader): inactive enrolments too. */
  inactive?: boolean
  /** `include: :priors` (`all_student_enrollments`, everything not deleted): inactive and completed too. */
  priors?: boolean
}

/**
 * `Course#students_visible_to(user, include:)` and `apply_enrollment_visibility(student_enrollments, user)`: a predicate
 * on user ids. The base scope is `student_enrollments` (StudentEnrollment and StudentViewEnrollment whose workflow state
 * is not rejected, completed, deleted or inactive: active and invited here); `scope` widens it. Then:
 *
 * - the test student's StudentViewEnrollment is left out unless the caller sees the whole course or has a teacher or
 *   TA enrolment ("teachers, account admins, and student view students can see student view students");
 * - a section-limited caller sees only enrolments in their sections.
 */
export function studentsVisibleTo(
  world: World,
  course: Course,
  viewerId: number,
  scope: StudentScope = {},
): (userId: number) => boolean {
  const limit = sectionLimit(world, course, viewerId)
  const viewerIsAdmin = courseEnrollmentsOf(world, course, viewerId).some((e) => e.type !== 'student')
  const seesTestStudent = limit === null || viewerIsAdmin
  const states = new Set<EnrollmentWorkflowState>(['active', 'invited'])
  if (scope.inactive || scope.priors) states.add('inactive')
  if (scope.priors) states.add('completed')
  // Asked once per student for every page of a roster (10,000 students, 100 pages): a plain loop over the user's
  // enrolments, with no list made per student.
  return (userId) => {
    const user = world.users.get(userId)
    if (!user || (user.fake_student && !seesTestStudent)) return false
    for (const e of world.enrollmentsByUser.get(userId) ?? noEnrollments) {
      if (
        e.course_id === course.id &&
        e.type === 'student' &&
        states.has(workflowState(e)) &&
        (limit === null || limit.has(e.course_section_id))
      )
        return true
    }
    return false
  }
}
