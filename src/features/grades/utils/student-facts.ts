/**
 * What the grid says about a student beyond their grades: the test student, an enrolment that is no longer active,
 * an excused or never-submitted submission, late work, sections. The roster (gradeable_students) carries only the
 * test student flag; the rest comes from the course's enrolments and the assignment's submissions, joined by user
 * id — never onto anonymous rows, which must stay anonymous.
 */
import type { GradeableStudent } from '../../../canvas/types'

export type EnrollmentState = 'active' | 'invited' | 'inactive' | 'concluded'

export interface StudentFacts {
  /** Section names, in the course's order; empty when not known. */
  sections: readonly string[]
  /** null when not known (e.g. the enrolment list is still loading or could not be read). */
  enrollment: EnrollmentState | null
  excused: boolean
  /** false: Canvas has no submission from the student; null: not known. */
  submitted: boolean | null
  late: boolean
  /** Points Canvas's late policy takes off (on the gradebook score, when grades are published). */
  pointsDeducted: number | null
}

export interface Marker {
  /** Short, shown in the row header: "Test student", "Inactive". */
  label: string
  /** A sentence for the tooltip and the row header's accessible description. */
  description: string
  tone: 'neutral' | 'warn'
}

/** Markers in a fixed order: who the student is first, then their submission. */
export function markersOf(student: GradeableStudent, facts: StudentFacts | undefined): Marker[] {
  const out: Marker[] = []
  if (student.testStudent)
    out.push({
      label: 'Test student',
      description: 'Canvas’s Student View student: left out of the figures, but Canvas publishes its grade too.',
      tone: 'neutral',
    })
  if (facts?.enrollment === 'inactive')
    out.push({
      label: 'Inactive',
      description: 'Enrolment inactive: the student cannot see the course. Canvas still publishes their grade.',
      tone: 'warn',
    })
  if (facts?.enrollment === 'concluded')
    out.push({
      label: 'Concluded',
      description: 'Enrolment concluded: Canvas still publishes their grade.',
      tone: 'warn',
    })
  if (facts?.excused)
    out.push({ label: 'Excused', description: 'Excused from this assignment in Canvas.', tone: 'neutral' })
  else if (facts?.submitted === false)
    out.push({ label: 'Not submitted', description: 'Canvas has no submission from this student.', tone: 'neutral' })
  if (facts?.late && !facts.excused)
    out.push({
      label: 'Late',
      description:
        facts.pointsDeducted && facts.pointsDeducted > 0
          ? `Submitted late: Canvas’s late policy takes ${facts.pointsDeducted} points off the published score.`
          : 'Submitted late.',
      tone: 'warn',
    })
  return out
}
