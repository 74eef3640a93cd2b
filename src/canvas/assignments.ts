import { canvasRequest } from './http'
import type { AssignmentRef } from './keys'
import { parseLeniently, type LenientList } from './lenient'
import { fetchList } from './pagination'
import type { Assignment } from './types'
import { assignmentGroupEnvelopeWire, assignmentWire, type AssignmentWire } from './wire/assignments'

/**
 * Old assignments carry null (servers before about 2018: nothing) in the moderation columns (wire/assignments.ts).
 * The defaults are the ones that claim and reveal nothing:
 * - `moderated_grading` null → not moderated (Canvas's own checks treat nil as false);
 * - `grader_count` null → unknown (null), not 0;
 * - `final_grader_id` null → no final grader;
 * - `grader_names_visible_to_final_grader` null → false: grader names hidden from the final grader;
 * - `anonymous_grading` absent → true: students treated as anonymous (labels only, never names, in exports).
 */
export function toAssignment(w: AssignmentWire): Assignment {
  const moderated = w.moderated_grading ?? false
  const anonymousGrading = w.anonymous_grading ?? true
  return {
    id: w.id,
    courseId: w.course_id,
    name: w.name,
    pointsPossible: w.points_possible,
    gradingType: w.grading_type,
    gradingStandardId: w.grading_standard_id ?? null,
    groupCategoryId: w.group_category_id ?? null,
    moderatedGrading: moderated,
    graderCount: w.grader_count ?? null,
    finalGraderId: w.final_grader_id ?? null,
    graderNamesVisibleToFinalGrader: w.grader_names_visible_to_final_grader ?? false,
    anonymousGrading,
    anonymizeStudents: w.anonymize_students ?? anonymousGrading,
    // Non-moderated assignments always count as published (contract §1.1).
    gradesPublished: moderated ? w.grades_published : true,
    muted: w.muted,
  }
}

export async function getAssignment({
  courseId,
  assignmentId,
  signal,
}: AssignmentRef & { signal?: AbortSignal }): Promise<Assignment> {
  const { data } = await canvasRequest({
    path: `/courses/${courseId}/assignments/${assignmentId}`,
    schema: assignmentWire,
    signal,
  })
  return toAssignment(data)
}

/**
 * The Assignment Groups API is the only one that reports `grades_published` (contract §4).
 * `assignment_ids[]` narrows the payload where Canvas supports it; we filter again client-side either way.
 * Assignments are read one by one: one that cannot be read is in `skipped` (a whole group that cannot be read
 * counts as one), and the others are still listed.
 */
export async function listCourseAssignments({
  courseId,
  assignmentIds,
  signal,
}: {
  courseId: number
  assignmentIds?: number[]
  signal?: AbortSignal
}): Promise<LenientList<Assignment>> {
  const groups = await fetchList({
    path: `/courses/${courseId}/assignment_groups`,
    query: { 'include[]': ['assignments', 'grades_published'], 'assignment_ids[]': assignmentIds, per_page: 100 },
    item: assignmentGroupEnvelopeWire,
    signal,
    lenient: true,
  })
  const items: Assignment[] = []
  const skipped = [...groups.skipped]
  for (const group of groups.items) {
    const read = parseLeniently(group.assignments ?? [], assignmentWire)
    items.push(...read.items.map(toAssignment))
    skipped.push(...read.skipped)
  }
  if (!assignmentIds) return { items, skipped }
  const wanted = (id: number | undefined) => id === undefined || assignmentIds.includes(id)
  return { items: items.filter((a) => wanted(a.id)), skipped: skipped.filter((s) => wanted(s.id)) }
}

/** The assignment plus its publish state: both requests start together. */
export async function getAssignmentWithPublishState(
  ref: AssignmentRef & { signal?: AbortSignal },
): Promise<Assignment> {
  const [assignment, fromGroups] = await Promise.all([
    getAssignment(ref),
    listCourseAssignments({ courseId: ref.courseId, assignmentIds: [ref.assignmentId], signal: ref.signal }),
  ])
  const published = fromGroups.items.find((a) => a.id === ref.assignmentId)?.gradesPublished
  return {
    ...assignment,
    gradesPublished: assignment.moderatedGrading ? (published ?? assignment.gradesPublished) : true,
  }
}
