import { useMutation, useQueryClient } from '@tanstack/react-query'
import { canvasPath, type AssignmentRef } from '../../../canvas/keys'
import { isCanvasApiError } from '../../../canvas/errors'
import { publishProvisionalGrades } from '../../../canvas/provisional-grades'

/**
 * Publish provisional grades (contract §2.6). Irreversible: never optimistic, never retried. A 400 means
 * "already published" (Canvas's Grade Summary treats it the same way), so the assignment is refreshed then too.
 */
export function usePublishGrades(ref: AssignmentRef) {
  const qc = useQueryClient()
  return useMutation({
    mutationKey: [...canvasPath.assignment(ref), 'provisional_grades', 'publish'],
    mutationFn: () => publishProvisionalGrades(ref),
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

export function isAlreadyPublished(error: unknown): boolean {
  return isCanvasApiError(error) && error.status === 400 && !/does not use moderated grading/i.test(error.canvasMessage)
}
