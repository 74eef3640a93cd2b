/** REST-path key prefixes every feature builds its query keys on (plain arrays; no TanStack here). */
export interface CourseRef {
  courseId: number
}
export interface AssignmentRef extends CourseRef {
  assignmentId: number
}

const assignment = (a: AssignmentRef) => ['courses', a.courseId, 'assignments', a.assignmentId] as const
/** The roster: invalidating it refreshes whichever feature shows it (grades, reconciliation). */
const gradeableStudents = (a: AssignmentRef) => [...assignment(a), 'gradeable_students'] as const

export const canvasPath = {
  self: () => ['users', 'self'] as const,
  courses: () => ['courses'] as const,
  accounts: () => ['accounts'] as const,
  course: (c: CourseRef) => ['courses', c.courseId] as const,
  assignment,
  gradeableStudents,
  /**
   * Every mutation that changes the roster's selections (select, bulk select, custom grade, reconciliation,
   * restore) has a key under this one, so one count tells how many selections are still being saved.
   */
  selections: (a: AssignmentRef) => [...gradeableStudents(a), 'select'] as const,
}

/**
 * Keys of the course roster and submission states (sections.ts, enrollments.ts, submission-states.ts), on the same
 * prefixes: invalidating `canvasPath.course` refreshes the roster, `canvasPath.assignment` the submission states.
 */
export const rosterPath = {
  sections: (c: CourseRef) => [...canvasPath.course(c), 'sections'] as const,
  studentEnrollments: (c: CourseRef) => [...canvasPath.course(c), 'users', 'student_enrollments'] as const,
  ownSectionLimit: (c: CourseRef & { userId: number }) =>
    [...canvasPath.course(c), 'users', c.userId, 'section_limit'] as const,
  submissionStates: (a: AssignmentRef & { anonymous: boolean }) =>
    [...canvasPath.assignment(a), 'submissions', a.anonymous ? 'anonymous' : 'named'] as const,
}
