import { useMutation, useQueryClient } from '@tanstack/react-query'
import { isOutcomeUnknown } from '../../../canvas/errors'
import { canvasPath, type AssignmentRef } from '../../../canvas/keys'
import { bulkSelectProvisionalGrades, readStudentModeration } from '../../../canvas/provisional-grades'
import { OutcomeUnknownError, writeOrReread } from '../../../canvas/settle'
import { postCustomGrade } from '../../../canvas/submissions'
import { chunk } from '../../../lib/chunk'
import type { ClassifiedStudent } from '../../../lib/moderation/classify'
import { planRestore, takeSnapshot, writeSnapshot, type SelectionSnapshot } from '../../../lib/moderation/snapshot'
import type { PlanChange } from '../utils/plan'

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
  /** Students whose answer from Canvas was lost and who were read back from Canvas to count them truly. */
  reread: number
}

/** Every student's selection as Canvas holds it now (the roster read again); supplied by the page. */
export type ReadBack = () => Promise<ReadonlyMap<string, number | null>>

interface SelectItem {
  studentKey: string
  label: string
  gradeId: number
}

/**
 * Select `items` with bulk_select in chunks. A chunk Canvas refused fails its students; a chunk whose answer was
 * lost (settle.ts) may have been saved, so once every chunk is done the roster is read back once and those students
 * count as applied only if Canvas holds their grade.
 */
async function selectInChunks(
  ref: AssignmentRef,
  items: SelectItem[],
  readBack: ReadBack,
  progress: (n: number) => void,
  failed: ApplyResult['failed'],
): Promise<{ applied: number; reread: string[] }> {
  let applied = 0
  const uncertain: SelectItem[] = []
  for (const part of chunk(items, APPLY_CHUNK)) {
    try {
      await bulkSelectProvisionalGrades({ ...ref, provisionalGradeIds: part.map((p) => p.gradeId) })
      applied += part.length
    } catch (error) {
      if (isOutcomeUnknown(error)) uncertain.push(...part)
      else for (const p of part) failed.push({ label: p.label, error })
    }
    progress(part.length)
  }
  if (uncertain.length === 0) return { applied, reread: [] }
  let held: ReadonlyMap<string, number | null>
  try {
    held = await readBack()
  } catch (error) {
    const unknown = new OutcomeUnknownError(error)
    for (const p of uncertain) failed.push({ label: p.label, error: unknown })
    return { applied, reread: [] }
  }
  const notSelected = new Error('Canvas’s answer was lost; read back from Canvas, the grade is not selected.')
  for (const p of uncertain) {
    if (held.get(p.studentKey) === p.gradeId) applied++
    else failed.push({ label: p.label, error: notSelected })
  }
  return { applied, reread: uncertain.map((p) => p.studentKey) }
}

/**
 * Apply a reconciliation plan: snapshot every selection first, then create the custom grades one student at a
 * time through the Submissions API (Canvas does not select them, §1.5) — each with the `posted_grade` text the
 * plan chose for the grading type (postedGradeFor) — then select everything with bulk_select in chunks. Not
 * optimistic: it writes grades. A custom grade whose answer was lost is read back (provisional_grades/status) and
 * used if Canvas holds it; lost selections are checked against the roster read back. The roster is refreshed
 * when done.
 */
export function useApplyPlan(ref: AssignmentRef, readBack: ReadBack) {
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
      writeSnapshot(ref, takeSnapshot(students, 'applying the rules'))
      const byKey = new Map(students.map((s) => [s.key, s]))
      const customs = changes.filter((c) => c.action.type === 'custom')
      const total = customs.length + changes.length
      let done = 0
      const rereadCustoms: string[] = []
      const failed: ApplyResult['failed'] = []
      const toSelect: SelectItem[] = []
      onProgress?.({ done, total, phase: 'Creating custom grades' })
      for (const c of changes) {
        if (c.action.type === 'select') {
          toSelect.push({ studentKey: c.studentKey, label: c.label, gradeId: c.action.gradeId })
          continue
        }
        const s = byKey.get(c.studentKey)
        const postedGrade = c.action.postedGrade
        try {
          if (!s) throw new Error('student not found')
          const posted = await writeOrReread(
            () => postCustomGrade({ ...ref, student: s, postedGrade }),
            () => readStudentModeration({ ...ref, student: s }),
          )
          const grades = posted.reread ? posted.reread.grades : posted.written
          const final = grades.find((g) => g.final)
          if (posted.reread) rereadCustoms.push(c.studentKey)
          // Read back, the custom grade Canvas holds is the one sent when it reads the same ("B+", "85%", "17").
          if (posted.reread && (!final || (final.grade ?? '').toLowerCase() !== postedGrade.toLowerCase()))
            throw new Error('Canvas’s answer was lost; read back from Canvas, the custom grade was not saved.')
          if (!final) throw new Error('Canvas did not return the custom grade')
          toSelect.push({ studentKey: c.studentKey, label: c.label, gradeId: final.id })
        } catch (error) {
          failed.push({ label: c.label, error })
          done++ // its selection step is skipped too
        }
        done++
        onProgress?.({ done, total, phase: 'Creating custom grades' })
      }
      const { applied, reread } = await selectInChunks(
        ref,
        toSelect,
        readBack,
        (n) => {
          done += n
          onProgress?.({ done, total, phase: 'Selecting grades' })
        },
        failed,
      )
      return { applied, failed, reread: new Set([...reread, ...rereadCustoms]).size }
    },
    onSettled: () => qc.invalidateQueries({ queryKey: canvasPath.gradeableStudents(ref) }),
  })
}

/**
 * Put a snapshot's selections back (only those that differ now), after taking a snapshot of the selections as they
 * stand, so a restore can itself be undone. Selections that were empty cannot be cleared (Canvas has no call).
 */
export function useRestoreSnapshot(ref: AssignmentRef, readBack: ReadBack) {
  const qc = useQueryClient()
  return useMutation({
    mutationKey: [...canvasPath.selections(ref), 'restore'],
    mutationFn: async ({
      snapshot,
      students,
      onProgress,
    }: {
      snapshot: SelectionSnapshot
      students: ClassifiedStudent[]
      onProgress?: (p: Progress) => void
    }) => {
      const plan = planRestore(snapshot, new Map(students.map((s) => [s.key, s.selectedGradeId])))
      writeSnapshot(ref, takeSnapshot(students, 'restoring a snapshot'))
      const failed: ApplyResult['failed'] = []
      let done = 0
      onProgress?.({ done, total: plan.items.length, phase: 'Restoring selections' })
      const { applied, reread } = await selectInChunks(
        ref,
        plan.items,
        readBack,
        (n) => {
          done += n
          onProgress?.({ done, total: plan.items.length, phase: 'Restoring selections' })
        },
        failed,
      )
      return { applied, failed, reread: reread.length, cannotClear: plan.cannotClear }
    },
    onSettled: () => qc.invalidateQueries({ queryKey: canvasPath.gradeableStudents(ref) }),
  })
}
