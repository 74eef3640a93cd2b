import { queryOptions } from '@tanstack/react-query'
import {
  getGradingStandard,
  getGradingStandardIds,
  listGradingStandards,
  type GradingStandard,
} from '../../../canvas/grading-standards'
import { canvasPath, type AssignmentRef } from '../../../canvas/keys'
import { resolveDefaultBoundaries } from '../utils/grading-scheme'

/**
 * The default boundaries for an assignment's rules: the assignment's and course's `grading_standard_id` and the
 * course's schemes, all three requests at once; a scheme missing from the list is asked for by id (Canvas answers
 * 404 for account schemes, which then fall through to the next choice).
 */
async function loadDefaultBoundaries(ref: AssignmentRef, signal: AbortSignal) {
  const [ids, listed] = await Promise.all([
    getGradingStandardIds({ ...ref, signal }),
    listGradingStandards({ courseId: ref.courseId, signal }),
  ])
  const standards: GradingStandard[] = [...listed]
  for (const id of new Set([ids.assignment, ids.course])) {
    if (id === null || standards.some((s) => s.id === id)) continue
    const one = await getGradingStandard({ courseId: ref.courseId, id, signal })
    if (one) standards.push(one)
  }
  return resolveDefaultBoundaries(ids, standards)
}

export const gradingStandardQueries = {
  defaultBoundaries: (ref: AssignmentRef) =>
    queryOptions({
      queryKey: [...canvasPath.assignment(ref), 'grading_standards', 'default-boundaries'] as const,
      queryFn: ({ signal }) => loadDefaultBoundaries(ref, signal),
      staleTime: 5 * 60_000,
    }),
}
