/** REST-path key prefixes every feature builds its query keys on (plain arrays; no TanStack here). */
export interface CourseRef {
  courseId: number
}
export interface AssignmentRef extends CourseRef {
  assignmentId: number
}

export const canvasPath = {
  self: () => ['users', 'self'] as const,
  courses: () => ['courses'] as const,
  accounts: () => ['accounts'] as const,
  course: (c: CourseRef) => ['courses', c.courseId] as const,
  assignment: (a: AssignmentRef) => ['courses', a.courseId, 'assignments', a.assignmentId] as const,
  demoSession: () => ['demo', 'session'] as const,
  serverSession: () => ['session'] as const,
}
