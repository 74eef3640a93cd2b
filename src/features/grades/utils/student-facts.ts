/**
 * What the grid says about a student beyond their grades: the test student, an enrolment that is no longer active,
 * an excused or never-submitted submission, late work, sections. The roster (gradeable_students) carries only the
 * test student flag; the rest comes from the course's enrolments and the assignment's submissions, joined by user
 * id — never onto anonymous rows, which must stay anonymous.
 */
import type { CourseStudent, EnrollmentState as CanvasEnrollmentState } from '../../../canvas/enrollments'
import type { Section } from '../../../canvas/sections'
import type { SubmissionState } from '../../../canvas/submission-states'
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
  /** The SIS user id, where Canvas shows it to the caller (searchable). */
  sisUserId?: string | null
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

/** Facts by student key, and the section names that students are in (course order), for the filter. */
export interface StudentFactsIndex {
  byKey: ReadonlyMap<string, StudentFacts>
  sectionNames: string[]
}

function enrollmentOf(state: CanvasEnrollmentState | undefined): EnrollmentState | null {
  switch (state) {
    case 'active':
      return 'active'
    case 'invited':
    case 'creation_pending':
      return 'invited'
    case 'inactive':
      return 'inactive'
    case 'completed':
      return 'concluded'
    default:
      return null
  }
}

/**
 * One facts object per student key from the three Canvas lists, any of which may be missing. Named students are
 * joined on user id; an anonymous submission row (`a:` key) brings only its own submission facts. Canvas's
 * submissions list leaves out inactive and concluded students: for them "submitted" stays unknown, not "no".
 */
export function joinStudentFacts(input: {
  sections: readonly Section[] | undefined
  students: readonly CourseStudent[] | undefined
  states: readonly SubmissionState[] | undefined
}): StudentFactsIndex {
  const sectionName = new Map((input.sections ?? []).map((s) => [s.id, s.name]))
  const order = new Map((input.sections ?? []).map((s, i) => [s.id, i]))
  const states = new Map((input.states ?? []).map((s) => [s.key, s]))
  const byKey = new Map<string, StudentFacts>()
  const used = new Set<number>()
  const put = (key: string, student: CourseStudent | undefined) => {
    const state = states.get(key)
    const ids = [...(student?.sectionIds ?? [])].sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9))
    for (const id of ids) used.add(id)
    byKey.set(key, {
      sections: ids.flatMap((id) => (sectionName.has(id) ? [sectionName.get(id)!] : [])),
      enrollment: enrollmentOf(student?.state),
      excused: state?.excused ?? false,
      submitted: state ? state.workflowState !== 'unsubmitted' || state.submittedAt !== null : null,
      late: state?.late ?? false,
      pointsDeducted: state?.pointsDeducted ?? null,
      sisUserId: student?.sisUserId ?? null,
    })
  }
  for (const student of input.students ?? []) put(`u:${student.userId}`, student)
  for (const key of states.keys()) if (!byKey.has(key)) put(key, undefined)
  const sectionNames = (input.sections ?? []).filter((s) => used.has(s.id)).map((s) => s.name)
  return { byKey, sectionNames }
}

/** Sections by student key, for exports and the report; undefined unless the students are in several sections. */
export function sectionsByKey(
  index: StudentFactsIndex | undefined,
): ReadonlyMap<string, readonly string[]> | undefined {
  if (!index || index.sectionNames.length < 2) return undefined
  return new Map([...index.byKey].map(([key, f]) => [key, f.sections]))
}
