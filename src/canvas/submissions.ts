import { toProvisionalGrade } from './gradeable-students'
import { canvasRequest } from './http'
import type { AssignmentRef } from './keys'
import type { GradeableStudent, ProvisionalGrade } from './types'
import { submissionWire } from './wire/submissions'

/** What Canvas needs to address a student's submission (a roster row has it). */
export type SubmissionStudent = Pick<GradeableStudent, 'userId' | 'anonymousId' | 'anonymous'>

/**
 * The moderator's custom grade (contract §1.5, §2.7): a provisional, final grade through the Submissions API.
 * Anonymous students are addressed by their submission anonymous id, never by user id (a row without a user id
 * is anonymous to the caller too).
 * Returns every provisional grade Canvas reports for the submission (moderators see all of them).
 */
export async function postCustomGrade(
  ref: AssignmentRef & { signal?: AbortSignal; student: SubmissionStudent; postedGrade: string },
): Promise<ProvisionalGrade[]> {
  const { student } = ref
  const target =
    student.anonymous || student.userId === undefined
      ? `anonymous_submissions/${encodeURIComponent(student.anonymousId)}`
      : `submissions/${student.userId}`
  const { data } = await canvasRequest({
    method: 'PUT',
    path: `/courses/${ref.courseId}/assignments/${ref.assignmentId}/${target}`,
    json: { submission: { posted_grade: ref.postedGrade, provisional: true, final: true } },
    schema: submissionWire,
    signal: ref.signal,
  })
  return (data.provisional_grades ?? []).map(toProvisionalGrade)
}
