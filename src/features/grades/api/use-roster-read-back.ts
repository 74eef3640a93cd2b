import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { AssignmentRef } from '../../../canvas/keys'
import { rosterStudents } from '../utils/roster'
import { gradeQueries } from './grade-queries'

/** Every student's selected grade id as Canvas holds it, keyed by student key. */
export type SelectionsRead = ReadonlyMap<string, number | null>

/**
 * Reads the roster again from Canvas and returns every student's selection: what a bulk write whose answers were
 * lost is checked against (one read for any number of students, and bulk actions that lose answers are rare).
 * Rejects if the roster cannot be read completely: a partial read cannot tell what happened to the rest.
 */
export function useRosterReadBack(ref: AssignmentRef): () => Promise<SelectionsRead> {
  const qc = useQueryClient()
  return useCallback(async () => {
    const { queryKey } = gradeQueries.roster(ref)
    await qc.refetchQueries({ queryKey, exact: true }, { throwOnError: true })
    const roster = qc.getQueryData(queryKey)
    if (!roster?.complete) throw new Error('The students could not all be read back from Canvas.')
    return new Map(rosterStudents(roster).map((s) => [s.key, s.selectedGradeId]))
  }, [qc, ref])
}
