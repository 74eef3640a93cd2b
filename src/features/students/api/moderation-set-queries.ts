import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { canvasPath, type AssignmentRef } from '../../../canvas/keys'
import { addModeratedStudents, listModeratedStudents } from '../../../canvas/moderation-set'
import { isOutcomeUnknownError, writeOrReread } from '../../../canvas/settle'
import { chunk } from '../../../lib/chunk'

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

/** One POST; a lost answer (settle.ts) is not a failure: the set is read back and counts who is in it. */
async function addOnce(ref: AssignmentRef, qc: QueryClient, studentIds: number[]): Promise<AddResult> {
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
}

/**
 * Adds students to the moderation set (contract §2.2). A lost answer (settle.ts) is not a failure: the set is read
 * back from Canvas and each student counts as added only if Canvas has them in it.
 */
export function useAddModeratedStudents(ref: AssignmentRef) {
  const qc = useQueryClient()
  return useMutation({
    mutationKey: [...moderationSetQueries.all(ref), 'add'],
    mutationFn: (studentIds: number[]) => addOnce(ref, qc, studentIds),
    onSettled: () => qc.invalidateQueries({ queryKey: moderationSetQueries.all(ref) }),
  })
}

/**
 * Ids per POST. Canvas sets no maximum (moderation_set_controller.rb reads `student_ids[]` whole), but a request
 * of 50 stays small, and a long list then shows progress and stops early if Canvas refuses.
 */
export const MODERATION_SET_CHUNK = 50

export interface ChunkedAddResult extends AddResult {
  /** In the request Canvas refused (`error` says why). */
  refused: number[]
  /** Sent, but Canvas's answer was lost and the set could not be read back: whether they are in it is not known. */
  unknown: number[]
  /** Not sent, because an earlier request failed. */
  unsent: number[]
  /** What stopped the run (Canvas refused, or an answer was lost for good); null when every request went through. */
  error: unknown
}

export interface ChunkedAddInput {
  studentIds: number[]
  /** `sending`: the ids sent so far, including the request in flight; `done`: the ids Canvas has answered for. */
  onProgress?: (p: { sending: number; done: number; total: number }) => void
}

/**
 * Adds many students in requests of MODERATION_SET_CHUNK ids, one after another. A refusal stops the run (the next
 * request would be refused too) and the rest are reported unsent; a lost answer is read back, as above. The set is
 * read again once at the end, not after every request.
 */
export function useAddModeratedStudentsInChunks(ref: AssignmentRef) {
  const qc = useQueryClient()
  return useMutation({
    mutationKey: [...moderationSetQueries.all(ref), 'add-chunks'],
    mutationFn: async ({ studentIds, onProgress }: ChunkedAddInput): Promise<ChunkedAddResult> => {
      const res: ChunkedAddResult = {
        added: [],
        notAdded: [],
        reread: false,
        refused: [],
        unknown: [],
        unsent: [],
        error: null,
      }
      const parts = chunk(studentIds, MODERATION_SET_CHUNK)
      let done = 0
      for (const [i, ids] of parts.entries()) {
        onProgress?.({ sending: done + ids.length, done, total: studentIds.length })
        try {
          const one = await addOnce(ref, qc, ids)
          res.added.push(...one.added)
          res.notAdded.push(...one.notAdded)
          res.reread ||= one.reread
        } catch (error) {
          if (isOutcomeUnknownError(error)) res.unknown.push(...ids)
          else res.refused.push(...ids)
          res.unsent = parts.slice(i + 1).flat()
          res.error = error
          break
        }
        done += ids.length
        onProgress?.({ sending: done, done, total: studentIds.length })
      }
      return res
    },
    onSettled: () => qc.invalidateQueries({ queryKey: moderationSetQueries.all(ref) }),
  })
}
