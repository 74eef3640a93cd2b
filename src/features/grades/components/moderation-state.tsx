import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { isCanvasApiError } from '../../../canvas/errors'
import type { AssignmentRef } from '../../../canvas/keys'
import { formatCount, plural } from '../../../lib/format'
import { STUDENT_NOUN, unreadableSentence } from '../../../lib/skipped-text'
import { gradeQueries } from '../api/grade-queries'
import { rosterReadiness } from '../utils/roster-figures'
import { loadedCount } from '../utils/roster'
import { publishReadiness, type PublishReadiness } from '../utils/publish-readiness'

/** The pill for what is known: `partial` when only the first page of a larger roster was checked. */
function StatePill({ readiness: r, partial }: { readiness: PublishReadiness; partial: boolean }) {
  if (r.blockers.length > 0) {
    return (
      <span className="pill pill--warn">
        Needs selections (
        {partial ? `${formatCount(r.blockers.length)}+ students` : plural(r.blockers.length, 'student')}
        {partial ? ' in the first 100' : ''})
      </span>
    )
  }
  if (r.notShown > 0) {
    return (
      <span className="pill pill--warn" title={unreadableSentence(r.notShown, STUDENT_NOUN)}>
        Roster incomplete: {plural(r.notShown, 'student')} not shown
      </span>
    )
  }
  if (partial) {
    return (
      <span
        className="pill"
        title="Only the first 100 students were checked here; open the assignment to check them all."
      >
        Over 100 students: open to check
      </span>
    )
  }
  return <span className="pill pill--ready">Ready to publish</span>
}

/**
 * "Needs selections (3 students)" / "Ready to publish" for an unpublished assignment. Cheap: the full roster
 * is used only when it is already in the cache (the assignment was opened); otherwise one page of 100 is
 * fetched, which is exact for up to 100 students and a lower bound ("66+ students") beyond that, with "Count all"
 * to load the whole roster and make it exact. A roster with
 * rows that could not be read is never "Ready to publish": nothing is known about those students.
 */
export function ModerationState({
  assignmentRef,
  noFinalGrader = false,
}: {
  assignmentRef: AssignmentRef
  /** Canvas names no final grader (old assignments): only an administrator who may select final grades moderates. */
  noFinalGrader?: boolean
}) {
  const [counting, setCounting] = useState(false)
  // "Count all" loads the whole roster (as opening the assignment does): the count is then exact.
  const roster = useQuery({ ...gradeQueries.roster(assignmentRef), enabled: counting })
  const full = roster.data?.complete ? roster.data : undefined
  const first = useQuery({ ...gradeQueries.firstPage(assignmentRef), enabled: !full })
  if (full) return <StatePill readiness={rosterReadiness(full)} partial={false} />
  if (counting && roster.data)
    return (
      <span className="pill" role="status">
        Counting… {formatCount(loadedCount(roster.data))} students checked
      </span>
    )
  if (first.isPending) return <span className="pill">Checking…</span>
  if (first.isError) {
    // Canvas shows the moderation data to the final grader and to administrators with "select final grade"
    // (abstract_assignment.rb#permits_moderation?, contract §1).
    if (isCanvasApiError(first.error) && first.error.kind === 'unauthorized')
      return noFinalGrader ? (
        <span className="pill" title="No final grader is set in Canvas: an administrator moderates this assignment.">
          Awaiting an administrator
        </span>
      ) : (
        <span className="pill">Awaiting the final grader</span>
      )
    return <span className="pill pill--warn">State unavailable</span>
  }
  const partial = first.data.more
  return (
    <>
      <StatePill readiness={publishReadiness(first.data.students, first.data.skipped)} partial={partial} />
      {partial ? (
        <button type="button" className="button button--small" onClick={() => setCounting(true)} disabled={counting}>
          {counting ? 'Counting…' : 'Count all'}
        </button>
      ) : null}
    </>
  )
}
