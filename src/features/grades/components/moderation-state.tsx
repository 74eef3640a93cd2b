import { useQuery } from '@tanstack/react-query'
import { isCanvasApiError } from '../../../canvas/errors'
import type { AssignmentRef } from '../../../canvas/keys'
import { plural } from '../../../lib/format'
import { gradeQueries } from '../api/grade-queries'
import { rosterReadiness } from '../utils/roster-figures'
import { publishReadiness } from '../utils/publish-readiness'

/**
 * "Needs selections (3 students)" / "Ready to publish" for an unpublished assignment. Cheap: the full roster
 * is used only when it is already in the cache (the assignment was opened); otherwise one page of 100 is
 * fetched, which is exact for up to 100 students and a lower bound ("at least") beyond that.
 */
export function ModerationState({ assignmentRef }: { assignmentRef: AssignmentRef }) {
  const roster = useQuery({ ...gradeQueries.roster(assignmentRef), enabled: false })
  const full = roster.data?.complete ? roster.data : undefined
  const first = useQuery({ ...gradeQueries.firstPage(assignmentRef), enabled: !full })
  if (full) {
    const r = rosterReadiness(full)
    return r.ready ? (
      <span className="pill pill--ready">Ready to publish</span>
    ) : (
      <span className="pill pill--warn">Needs selections ({plural(r.blockers.length, 'student')})</span>
    )
  }
  if (first.isPending) return <span className="pill">Checking…</span>
  if (first.isError) {
    if (isCanvasApiError(first.error) && first.error.kind === 'unauthorized')
      return <span className="pill">Awaiting the final grader</span>
    return <span className="pill pill--warn">State unavailable</span>
  }
  const r = publishReadiness(first.data.students)
  if (!first.data.more) {
    return r.ready ? (
      <span className="pill pill--ready">Ready to publish</span>
    ) : (
      <span className="pill pill--warn">Needs selections ({plural(r.blockers.length, 'student')})</span>
    )
  }
  return r.ready ? (
    <span
      className="pill"
      title="Only the first 100 students were checked here; open the assignment to check them all."
    >
      Over 100 students: open to check
    </span>
  ) : (
    <span className="pill pill--warn">Needs selections (at least {plural(r.blockers.length, 'student')})</span>
  )
}
