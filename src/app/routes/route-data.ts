/**
 * What each screen's first render needs from Canvas, started as soon as the route matches: in parallel with the
 * download of the screen's own code, not after it. Its own small module (imported when a route matches) so that the
 * Canvas client and its schemas stay out of the entry chunk; the screens import the same modules, so nothing is
 * downloaded twice. Each screen then waits (useSuspenseQuery) for what it cannot render without.
 */
import type { QueryClient } from '@tanstack/react-query'
import type { AssignmentRef } from '../../canvas/keys'
import { assignmentQueries } from '../../features/assignments/api/assignment-queries'
import { courseQueries } from '../../features/courses/api/course-queries'
import { gradeQueries } from '../../features/grades/api/grade-queries'
import { selfQueries } from '../../features/session/api/self-queries'

export function prefetchHome(qc: QueryClient): void {
  // Both; the page renders its own loading states.
  void qc.prefetchQuery(courseQueries.mine())
  void qc.prefetchQuery(selfQueries.self())
}

export function prefetchModeration(qc: QueryClient, ref: AssignmentRef): void {
  // Everything starts now, together: roster page 1, names, self, and the assignment (the screen waits for it: the
  // header needs it).
  void qc.prefetchQuery(gradeQueries.roster(ref))
  void qc.prefetchQuery(courseQueries.graders(ref.courseId))
  void qc.prefetchQuery(selfQueries.self())
  void qc.prefetchQuery(assignmentQueries.detail(ref))
}

/** Same data as the moderation page (roster, grader names and the assignment), and the course's name. */
export function prefetchReport(qc: QueryClient, ref: AssignmentRef): void {
  void qc.prefetchQuery(courseQueries.detail(ref.courseId))
  prefetchModeration(qc, ref)
}
