import { z } from './zod'
import { toProvisionalGrade, toSelection } from './gradeable-students'
import { canvasRequest } from './http'
import type { RequestPriority } from './throttle'
import type { AssignmentRef } from './keys'
import type { ProvisionalGrade, Selection } from './types'
import { bulkSelectionWire, messageWire, provisionalGradeStatusWire, selectionWire } from './wire/moderation'

type WithSignal = { signal?: AbortSignal }

function base({ courseId, assignmentId }: AssignmentRef) {
  return `/courses/${courseId}/assignments/${assignmentId}`
}

/** PUT …/provisional_grades/:id/select (contract §2.4). */
export async function selectProvisionalGrade(
  ref: AssignmentRef & WithSignal & { provisionalGradeId: number },
): Promise<Selection> {
  const { data } = await canvasRequest({
    method: 'PUT',
    path: `${base(ref)}/provisional_grades/${ref.provisionalGradeId}/select`,
    schema: selectionWire,
    signal: ref.signal,
  })
  return toSelection(data)
}

/**
 * PUT …/provisional_grades/bulk_select with a JSON body (§2.5). Returns only the selections that changed.
 * `priority`: a bulk action's chunks queue as `read`, so that a single selection clicked meanwhile (a
 * `user-action`) goes ahead of the chunks still waiting.
 */
export async function bulkSelectProvisionalGrades(
  ref: AssignmentRef & WithSignal & { provisionalGradeIds: number[]; priority?: RequestPriority },
): Promise<Selection[]> {
  const { data } = await canvasRequest({
    method: 'PUT',
    path: `${base(ref)}/provisional_grades/bulk_select`,
    json: { provisional_grade_ids: ref.provisionalGradeIds },
    schema: bulkSelectionWire,
    signal: ref.signal,
    priority: ref.priority,
  })
  return data.map(toSelection)
}

/** POST …/provisional_grades/publish (§2.6). Irreversible. */
export async function publishProvisionalGrades(ref: AssignmentRef & WithSignal): Promise<void> {
  await canvasRequest({
    method: 'POST',
    path: `${base(ref)}/provisional_grades/publish`,
    schema: z.union([messageWire, z.unknown()]),
    signal: ref.signal,
  })
}

export interface ProvisionalGradeStatus {
  /** Whether the caller can still add a provisional grade (about the caller's grader slot, not the student). */
  needsProvisionalGrade: boolean
}

/** GET …/provisional_grades/status?student_id= or …/anonymous_provisional_grades/status?anonymous_id= (§2.3). */
export async function getProvisionalGradeStatus(
  ref: AssignmentRef &
    WithSignal &
    ({ studentId: number; anonymousId?: undefined } | { anonymousId: string; studentId?: undefined }),
): Promise<ProvisionalGradeStatus> {
  const { data } =
    ref.anonymousId !== undefined
      ? await canvasRequest({
          path: `${base(ref)}/anonymous_provisional_grades/status`,
          query: { anonymous_id: ref.anonymousId },
          schema: provisionalGradeStatusWire,
          signal: ref.signal,
        })
      : await canvasRequest({
          path: `${base(ref)}/provisional_grades/status`,
          query: { student_id: ref.studentId },
          schema: provisionalGradeStatusWire,
          signal: ref.signal,
        })
  return { needsProvisionalGrade: data.needs_provisional_grade }
}

/** A student's provisional grades and selection as Canvas holds them now (readStudentModeration). */
export interface StudentModeration {
  grades: ProvisionalGrade[]
  selectedGradeId: number | null
}

/**
 * Re-reads one student's provisional grades and which one is selected, for a moderator: the status endpoint with a
 * `last_updated_at` that differs from the submission's `updated_at` (any will do: the epoch) returns every
 * provisional grade with `selected` (ProvisionalGradesBaseController#status, contract §2.3). Used after a write whose
 * answer was lost: what Canvas holds decides what the page shows, not what the page hoped.
 */
export async function readStudentModeration(
  ref: AssignmentRef & WithSignal & { student: { userId?: number; anonymousId: string; anonymous: boolean } },
): Promise<StudentModeration> {
  const anonymous = ref.student.anonymous || ref.student.userId === undefined
  const { data } = await canvasRequest({
    path: anonymous ? `${base(ref)}/anonymous_provisional_grades/status` : `${base(ref)}/provisional_grades/status`,
    query: {
      ...(anonymous ? { anonymous_id: ref.student.anonymousId } : { student_id: ref.student.userId }),
      last_updated_at: '1970-01-01T00:00:00Z',
    },
    schema: provisionalGradeStatusWire,
    signal: ref.signal,
  })
  const wires = [
    ...(data.provisional_grades ?? []),
    ...(data.final_provisional_grade ? [data.final_provisional_grade] : []),
  ]
  return {
    grades: wires.map(toProvisionalGrade),
    selectedGradeId: wires.find((w) => w.selected === true)?.provisional_grade_id ?? null,
  }
}
