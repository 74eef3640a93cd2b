import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { AssignmentRef } from '../../../canvas/keys'
import {
  findSavedComment,
  postFinalComment,
  readStudentFeedback,
  type FeedbackComment,
  type StudentFeedback,
} from '../../../canvas/provisional-comments'
import { isOutcomeUnknownError, writeOrReread } from '../../../canvas/settle'
import type { SubmissionStudent } from '../../../canvas/submissions'
import { feedbackQueries } from './feedback-queries'

export interface FinalCommentVars {
  student: SubmissionStudent & { key: string }
  text: string
  /** The ordinary comments known before saving: a read-back looks for a new one with the text. */
  knownIds: ReadonlySet<number>
  /** The caller's user id, when known: the saved comment is theirs. */
  callerId: number | undefined
}

export interface FinalCommentResult {
  comment: FeedbackComment
  /** Canvas's answer was lost and the submission was read back: the comment is there. */
  lostAnswer: boolean
}

/**
 * Writes the final comment as an ordinary comment on the submission (postFinalComment says why, from Canvas's source).
 * A lost answer is not a failure: the submission's comments are read back and the comment looked for (settle.ts);
 * only when that read fails too is the outcome unknown. Never re-sent blindly: a comment is not idempotent.
 */
export function useFinalComment(ref: AssignmentRef) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: async ({ student, text, knownIds, callerId }: FinalCommentVars): Promise<FinalCommentResult> => {
      const key = feedbackQueries.student(ref, student).queryKey
      const showOrdinary = (ordinary: FeedbackComment[]) =>
        qc.setQueryData(key, (f: StudentFeedback | undefined) => f && { ...f, ordinary })
      const r = await writeOrReread(
        () => postFinalComment({ ...ref, student, text }),
        () => readStudentFeedback({ ...ref, student }),
      )
      if (r.reread) {
        qc.setQueryData(key, r.reread)
        const found = findSavedComment(r.reread.ordinary, text, knownIds, callerId)
        if (!found)
          throw new Error(
            'Canvas’s answer was lost, and reading the submission back showed the comment was not saved. Save it again.',
          )
        return { comment: found, lostAnswer: true }
      }
      showOrdinary(r.written)
      const saved = findSavedComment(r.written, text, knownIds, callerId)
      if (!saved) throw new Error('Canvas answered, but the comment is not among the submission’s comments.')
      return { comment: saved, lostAnswer: false }
    },
    onError: (error, { student }) => {
      if (isOutcomeUnknownError(error))
        void qc.invalidateQueries({ queryKey: feedbackQueries.student(ref, student).queryKey })
    },
  })
}
