import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { canvasPath, type AssignmentRef } from '../../../canvas/keys'
import { selectProvisionalGrade } from '../../../canvas/provisional-grades'
import { markSelected, selectedGradeIdOf } from '../utils/mark-selected'
import { gradeQueries } from './grade-queries'

export interface SelectGradeVars {
  studentKey: string
  gradeId: number
}

/** Mutations for this student still running (the caller itself included while in its callbacks). */
function pendingForStudent(qc: QueryClient, ref: AssignmentRef, studentKey: string): number {
  return qc.isMutating({
    mutationKey: canvasPath.selections(ref),
    predicate: (m) => (m.state.variables as SelectGradeVars | undefined)?.studentKey === studentKey,
  })
}

/**
 * Choose one provisional grade for a student (PUT …/select), optimistically.
 * - Only the touched row changes and only that row is rolled back, so concurrent selections survive.
 * - A row is written back (server truth or rollback) only by the last running selection for that student.
 * - The roster is not refetched after each click (it can be 50 pages); the select response is authoritative for
 *   its row. A roster refetch already in flight is cancelled first so it can't overwrite the optimistic value.
 */
export function useSelectGrade(ref: AssignmentRef) {
  const qc = useQueryClient()
  const rosterKey = gradeQueries.roster(ref).queryKey
  return useMutation({
    mutationKey: canvasPath.selections(ref),
    mutationFn: ({ gradeId }: SelectGradeVars) => selectProvisionalGrade({ ...ref, provisionalGradeId: gradeId }),
    onMutate: async ({ studentKey, gradeId }) => {
      const roster = qc.getQueryData(rosterKey)
      // Cancelling the first load would throw away the pages still coming; its pages only add rows, so let it run.
      if (roster?.complete && qc.getQueryState(rosterKey)?.fetchStatus === 'fetching') {
        await qc.cancelQueries({ queryKey: rosterKey })
      }
      const before = selectedGradeIdOf(qc.getQueryData(rosterKey), studentKey) ?? null
      qc.setQueryData(rosterKey, (r) => r && markSelected(r, studentKey, gradeId))
      return { before }
    },
    onSuccess: (selection, { studentKey }) => {
      if (pendingForStudent(qc, ref, studentKey) === 1) {
        qc.setQueryData(rosterKey, (r) => r && markSelected(r, studentKey, selection.selectedGradeId))
      }
    },
    onError: (_error, { studentKey }, context) => {
      if (context && pendingForStudent(qc, ref, studentKey) === 1) {
        qc.setQueryData(rosterKey, (r) => r && markSelected(r, studentKey, context.before))
      }
    },
  })
}
