import { useMutation, useQueryClient } from '@tanstack/react-query'
import { canvasPath, type AssignmentRef } from '../../../canvas/keys'
import { isOutcomeUnknown } from '../../../canvas/errors'
import { bulkSelectProvisionalGrades } from '../../../canvas/provisional-grades'
import { chunk } from '../../../lib/chunk'
import { markManySelected } from '../utils/mark-selected'
import { gradeQueries } from './grade-queries'
import { useRosterReadBack, type SelectionsRead } from './use-roster-read-back'
import { OutcomeUnknownError } from '../../../canvas/settle'

export const BULK_CHUNK_SIZE = 200

export interface BulkItem {
  studentKey: string
  studentLabel: string
  gradeId: number
  /** The grade was given before the student's latest submission. */
  stale?: boolean
  /** Selecting it replaces the student's selected custom grade. */
  replacesCustom?: boolean
}

export interface BulkResult {
  updated: number
  failed: BulkItem[]
  errors: unknown[]
  /** Students whose chunk's answer was lost: read back from Canvas (the roster again) to count them truly. */
  reread: number
}

/**
 * "Accept all grades from <grader>" (bulk_select, contract §2.5) in chunks of 200 ids (each request stays
 * small and fast). Every chunk is asked for at once: each touches different students, so they may run side by
 * side, and the throttle queue (canvas/throttle.ts) decides how many are in flight.
 * Each successful chunk is written to the cache as it lands; a failed chunk is reported by student so just
 * those can be retried. Canvas returns only the selections that changed.
 */
export function useBulkSelect(ref: AssignmentRef) {
  const qc = useQueryClient()
  const rosterKey = gradeQueries.roster(ref).queryKey
  const readBack = useRosterReadBack(ref)
  return useMutation({
    mutationKey: [...canvasPath.selections(ref), 'bulk'],
    mutationFn: async ({
      items,
      onProgress,
    }: {
      items: BulkItem[]
      onProgress?: (done: number, total: number) => void
    }): Promise<BulkResult> => {
      const failed: BulkItem[] = []
      const errors: unknown[] = []
      const uncertain: BulkItem[] = []
      let done = 0
      let updated = 0
      onProgress?.(0, items.length)
      const runChunk = async (part: BulkItem[]) => {
        try {
          const selections = await bulkSelectProvisionalGrades({
            ...ref,
            provisionalGradeIds: part.map((i) => i.gradeId),
            priority: 'read',
          })
          // Canvas omits unchanged selections; every id of a successful chunk is selected now.
          const confirmed = new Map(part.map((i) => [i.studentKey, i.gradeId]))
          for (const s of selections) confirmed.set(s.studentKey, s.selectedGradeId)
          qc.setQueryData(
            rosterKey,
            (r) =>
              r &&
              markManySelected(
                r,
                [...confirmed].map(([studentKey, selectedGradeId]) => ({ studentKey, selectedGradeId })),
              ),
          )
          updated += part.length
        } catch (error) {
          // A lost answer is not a failure: Canvas may have selected them (settle.ts). Read back below.
          if (isOutcomeUnknown(error)) uncertain.push(...part)
          else {
            failed.push(...part)
            errors.push(error)
          }
        }
        done += part.length
        onProgress?.(done, items.length)
      }
      await Promise.all(chunk(items, BULK_CHUNK_SIZE).map(runChunk))
      if (uncertain.length > 0) {
        // Canvas's truth for those students: the roster read again (one bulk action, rare enough for that).
        let held: SelectionsRead
        try {
          held = await readBack()
        } catch (error) {
          failed.push(...uncertain)
          errors.push(new OutcomeUnknownError(error))
          return { updated, failed, errors, reread: 0 }
        }
        const notSelected = uncertain.filter((i) => held.get(i.studentKey) !== i.gradeId)
        updated += uncertain.length - notSelected.length
        if (notSelected.length) {
          failed.push(...notSelected)
          errors.push(new Error('Canvas’s answer was lost; read back, these students’ grades were not selected.'))
        }
      }
      return { updated, failed, errors, reread: uncertain.length }
    },
  })
}
