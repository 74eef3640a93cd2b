import { canvasRequest } from './http'
import type { AssignmentRef } from './keys'
import { fetchAllPages } from './pagination'
import type { Assignment } from './types'
import { assignmentGroupWire, assignmentWire, type AssignmentWire } from './wire/assignments'

export function toAssignment(w: AssignmentWire): Assignment {
  return {
    id: w.id,
    courseId: w.course_id,
    name: w.name,
    pointsPossible: w.points_possible,
    gradingType: w.grading_type,
    moderatedGrading: w.moderated_grading,
    graderCount: w.grader_count,
    finalGraderId: w.final_grader_id,
    graderNamesVisibleToFinalGrader: w.grader_names_visible_to_final_grader,
    anonymousGrading: w.anonymous_grading,
    anonymizeStudents: w.anonymize_students ?? w.anonymous_grading,
    // Non-moderated assignments always count as published (contract §1.1).
    gradesPublished: w.moderated_grading ? w.grades_published : true,
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
 */
export async function listCourseAssignments({
  courseId,
  assignmentIds,
  signal,
}: {
  courseId: number
  assignmentIds?: number[]
  signal?: AbortSignal
}): Promise<Assignment[]> {
  const groups = await fetchAllPages({
    path: `/courses/${courseId}/assignment_groups`,
    query: { 'include[]': ['assignments', 'grades_published'], 'assignment_ids[]': assignmentIds, per_page: 100 },
    item: assignmentGroupWire,
    signal,
  })
  const all = groups.flatMap((g) => (g.assignments ?? []).map(toAssignment))
  return assignmentIds ? all.filter((a) => assignmentIds.includes(a.id)) : all
}

/** The assignment plus its publish state: both requests start together. */
export async function getAssignmentWithPublishState(
  ref: AssignmentRef & { signal?: AbortSignal },
): Promise<Assignment> {
  const [assignment, fromGroups] = await Promise.all([
    getAssignment(ref),
    listCourseAssignments({ courseId: ref.courseId, assignmentIds: [ref.assignmentId], signal: ref.signal }),
  ])
  const published = fromGroups.find((a) => a.id === ref.assignmentId)?.gradesPublished
  return {
    ...assignment,
    gradesPublished: assignment.moderatedGrading ? (published ?? assignment.gradesPublished) : true,
  }
}
