import { useMutation, useQueryClient } from '@tanstack/react-query'
import { canvasPath, type AssignmentRef } from '../../../canvas/keys'
import { bulkSelectProvisionalGrades } from '../../../canvas/provisional-grades'
import { postCustomGrade } from '../../../canvas/submissions'
import { chunk } from '../../../lib/chunk'
import type { ClassifiedStudent } from '../../../lib/moderation/classify'
import type { PlanChange } from '../utils/plan'
import { planRestore, takeSnapshot, writeSnapshot, type SelectionSnapshot } from '../utils/snapshot-store'

/** bulk_select takes any number of ids; chunks keep each request small and give progress (contract §2.5). */
export const APPLY_CHUNK = 200

export interface Progress {
  done: number
  total: number
  phase: string
}

export interface ApplyResult {
  applied: number
  failed: { label: string; error: unknown }[]
}

async function selectInChunks(
  ref: AssignmentRef,
  items: { label: string; gradeId: number }[],
  progress: (n: number) => void,
  failed: ApplyResult['failed'],
): Promise<number> {
  let applied = 0
  for (const part of chunk(items, APPLY_CHUNK)) {
    try {
      await bulkSelectProvisionalGrades({ ...ref, provisionalGradeIds: part.map((p) => p.gradeId) })
      applied += part.length
    } catch (error) {
      for (const p of part) failed.push({ label: p.label, error })
    }
    progress(part.length)
  }
  return applied
}

/**
 * Apply a reconciliation plan: snapshot every selection first, then create the custom grades one student at a
 * time through the Submissions API (Canvas does not select them, §1.5) — each with the `posted_grade` text the
 * plan chose for the grading type (postedGradeFor) — then select everything with bulk_select in chunks. Not
 * optimistic: it writes grades. The roster is refreshed when done.
 */
export function useApplyPlan(ref: AssignmentRef) {
  const qc = useQueryClient()
  return useMutation({
    mutationKey: [...canvasPath.selections(ref), 'reconcile'],
    mutationFn: async ({
      changes,
      students,
      onProgress,
    }: {
      changes: PlanChange[]
      students: ClassifiedStudent[]
      onProgress?: (p: Progress) => void
    }): Promise<ApplyResult> => {
      writeSnapshot(ref, takeSnapshot(students))
      const byKey = new Map(students.map((s) => [s.key, s]))
      const customs = changes.filter((c) => c.action.type === 'custom')
      const total = customs.length + changes.length
      let done = 0
      const failed: ApplyResult['failed'] = []
      const toSelect: { label: string; gradeId: number }[] = []
      onProgress?.({ done, total, phase: 'Creating custom grades' })
      for (const c of changes) {
        if (c.action.type === 'select') {
          toSelect.push({ label: c.label, gradeId: c.action.gradeId })
          continue
        }
        const s = byKey.get(c.studentKey)
        try {
          if (!s) throw new Error('student not found')
          const grades = await postCustomGrade({ ...ref, student: s, postedGrade: c.action.postedGrade })
          const final = grades.find((g) => g.final)
          if (!final) throw new Error('Canvas did not return the custom grade')
          toSelect.push({ label: c.label, gradeId: final.id })
        } catch (error) {
          failed.push({ label: c.label, error })
          done++ // its selection step is skipped too
        }
        done++
        onProgress?.({ done, total, phase: 'Creating custom grades' })
      }
      const applied = await selectInChunks(
        ref,
        toSelect,
        (n) => {
          done += n
          onProgress?.({ done, total, phase: 'Selecting grades' })
        },
        failed,
      )
      return { applied, failed }
    },
    onSettled: () => qc.invalidateQueries({ queryKey: canvasPath.gradeableStudents(ref) }),
  })
}

/** Put the snapshot's selections back (only those that differ now). Selections that were empty cannot be cleared. */
export function useRestoreSnapshot(ref: AssignmentRef) {
  const qc = useQueryClient()
  return useMutation({
    mutationKey: [...canvasPath.selections(ref), 'restore'],
    mutationFn: async ({
      snapshot,
      current,
      onProgress,
    }: {
      snapshot: SelectionSnapshot
      current: ReadonlyMap<string, number | null>
      onProgress?: (p: Progress) => void
    }) => {
      const plan = planRestore(snapshot, current)
      const failed: ApplyResult['failed'] = []
      let done = 0
      onProgress?.({ done, total: plan.items.length, phase: 'Restoring selections' })
      const applied = await selectInChunks(
        ref,
        plan.items,
        (n) => {
          done += n
          onProgress?.({ done, total: plan.items.length, phase: 'Restoring selections' })
        },
        failed,
      )
      return { applied, failed, cannotClear: plan.cannotClear }
    },
    onSettled: () => qc.invalidateQueries({ queryKey: canvasPath.gradeableStudents(ref) }),
  })
}
