import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { AssignmentRef } from '../../../canvas/keys'
import { bulkSelectProvisionalGrades } from '../../../canvas/provisional-grades'
import { markManySelected } from '../utils/mark-selected'
import { gradeQueries } from './grade-queries'
import { selectMutationKey } from './use-select-grade'

export const BULK_CHUNK_SIZE = 200
/** Chunks in flight at once: each touches different students, so they may run side by side. */
export const BULK_CONCURRENCY = 3

export interface BulkItem {
  studentKey: string
  studentLabel: string
  gradeId: number
}

export interface BulkResult {
  updated: number
  failed: BulkItem[]
  errors: unknown[]
}

export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * "Accept all grades from <grader>" (bulk_select, contract §2.5) in chunks of 200 ids (each request stays
 * small and fast), up to three chunks at a time (within the browser's connections, leaving room for others).
 * Each successful chunk is written to the cache as it lands; a failed chunk is reported by student so just
 * those can be retried. Canvas returns only the selections that changed.
 */
export function useBulkSelect(ref: AssignmentRef) {
  const qc = useQueryClient()
  const rosterKey = gradeQueries.roster(ref).queryKey
  return useMutation({
    mutationKey: [...selectMutationKey(ref), 'bulk'],
    mutationFn: async ({
      items,
      onProgress,
    }: {
      items: BulkItem[]
      onProgress?: (done: number, total: number) => void
    }): Promise<BulkResult> => {
      const failed: BulkItem[] = []
      const errors: unknown[] = []
      let done = 0
      let updated = 0
      onProgress?.(0, items.length)
      const queue = chunk(items, BULK_CHUNK_SIZE)
      const runChunk = async (part: BulkItem[]) => {
        try {
          const selections = await bulkSelectProvisionalGrades({
            ...ref,
            provisionalGradeIds: part.map((i) => i.gradeId),
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
          failed.push(...part)
          errors.push(error)
        }
        done += part.length
        onProgress?.(done, items.length)
      }
      const worker = async () => {
        for (let part = queue.shift(); part; part = queue.shift()) await runChunk(part)
      }
      await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, queue.length) }, worker))
      return { updated, failed, errors }
    },
  })
}
