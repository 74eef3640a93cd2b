import { useMutation, useQueryClient } from '@tanstack/react-query'
import { canvasPath, type AssignmentRef } from '../../../canvas/keys'
import { isCanvasApiError } from '../../../canvas/errors'
import { getAssignmentWithPublishState } from '../../../canvas/assignments'
import { publishProvisionalGrades } from '../../../canvas/provisional-grades'
import { writeOrReread } from '../../../canvas/settle'

/**
 * Publish provisional grades (contract §2.6). Irreversible: never optimistic, never retried. A 400 means
 * "already published" (Canvas's Grade Summary treats it the same way), so the assignment is refreshed then too.
 */
export function usePublishGrades(ref: AssignmentRef) {
  const qc = useQueryClient()
  return useMutation({
    mutationKey: [...canvasPath.assignment(ref), 'provisional_grades', 'publish'],
    mutationFn: async (): Promise<{ reread: boolean }> => {
      // Never sent twice. When the answer is lost, Canvas's published state says what happened.
      const r = await writeOrReread(
        () => publishProvisionalGrades(ref),
        () => getAssignmentWithPublishState(ref),
      )
      if (!r.reread) return { reread: false }
      if (r.reread.gradesPublished === true) return { reread: true }
      throw new PublishNotDoneError()
    },
    retry: false,
    onSettled: (_data, error) => {
      if (!error || isAlreadyPublished(error)) {
        // Everything under the assignment: publish state, and (once published) de-anonymised rows. Not awaited:
        // the page turns read-only at once; the roster refresh can take many pages.
        void qc.invalidateQueries({ queryKey: canvasPath.assignment(ref) })
        // …and the course's assignment list, whose grades_published feeds the home page's badges.
        void qc.invalidateQueries({ queryKey: [...canvasPath.course(ref), 'assignment_groups'] })
      }
    },
  })
}

/** The answer to publish was lost, and Canvas, read back, has not published: it is safe to try again. */
export class PublishNotDoneError extends Error {
  constructor() {
    super('Canvas’s answer was lost; read back, the grades are not published. It is safe to try again.')
    this.name = 'PublishNotDoneError'
  }
}

export function isAlreadyPublished(error: unknown): boolean {
  return isCanvasApiError(error) && error.status === 400 && !/does not use moderated grading/i.test(error.canvasMessage)
}
