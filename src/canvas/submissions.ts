import { toProvisionalGrade } from './gradeable-students'
import { canvasRequest } from './http'
import type { AssignmentRef } from './keys'
import type { ProvisionalGrade } from './types'
import { submissionWire } from './wire/submissions'

/**
 * The moderator's custom grade (contract §1.5, §2.7): a provisional, final grade through the Submissions API.
 * Anonymous students are addressed by their submission anonymous id, never by user id.
 * Returns every provisional grade Canvas reports for the submission (moderators see all of them).
 */
export async function postCustomGrade(
  ref: AssignmentRef & { signal?: AbortSignal; postedGrade: string } & (
      { userId: number; anonymousId?: undefined } | { anonymousId: string; userId?: undefined }
    ),
): Promise<ProvisionalGrade[]> {
  const target =
    ref.anonymousId !== undefined
      ? `anonymous_submissions/${encodeURIComponent(ref.anonymousId)}`
      : `submissions/${ref.userId}`
  const { data } = await canvasRequest({
    method: 'PUT',
    path: `/courses/${ref.courseId}/assignments/${ref.assignmentId}/${target}`,
    json: { submission: { posted_grade: ref.postedGrade, provisional: true, final: true } },
    schema: submissionWire,
    signal: ref.signal,
  })
  return (data.provisional_grades ?? []).map(toProvisionalGrade)
}
