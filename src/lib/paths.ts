import type { AssignmentRef } from '../canvas/keys'

export const paths = {
  home: () => '/',
  moderate: (ref: AssignmentRef) => `/courses/${ref.courseId}/assignments/${ref.assignmentId}/moderate`,
}
