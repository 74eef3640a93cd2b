import { useQuery } from '@tanstack/react-query'
import { isCanvasApiError } from '../../../canvas/errors'
import type { AssignmentRef } from '../../../canvas/keys'
import { plural } from '../../../lib/format'
import { gradeQueries } from '../api/grade-queries'
import { publishReadiness } from '../utils/publish-readiness'
import { rosterStudents } from '../utils/roster'

/** "Needs selections (3)" / "Ready to publish" for an unpublished assignment (shares the roster cache). */
export function ModerationState({ assignmentRef }: { assignmentRef: AssignmentRef }) {
  const roster = useQuery(gradeQueries.roster(assignmentRef))
  if (roster.isPending) return <span className="pill">Checking…</span>
  if (roster.isError && !roster.data) {
    if (isCanvasApiError(roster.error) && roster.error.kind === 'unauthorized') return <span className="pill">Awaiting the final grader</span>
    return <span className="pill pill--warn">State unavailable</span>
  }
  if (!roster.data.complete) return <span className="pill">Checking…</span>
  const r = publishReadiness(rosterStudents(roster.data))
  return r.ready ? (
    <span className="pill pill--ready">Ready to publish</span>
  ) : (
    <span className="pill pill--warn">Needs selections ({plural(r.blockers.length, 'student')})</span>
  )
}
