/** Building blocks shared by scenarios: the Northfield staff, course 101, seeding grades. */
import { createAssignmentGroup } from '../assignments'
import { addAccountAdmin, createAccount, createCourse, enroll, type EnrollOptions } from '../courses'
import { ensureModerationGrader, ensureSelectionRow } from '../moderation'
import { copyGradeToSubmission, createProvisionalGrade } from '../provisional-grades'
import type { Assignment, Course, EnrollmentState, ProvisionalGrade, Submission } from '../types'
import { createUser } from '../users'
import type { World } from '../world'

export const FINAL_GRADER_ID = 1
export const TEACHER_ID = 2
export const TA_IDS = [3, 4] as const
export const ADMIN_ID = 5
export const COURSE_ID = 101

export const DAY = 86_400_000
export const HOUR = 3_600_000
/** 2025-10-06T23:59:00Z, the due date of the lab reports. */
export const DUE_AT = Date.UTC(2025, 9, 6, 23, 59)

export function buildStaff(world: World): Course {
  createAccount(world, { id: 1, name: 'Northfield University' })
  const course = createCourse(world, {
    id: COURSE_ID,
    account_id: 1,
    name: 'BIO 201: Cell Biology',
    course_code: 'BIO 201',
  })
  const chen = createUser(world, {
    id: FINAL_GRADER_ID,
    name: 'Dr. Maya Chen',
    login_id: 'mchen@northfield.edu',
    pronouns: 'she/her',
  })
  const reyes = createUser(world, { id: TEACHER_ID, name: 'Prof. Daniel Reyes', login_id: 'dreyes@northfield.edu' })
  const priya = createUser(world, { id: 3, name: 'Priya Natarajan', login_id: 'pnatarajan@northfield.edu' })
  const tomas = createUser(world, { id: 4, name: 'Tomás Herrera', login_id: 'therrera@northfield.edu' })
  const alex = createUser(world, {
    id: ADMIN_ID,
    name: 'Alex Morgan',
    login_id: 'amorgan@northfield.edu',
    pronouns: 'they/them',
  })
  enroll(world, course, chen, 'teacher')
  enroll(world, course, reyes, 'teacher')
  enroll(world, course, priya, 'ta')
  enroll(world, course, tomas, 'ta')
  addAccountAdmin(world, 1, alex.id, { select_final_grade: true })
  world.cast.push(
    { id: chen.id, name: chen.name, role: 'final_grader', token: '' },
    { id: reyes.id, name: reyes.name, role: 'teacher', token: '' },
    { id: priya.id, name: priya.name, role: 'ta', token: '' },
    { id: tomas.id, name: tomas.name, role: 'ta', token: '' },
    { id: alex.id, name: alex.name, role: 'admin', token: '' },
  )
  createAssignmentGroup(world, { id: 201, course_id: course.id, name: 'Labs', position: 1 })
  createAssignmentGroup(world, { id: 202, course_id: course.id, name: 'Essays', position: 2 })
  createAssignmentGroup(world, { id: 203, course_id: course.id, name: 'Quizzes', position: 3 })
  return course
}

export function addStudent(
  world: World,
  course: Course,
  id: number,
  name: string,
  state: EnrollmentState = 'active',
  options: EnrollOptions = {},
) {
  const user = createUser(world, { id, name, login_id: `s${id}@students.northfield.edu` })
  enroll(world, course, user, 'student', state, options)
  world.cast.push({ id: user.id, name: user.name, role: 'student', token: '' })
  return user
}

/** A provisional grade as if `scorerId` graded in SpeedGrader at `at` (takes the grader's slot). */
export function seedGrade(
  world: World,
  a: Assignment,
  submission: Submission,
  scorerId: number,
  score: number,
  at: number,
  final = false,
): ProvisionalGrade {
  ensureModerationGrader(world, a, scorerId, true)
  return createProvisionalGrade(world, submission, { scorer_id: scorerId, score, final, graded_at: at, created_at: at })
}

export function seedSelection(world: World, a: Assignment, pg: ProvisionalGrade, at: number) {
  const row = ensureSelectionRow(world, a, pg.student_id)
  row.selected_provisional_grade_id = pg.id
  row.updated_at = at
  const submission = world.submissionsById.get(pg.submission_id)!
  submission.updated_at = Math.max(submission.updated_at, at)
}

/** Copy a PG into its submission as publish does (for already-published seed data). */
export function applyPublished(
  world: World,
  submission: Submission,
  pg: ProvisionalGrade,
  at: number,
  posted: boolean,
) {
  copyGradeToSubmission(world, submission, pg, at)
  submission.posted_at = posted ? at + DAY : null
  submission.updated_at = posted ? at + DAY : at
}

/** Half-point precision, clamped to [0, max]. */
export function clampScore(score: number, max: number): number {
  return Math.min(max, Math.max(0, Math.round(score * 2) / 2))
}
