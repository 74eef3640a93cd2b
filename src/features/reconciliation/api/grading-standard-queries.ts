import { queryOptions } from '@tanstack/react-query'
import {
  getCourseGradingStandardId,
  getGradingStandard,
  listGradingStandards,
  type GradingStandard,
} from '../../../canvas/grading-standards'
import { canvasPath, type AssignmentRef } from '../../../canvas/keys'
import { resolveDefaultBoundaries } from '../utils/grading-scheme'

/** An assignment and its own scheme id (Assignment.gradingStandardId, already read with the assignment). */
export type SchemeRef = AssignmentRef & { gradingStandardId: number | null }

/**
 * The default boundaries for an assignment's rules: the course's `grading_standard_id` and the course's schemes,
 * both requests at once (the assignment's own id comes with the assignment); a scheme missing from the list is
 * asked for by id (Canvas answers 404 for account schemes, which then fall through to the next choice).
 */
async function loadDefaultBoundaries(ref: SchemeRef, signal: AbortSignal) {
  const [course, listed] = await Promise.all([
    getCourseGradingStandardId({ courseId: ref.courseId, signal }),
    listGradingStandards({ courseId: ref.courseId, signal }),
  ])
  const ids = { assignment: ref.gradingStandardId, course }
  const standards: GradingStandard[] = [...listed]
  for (const id of new Set([ids.assignment, ids.course])) {
    if (id === null || standards.some((s) => s.id === id)) continue
    const one = await getGradingStandard({ courseId: ref.courseId, id, signal })
    if (one) standards.push(one)
  }
  return resolveDefaultBoundaries(ids, standards)
}

export const gradingStandardQueries = {
  defaultBoundaries: (ref: SchemeRef) =>
    queryOptions({
      queryKey: [
        ...canvasPath.assignment(ref),
        'grading_standards',
        'default-boundaries',
        { assignmentScheme: ref.gradingStandardId },
      ] as const,
      queryFn: ({ signal }) => loadDefaultBoundaries(ref, signal),
      staleTime: 5 * 60_000,
    }),
}
