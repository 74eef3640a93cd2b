/**
 * What each screen's first render needs from Canvas, started as soon as the route matches: in parallel with the
 * download of the screen's own code, not after it. Its own small module (imported as the app starts, router.tsx) so
 * that the Canvas client and its schemas stay out of the entry chunk; the screens import the same modules, so nothing is
 * downloaded twice. Each returns what the screen waits for before it renders (null: nothing, or it is cached), as
 * the data router's loaders awaited it.
 */
import type { QueryClient } from '@tanstack/react-query'
import type { AssignmentRef } from '../../canvas/keys'
import { assignmentQueries } from '../../features/assignments/api/assignment-queries'
import { courseQueries } from '../../features/courses/api/course-queries'
import { gradeQueries } from '../../features/grades/api/grade-queries'
import { selfQueries } from '../../features/session/api/self-queries'

export function prefetchHome(qc: QueryClient): null {
  // Both; the page renders its own loading states.
  void qc.prefetchQuery(courseQueries.mine())
  void qc.prefetchQuery(selfQueries.self())
  return null
}

export function prefetchModeration(qc: QueryClient, ref: AssignmentRef): Promise<unknown> | null {
  // Everything starts now, together: roster page 1, names, self, and the assignment (awaited: the header needs it).
  void qc.prefetchQuery(gradeQueries.roster(ref))
  void qc.prefetchQuery(courseQueries.graders(ref.courseId))
  void qc.prefetchQuery(selfQueries.self())
  const assignment = assignmentQueries.detail(ref)
  return qc.getQueryData(assignment.queryKey) === undefined ? qc.ensureQueryData(assignment) : null
}

/** Same data as the moderation page (roster, grader names and the assignment), and the course's name. */
export function prefetchReport(qc: QueryClient, ref: AssignmentRef): Promise<unknown> | null {
  void qc.prefetchQuery(courseQueries.detail(ref.courseId))
  return prefetchModeration(qc, ref)
}
