/**
 * Course rights and the moderation predicates of abstract_assignment.rb (contract §1.1, §5).
 *
 * Role defaults from Canvas's role_override.rb: manage_grades, view_all_grades and select_final_grade are
 * true for TeacherEnrollment, TaEnrollment and AccountAdmin. view_all_grades also applies to concluded
 * teacher/TA enrollments; manage_grades does not. Inactive enrollments grant nothing, nor do enrolments inactive by
 * date (`restrictedByDate`). read_as_admin: account admins and teacher/TA enrolments.
 */
import { unauthorized, type SimError } from './errors'
import type { Caller } from './caller'
import type { Assignment, Course, Enrollment } from './types'
import type { World } from './world'

export type CourseRight = 'read' | 'read_as_admin' | 'manage_grades' | 'view_all_grades' | 'select_final_grade'

export function courseEnrollments(world: World, courseId: number, userId: number): Enrollment[] {
  return (world.enrollmentsByUser.get(userId) ?? []).filter((e) => e.course_id === courseId)
}

/** The account membership of `userId` on the course's account (no sub-accounts in the simulator). */
export function accountMembership(world: World, accountId: number, userId: number) {
  return world.accounts.get(accountId)?.admins.get(userId) ?? null
}

export function courseRights(world: World, course: Course, userId: number): Set<CourseRight> {
  const rights = new Set<CourseRight>()
  const membership = accountMembership(world, course.account_id, userId)
  if (membership) {
    rights.add('read').add('read_as_admin').add('manage_grades').add('view_all_grades')
    if (membership.select_final_grade) rights.add('select_final_grade')
  }
  for (const e of courseEnrollments(world, course.id, userId)) {
    if (e.state === 'inactive' || e.restrictedByDate) continue
    rights.add('read')
    if (e.type === 'student') continue
    rights.add('read_as_admin').add('view_all_grades')
    if (e.state === 'active') rights.add('manage_grades').add('select_final_grade')
  }
  return rights
}

export function can(caller: Caller, course: Course, right: CourseRight): boolean {
  return courseRights(caller.world, course, caller.userId).has(right)
}

export function canGradeOrView(caller: Caller, course: Course): boolean {
  const rights = courseRights(caller.world, course, caller.userId)
  return rights.has('manage_grades') || rights.has('view_all_grades')
}

export function denied(caller: Caller): SimError {
  return unauthorized(caller.world.settings.unauthorizedStatus)
}

/** `grades_published?` = !moderated || grades_published_at present. */
export function gradesPublished(a: Assignment): boolean {
  return a.moderated_grading !== true || a.grades_published_at !== null
}

/**
 * `permits_moderation?`: the final grader, or an account membership granting select_final_grade.
 * A plain teacher who is not the final grader is not a moderator.
 */
export function isModerator(world: World, course: Course, a: Assignment, userId: number): boolean {
  if (a.final_grader_id === userId) return true
  return accountMembership(world, course.account_id, userId)?.select_final_grade === true
}

/**
 * `anonymize_students?`: only for anonymous grading; moderated → until published. For non-moderated
 * anonymous assignments Canvas checks for unposted submissions; the simulator posts on publish only, so
 * it anonymizes them until grades exist (inferred, no such assignment in the scenarios).
 */
export function anonymizeStudents(world: World, a: Assignment): boolean {
  if (!a.anonymous_grading) return false
  if (a.moderated_grading) return !gradesPublished(a)
  for (const s of world.submissions.get(a.id)?.values() ?? []) if (s.posted_at === null) return true
  return false
}

/** `can_view_student_names?` (contract §5.1): false while anonymized, even for moderators. */
export function canViewStudentNames(caller: Caller, course: Course, a: Assignment): boolean {
  if (anonymizeStudents(caller.world, a)) return false
  return canGradeOrView(caller, course)
}

/** `can_view_other_grader_identities?` (contract §5.2). */
export function canViewGraderIdentities(caller: Caller, course: Course, a: Assignment): boolean {
  if (!canGradeOrView(caller, course)) return false
  if (a.moderated_grading !== true || gradesPublished(a)) return true
  // NULL columns (an old row, see Assignment.legacyJson) read as false, as nil does in Ruby.
  if (a.final_grader_id === caller.userId) return a.grader_names_visible_to_final_grader === true
  if (accountMembership(caller.world, course.account_id, caller.userId)?.select_final_grade) return true
  return a.grader_comments_visible_to_graders === true && a.graders_anonymous_to_graders !== true
}
