import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import { canvasPath, type AssignmentRef } from '../../../canvas/keys'
import { addModeratedStudents, listModeratedStudents } from '../../../canvas/moderation-set'
import { writeOrReread } from '../../../canvas/settle'

export const moderationSetQueries = {
  all: (ref: AssignmentRef) => [...canvasPath.assignment(ref), 'moderated_students'] as const,
  list: (ref: AssignmentRef) =>
    queryOptions({
      queryKey: moderationSetQueries.all(ref),
      queryFn: ({ signal }) => listModeratedStudents({ ...ref, signal }),
      staleTime: 60_000,
    }),
}

export interface AddResult {
  /** Of the students asked for, those in the moderation set now. */
  added: number[]
  /** Of the students asked for, those Canvas did not put in the set. */
  notAdded: number[]
  /** Canvas's answer was lost and the set was read back to tell. */
  reread: boolean
}

/**
 * Adds students to the moderation set (contract §2.2). A lost answer (settle.ts) is not a failure: the set is read
 * back from Canvas and each student counts as added only if Canvas has them in it.
 */
export function useAddModeratedStudents(ref: AssignmentRef) {
  const qc = useQueryClient()
  return useMutation({
    mutationKey: [...moderationSetQueries.all(ref), 'add'],
    mutationFn: async (studentIds: number[]): Promise<AddResult> => {
      const out = await writeOrReread(
        () => addModeratedStudents({ ...ref, studentIds }),
        () => listModeratedStudents(ref),
      )
      const inSet = new Set((out.reread ?? out.written).map((u) => u.id))
      if (out.reread) qc.setQueryData(moderationSetQueries.all(ref), out.reread)
      return {
        added: studentIds.filter((id) => inSet.has(id)),
        // Canvas answers with the requested students it added or had; one it left out is not in the set.
        notAdded: studentIds.filter((id) => !inSet.has(id)),
        reread: out.reread !== undefined,
      }
    },
    onSettled: () => qc.invalidateQueries({ queryKey: moderationSetQueries.all(ref) }),
  })
}
