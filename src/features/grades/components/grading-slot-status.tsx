import { useQuery } from '@tanstack/react-query'
import { useId, useMemo, useState } from 'react'
import type { AssignmentRef } from '../../../canvas/keys'
import { describeError } from '../../../lib/describe-error'
import { gradeQueries } from '../api/grade-queries'
import { rosterStudents } from '../utils/roster'

/**
 * Canvas's provisional grade status (contract §2.3) answers whether *the caller* can still add a provisional
 * grade (a grader slot is free or already theirs) — asked about one student, but not about that student.
 */
export function GradingSlotStatus({ assignmentRef: ref }: { assignmentRef: AssignmentRef }) {
  const roster = useQuery({ ...gradeQueries.roster(ref), enabled: false })
  const students = useMemo(() => rosterStudents(roster.data), [roster.data])
  const [key, setKey] = useState('')
  const [asked, setAsked] = useState<string | null>(null)
  const selectId = useId()
  const student = students.find((s) => s.key === asked)
  const status = useQuery({
    ...gradeQueries.status(ref, student ?? { anonymousId: '', anonymous: true }),
    enabled: !!student,
  })

  if (students.length === 0) return null
  return (
    <section className="section panel" aria-labelledby="slot-heading">
      <h2 id="slot-heading">Your grading slot</h2>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault()
          setAsked(key || students[0]!.key)
        }}
      >
        <div className="field">
          <label htmlFor={selectId}>Student</label>
          <select id={selectId} value={key || students[0]!.key} onChange={(e) => setKey(e.target.value)}>
            {students.slice(0, 500).map((s) => (
              <option key={s.key} value={s.key}>
                {s.displayName}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          Check grading slot
        </button>
      </form>
      <p role="status" className="message">
        {!student
          ? ''
          : status.isPending
            ? 'Checking…'
            : status.isError
              ? `Could not check: ${describeError(status.error)}`
              : status.data.needsProvisionalGrade
                ? `You can still add a provisional grade (asked for ${student.displayName}).`
                : `You cannot add a provisional grade: all grader slots are taken (asked for ${student.displayName}).`}
      </p>
    </section>
  )
}
