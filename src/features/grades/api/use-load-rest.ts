import { useMutation, useQueryClient } from '@tanstack/react-query'
import { streamGradeableStudentPages } from '../../../canvas/gradeable-students'
import type { AssignmentRef } from '../../../canvas/keys'
import { coalesce } from '../../../lib/coalesce'
import { applyRosterChunk, missingPages, type Roster } from '../utils/roster'
import { gradeQueries } from './grade-queries'

/** Pages landing within this long of each other go into one cache update (as the roster's own stream does). */
const UPDATE_INTERVAL_MS = 250

/**
 * "Load the rest": after the roster stopped with pages missing, ask Canvas for just those pages and put each into
 * the roster as it lands. When every page is in, the roster is complete. A roster that never learnt how many pages
 * there are (no `last` link) has nothing to count from, so it is read again from the start.
 */
export function useLoadRest(ref: AssignmentRef) {
  const qc = useQueryClient()
  const { queryKey } = gradeQueries.roster(ref)
  return useMutation({
    mutationKey: [...queryKey, 'rest'],
    mutationFn: async (): Promise<void> => {
      const roster = qc.getQueryData<Roster>(queryKey)
      const pages = roster ? missingPages(roster) : null
      if (!roster || pages === null || roster.totalPages === undefined) {
        await qc.refetchQueries({ queryKey, exact: true }, { throwOnError: true })
        return
      }
      const stream = streamGradeableStudentPages({
        ...ref,
        pages,
        totalPages: roster.totalPages,
        perPage: roster.perPage,
      })
      for await (const landed of coalesce(stream, UPDATE_INTERVAL_MS))
        qc.setQueryData<Roster>(queryKey, (r) => r && applyRosterChunk(r, { type: 'pages', pages: landed }))
      qc.setQueryData<Roster>(queryKey, (r) =>
        r && missingPages(r)?.length === 0 ? applyRosterChunk(r, { type: 'done' }) : r,
      )
    },
  })
}
