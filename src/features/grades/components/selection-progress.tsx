import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import type { AssignmentRef } from '../../../canvas/keys'
import { formatCount } from '../../../lib/format'
import { gradeQueries } from '../api/grade-queries'
import { rosterSelectionCounts } from '../utils/roster-figures'

/** "41 of 60 students have a selected grade" (the test student not among them). */
export function SelectionProgress({ assignmentRef }: { assignmentRef: AssignmentRef }) {
  const roster = useQuery({ ...gradeQueries.roster(assignmentRef), enabled: false })
  const counts = useMemo(() => rosterSelectionCounts(roster.data), [roster.data])
  if (!roster.data) return null
  const pct = counts.total ? Math.round((counts.selected / counts.total) * 100) : 0
  return (
    <div className="selection-progress">
      <p>
        {formatCount(counts.selected)} of {formatCount(counts.total)} students have a selected grade
        {roster.data.complete ? '' : ' (still loading)'}
        {roster.data.notShown ? ` (${formatCount(roster.data.notShown)} more could not be shown)` : ''}
        {counts.testStudents ? '; the test student is not counted' : ''}
      </p>
      <div className="meter" aria-hidden="true">
        <div className="meter__fill" style={{ width: `${pct}%` }} />
      </div>
    </div>
  )
}
