import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { canvasPath, type AssignmentRef } from '../../../canvas/keys'
import { readStudentModeration, selectProvisionalGrade } from '../../../canvas/provisional-grades'
import type { SubmissionStudent } from '../../../canvas/submissions'
import { markSelected, selectedGradeIdOf } from '../utils/mark-selected'
import { gradeQueries } from './grade-queries'
import { isOutcomeUnknownError, writeOrReread } from '../../../canvas/settle'

export interface SelectGradeVars {
  studentKey: string
  gradeId: number
  /** How to re-read the student when Canvas's answer is lost (settle.ts); without it, a lost answer is an error. */
  student?: SubmissionStudent
}

export interface SelectGradeResult {
  /** What Canvas holds for the student now. */
  selectedGradeId: number | null
  /** The answer was lost and the student was read back from Canvas: `selectedGradeId` is what it holds. */
  reread: boolean
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
    // Nothing reads a settled selection from the mutation cache (only running ones are counted), and every
    // useIsMutating filters the whole cache on each event: a moderator's hundreds of clicks are not kept there.
    gcTime: 0,
    mutationFn: async ({ gradeId, student }: SelectGradeVars): Promise<SelectGradeResult> => {
      const r = await writeOrReread(
        () => selectProvisionalGrade({ ...ref, provisionalGradeId: gradeId }),
        () => (student ? readStudentModeration({ ...ref, student }) : Promise.reject(new Error('no student'))),
      )
      if (r.reread) return { selectedGradeId: r.reread.selectedGradeId, reread: true }
      return { selectedGradeId: r.written!.selectedGradeId, reread: false }
    },
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
    onSuccess: (result, { studentKey }) => {
      // A read-back is the truth whatever else is running for the student.
      if (result.reread || pendingForStudent(qc, ref, studentKey) === 1) {
        qc.setQueryData(rosterKey, (r) => r && markSelected(r, studentKey, result.selectedGradeId))
      }
    },
    onError: (error, { studentKey }, context) => {
      if (isOutcomeUnknownError(error)) {
        // Not a rollback: Canvas may hold the new grade. The roster is read again; until then the row shows the hope.
        void qc.invalidateQueries({ queryKey: rosterKey })
        return
      }
      if (context && pendingForStudent(qc, ref, studentKey) === 1) {
        qc.setQueryData(rosterKey, (r) => r && markSelected(r, studentKey, context.before))
      }
    },
  })
}
