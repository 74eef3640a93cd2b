/**
 * Students' enrolments: their sections, enrolment states and the test student; and the caller's own section limit.
 *
 * Read from GET /api/v1/courses/:course_id/users with `include[]=enrollments` (CoursesController#users), not from
 * GET …/enrollments: the grid is one row per student, and this endpoint is one row per user with that user's
 * enrolments embedded (a student in two sections is one row with two enrolments), it is the course roster Canvas's
 * People page reads, and it keeps the test student out unless asked for by name (`include[]=test_student`, and
 * `enrollment_type[]=student_view` for its StudentViewEnrollment). What a section-limited caller gets is Canvas's
 * `users_visible_to`: only users with an enrolment in the caller's sections (app/models/course.rb
 * `course_section_visibility`), so students of other sections are simply not in the list.
 *
 * CoursesController#users pages with `total_entries: nil` (never a rel="last"), so the pages are read by following
 * rel="next" (pagination.ts). Rows are read leniently: one that cannot be read is left out and counted.
 */
import type { CourseRef } from './keys'
import { mapItems, type LenientList } from './lenient'
import { fetchAllPages, fetchList } from './pagination'
import {
  ownEnrollmentsUserWire,
  rosterUserWire,
  STUDENT_ENROLLMENT_TYPES,
  type RosterUserWire,
} from './wire/enrollments'
import type { EnrollmentWire } from './wire/users'

/**
 * An enrolment's workflow state as Canvas sends it in `enrollment_state` (app/models/enrollment.rb): `completed` is a
 * concluded enrolment. `unknown` stands for a state this app does not know (a newer Canvas); the row is kept.
 * "Inactive by date" (an active enrolment the course's dates restrict) is not a workflow state and does not show here.
 */
export type EnrollmentState =
  'active' | 'invited' | 'creation_pending' | 'inactive' | 'completed' | 'rejected' | 'deleted' | 'unknown'

/** What listStudentEnrollments asks for: every state a student of the course can be in (CoursesController#users). */
export const STUDENT_ENROLLMENT_STATES = ['active', 'invited', 'inactive', 'completed'] as const

const KNOWN_STATES: ReadonlySet<string> = new Set<EnrollmentState>([
  'active',
  'invited',
  'creation_pending',
  'inactive',
  'completed',
  'rejected',
  'deleted',
])

/** Which state speaks for a student with several enrolments (this app's choice: the most current one). */
const STATE_PRECEDENCE: readonly EnrollmentState[] = [
  'active',
  'invited',
  'creation_pending',
  'inactive',
  'completed',
  'rejected',
  'deleted',
  'unknown',
]

export interface StudentEnrollment {
  /** Canvas's enrolment id, when sent. */
  id: number | undefined
  /** undefined when Canvas leaves `course_section_id` out (the course hides sections on its People page). */
  sectionId: number | undefined
  state: EnrollmentState
  /** A StudentViewEnrollment: the course's test student (Student View). */
  testStudent: boolean
}

/** One student of the course, by user id, with their student enrolments. */
export interface CourseStudent {
  userId: number
  /** The sections of the student's enrolments, each once, in Canvas's order. */
  sectionIds: number[]
  enrollments: StudentEnrollment[]
  /** The most current state of the student's enrolments: active, then invited, inactive, completed, … */
  state: EnrollmentState
  testStudent: boolean
  /** The SIS user id, when Canvas shows it to the caller (read_sis) and the user has one; else null. */
  sisUserId: string | null
  /** The login id (the pseudonym's unique_id), when Canvas shows it to the caller (view_user_logins); else null. */
  loginId: string | null
}

export function enrollmentStateOf(raw: string): EnrollmentState {
  return KNOWN_STATES.has(raw) ? (raw as EnrollmentState) : 'unknown'
}

function toStudentEnrollment(w: EnrollmentWire): StudentEnrollment {
  return {
    id: w.id,
    sectionId: w.course_section_id,
    state: enrollmentStateOf(w.enrollment_state),
    testStudent: w.type === 'StudentViewEnrollment',
  }
}

export function toCourseStudent(w: RosterUserWire): CourseStudent {
  // The embedded list holds every enrolment of the user in the asked states, a TA enrolment too: only students' count.
  const enrollments = w.enrollments.filter((e) => STUDENT_ENROLLMENT_TYPES.includes(e.type)).map(toStudentEnrollment)
  const sectionIds = [...new Set(enrollments.flatMap((e) => (e.sectionId === undefined ? [] : [e.sectionId])))]
  const state = STATE_PRECEDENCE.find((s) => enrollments.some((e) => e.state === s)) ?? 'unknown'
  return {
    userId: w.id,
    sectionIds,
    enrollments,
    state,
    testStudent: enrollments.some((e) => e.testStudent),
    sisUserId: w.sis_user_id ?? null,
    loginId: w.login_id ?? null,
  }
}

/**
 * Every student of the course the caller may see, in every enrolment state (active, invited, inactive, completed), the
 * test student included and marked. A section-limited caller gets their sections' students only.
 */
export async function listStudentEnrollments({
  courseId,
  signal,
}: CourseRef & { signal?: AbortSignal }): Promise<LenientList<CourseStudent>> {
  const list = await fetchList({
    path: `/courses/${courseId}/users`,
    query: {
      'enrollment_type[]': ['student', 'student_view'],
      'enrollment_state[]': STUDENT_ENROLLMENT_STATES,
      'include[]': ['enrollments', 'test_student'],
      per_page: 100,
    },
    item: rosterUserWire,
    signal,
    lenient: true,
  })
  return mapItems(list, toCourseStudent)
}

/** Whether the caller only sees some sections of the course, and which. */
export interface SectionLimit {
  /**
   * Canvas limits a user to sections when they have enrolments in the course and every one of them has
   * `limit_privileges_to_course_section` (app/models/course.rb `visibility_limited_to_course_sections?`). An account
   * admin with no enrolment there is not limited.
   */
  limited: boolean
  /** The sections of the caller's enrolments (what they see when `limited`). */
  sectionIds: number[]
}

/**
 * The caller's own section limit in a course, from their own enrolments: GET /courses/:id/users?user_ids[]=<me>
 * &include[]=enrollments. Canvas lists a section-limited user to themselves (their enrolment is in their section) and
 * embeds their active and pending enrolments with `course_section_id` and `limit_privileges_to_course_section`. Canvas
 * counts every enrolment that is not deleted; an inactive or concluded staff enrolment next to an active one is not seen
 * here (inferred to be rare; such a user then reads as limited by their active enrolments only).
 */
export async function getOwnSectionLimit({
  courseId,
  userId,
  signal,
}: CourseRef & { userId: number; signal?: AbortSignal }): Promise<SectionLimit> {
  const rows = await fetchAllPages({
    path: `/courses/${courseId}/users`,
    query: { 'user_ids[]': [userId], 'include[]': ['enrollments'] },
    item: ownEnrollmentsUserWire,
    signal,
  })
  const mine = rows.filter((r) => r.id === userId).flatMap((r) => r.enrollments ?? [])
  const limited = mine.length > 0 && mine.every((e) => e.limit_privileges_to_course_section === true)
  const sectionIds = [...new Set(mine.flatMap((e) => (e.course_section_id === undefined ? [] : [e.course_section_id])))]
  return { limited, sectionIds }
}
