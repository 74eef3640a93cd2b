import { useQuery } from '@tanstack/react-query'
import { useDeferredValue, useId, useMemo, useRef, useState } from 'react'
import type { AssignmentRef } from '../../../canvas/keys'
import type { GradeableStudent } from '../../../canvas/types'
import { describeError } from '../../../lib/describe-error'
import { gradeQueries } from '../api/grade-queries'
import { rosterStudents } from '../utils/roster'

/**
 * Canvas's provisional grade status (contract §2.3) answers whether *the caller* can still add a provisional
 * grade (a grader slot is free or already theirs) — asked about one student, but not about that student.
 */
export function GradingSlotStatus({ assignmentRef: ref }: { assignmentRef: AssignmentRef }) {
  const roster = useQuery({ ...gradeQueries.roster(ref), enabled: false })
  // Behind the grid: a selection is painted first, then this list follows (a render React may interrupt).
  const students = rosterStudents(useDeferredValue(roster.data))
  const [key, setKey] = useState('')
  const [asked, setAsked] = useState<string | null>(null)
  // The list's options are rendered once the moderator reaches for it (pointer, focus): until then only the chosen
  // student's, which is all a closed list shows. Some 500 options were most of the page's elements, and the browser
  // styled them all again whenever the whole page's style changed (a dialog opening or closing makes the page
  // inert), at 4x CPU throttling some 10 ms each time (issue #17).
  const [reached, setReached] = useState(false)
  const selectId = useId()
  const student = asked === null ? undefined : students.find((s) => s.key === asked)
  // The first 500 students (the list's limit): the same option elements, so nothing renders again, while their
  // keys and names stay the same (a selection replaces student objects, not names).
  const shown = useRef<readonly GradeableStudent[]>([])
  const first = students.slice(0, 500)
  if (
    first.length !== shown.current.length ||
    first.some((s, i) => s.key !== shown.current[i]!.key || s.displayName !== shown.current[i]!.displayName)
  )
    shown.current = first
  const options = useMemo(
    () =>
      reached
        ? shown.current.map((s) => (
            <option key={s.key} value={s.key}>
              {s.displayName}
            </option>
          ))
        : null,
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the ref's array is the dependency
    [shown.current, reached],
  )
  const status = useQuery({
    ...gradeQueries.status(ref, student ?? { anonymousId: '', anonymous: true }),
    enabled: !!student,
  })

  if (students.length === 0) return null
  const value = key || students[0]!.key
  const chosen = shown.current.find((s) => s.key === value) ?? students[0]!
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
          <select
            id={selectId}
            value={value}
            onChange={(e) => setKey(e.target.value)}
            // Pointer down comes before the browser opens the list, focus before a key can move through it: the
            // options are in place by then (React renders a discrete event's update before the event returns).
            onPointerDown={() => setReached(true)}
            onFocus={() => setReached(true)}
          >
            {options ?? (
              <option key={chosen.key} value={chosen.key}>
                {chosen.displayName}
              </option>
            )}
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
