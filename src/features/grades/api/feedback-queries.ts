import { queryOptions } from '@tanstack/react-query'
import { canvasPath, type AssignmentRef } from '../../../canvas/keys'
import { readStudentFeedback } from '../../../canvas/provisional-comments'
import type { SubmissionStudent } from '../../../canvas/submissions'
import { getSelf } from '../../../canvas/users'

export const feedbackQueries = {
  /** One student's provisional comments by grade and the ordinary comments on the submission (issue #15). */
  student: (ref: AssignmentRef, student: SubmissionStudent & { key: string }) =>
    queryOptions({
      queryKey: [...canvasPath.assignment(ref), 'submissions', student.key, 'feedback'] as const,
      queryFn: ({ signal }) => readStudentFeedback({ ...ref, student, signal }),
      // Read when the dialog opens: what the graders wrote may have changed since.
      staleTime: 0,
      refetchOnWindowFocus: false,
    }),
  /** GET /users/self, the same query as the session feature's (who "you" are, for the final comment). */
  self: () =>
    queryOptions({ queryKey: canvasPath.self(), queryFn: ({ signal }) => getSelf({ signal }), staleTime: 10 * 60_000 }),
}
