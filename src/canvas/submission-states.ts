/**
 * The state of each student's submission to an assignment: handed in or not, excused, late, missing, and what a late
 * policy took off. GET /api/v1/courses/:course_id/assignments/:assignment_id/submissions (SubmissionsApiController#index):
 *
 * - the rows are the submissions of `apply_enrollment_visibility(@context.student_enrollments, @current_user)`, so
 *   inactive and concluded students are not in the list (Course#student_enrollments leaves them out) and a
 *   section-limited caller gets their sections' students only; the test student is in it;
 * - every row has `user_id`, also on an anonymous assignment while its students are anonymous: index passes no
 *   `anonymize_user_id` (lib/api/v1/submission.rb `submission_attempt_json`). `anonymous_id` comes only to callers with
 *   an account membership (`context.account_membership_allows(current_user)`), not to a final grader who is a teacher.
 *
 * So when the caller sees students anonymously, a row is keyed by its `anonymous_id` when Canvas sent one (its user id is
 * dropped, never passed on), and a row with only a user id is withheld: counted in `withheld` and in `summary`, never
 * shown per student, since joining it to an anonymous row would need the user id the anonymity hides.
 */
import type { AssignmentRef } from './keys'
import { type SkippedItem } from './lenient'
import { fetchList } from './pagination'
import { submissionStateWire, type SubmissionStateWire } from './wire/submissions'

/** Canvas's submission workflow states; `unknown` for one this app does not know or a row without it. */
export type SubmissionWorkflowState = 'unsubmitted' | 'submitted' | 'pending_review' | 'graded' | 'unknown'

const WORKFLOW_STATES: ReadonlySet<string> = new Set(['unsubmitted', 'submitted', 'pending_review', 'graded'])

export interface SubmissionState {
  /** Matches GradeableStudent.key: `u:<user id>`, or `a:<submission anonymous id>` when students are anonymous. */
  key: string
  /** undefined when the caller sees students anonymously. */
  userId: number | undefined
  /** The submission's anonymous id, when Canvas sent it (account admins) and students are anonymous. */
  anonymousId: string | undefined
  workflowState: SubmissionWorkflowState
  /** null: never handed in. */
  submittedAt: string | null
  excused: boolean
  /** Handed in after the due date (Submission#late?; false when excused). */
  late: boolean
  /** Never handed in, past due, not graded or excused (Submission#missing?). */
  missing: boolean
  /** Seconds after the due date; for a submission never handed in, counted up to now. 0 when Canvas sent none. */
  secondsLate: number
  /** What the late policy took off `enteredScore`; null when nothing was (or Canvas sent none). */
  pointsDeducted: number | null
  /** A grader's override of late/missing: 'late' | 'missing' | 'extended' | 'none', or null. */
  latePolicyStatus: string | null
  /** The grade before the late policy (Canvas `entered_score`/`entered_grade`; falls back to score/grade). */
  enteredScore: number | null
  enteredGrade: string | null
  /** The grade after the late policy: what the gradebook shows. */
  score: number | null
  grade: string | null
  /** When the grade was posted to the student; null while it is hidden from them. */
  postedAt: string | null
}

/** Counts over every row Canvas sent, the withheld ones included (no identity in them). */
export interface SubmissionStateSummary {
  total: number
  /** Never handed in and not excused. */
  unsubmitted: number
  excused: number
  late: number
  missing: number
  /** Rows with points taken off, and the points taken off in all. */
  deducted: number
  pointsDeducted: number
  /** Rows posted to the student, and the latest time one was. */
  posted: number
  lastPostedAt: string | null
}

export interface SubmissionStates {
  items: SubmissionState[]
  /** Rows that could not be read (lenient.ts). */
  skipped: SkippedItem[]
  /**
   * Rows not shown per student: while the caller sees students anonymously, the rows Canvas sent with a user id only
   * (everyone's, unless the caller is an account admin). They are in `summary`.
   */
  withheld: number
  summary: SubmissionStateSummary
}

function workflowStateOf(raw: string | null | undefined): SubmissionWorkflowState {
  return raw && WORKFLOW_STATES.has(raw) ? (raw as SubmissionWorkflowState) : 'unknown'
}

function stateFields(w: SubmissionStateWire): Omit<SubmissionState, 'key' | 'userId' | 'anonymousId'> {
  const score = w.score ?? null
  const grade = w.grade ?? null
  return {
    workflowState: workflowStateOf(w.workflow_state),
    submittedAt: w.submitted_at ?? null,
    excused: w.excused === true,
    late: w.late === true,
    missing: w.missing === true,
    secondsLate: w.seconds_late ?? 0,
    pointsDeducted: w.points_deducted ?? null,
    latePolicyStatus: w.late_policy_status ?? null,
    // `entered_*` are Submission methods (SUBMISSION_JSON_METHODS); without a late policy they equal score/grade.
    enteredScore: w.entered_score !== undefined ? w.entered_score : score,
    enteredGrade: w.entered_grade !== undefined ? w.entered_grade : grade,
    score,
    grade,
    postedAt: w.posted_at ?? null,
  }
}

/**
 * One row as the caller may see it: named (`u:<user id>`), anonymous (`a:<anonymous id>`, user id dropped), or null
 * when students are anonymous and the row carries no anonymous id.
 */
export function toSubmissionState(w: SubmissionStateWire, anonymous: boolean): SubmissionState | null {
  if (anonymous) {
    if (w.anonymous_id === undefined) return null
    return { key: `a:${w.anonymous_id}`, userId: undefined, anonymousId: w.anonymous_id, ...stateFields(w) }
  }
  if (w.user_id === undefined) return null
  return { key: `u:${w.user_id}`, userId: w.user_id, anonymousId: undefined, ...stateFields(w) }
}

export function summarize(
  rows: readonly Omit<SubmissionState, 'key' | 'userId' | 'anonymousId'>[],
): SubmissionStateSummary {
  const summary: SubmissionStateSummary = {
    total: rows.length,
    unsubmitted: 0,
    excused: 0,
    late: 0,
    missing: 0,
    deducted: 0,
    pointsDeducted: 0,
    posted: 0,
    lastPostedAt: null,
  }
  for (const r of rows) {
    if (r.postedAt !== null) {
      summary.posted++
      if (summary.lastPostedAt === null || r.postedAt > summary.lastPostedAt) summary.lastPostedAt = r.postedAt
    }
    if (r.submittedAt === null && !r.excused) summary.unsubmitted++
    if (r.excused) summary.excused++
    if (r.late) summary.late++
    if (r.missing) summary.missing++
    if (r.pointsDeducted !== null && r.pointsDeducted > 0) {
      summary.deducted++
      summary.pointsDeducted += r.pointsDeducted
    }
  }
  summary.pointsDeducted = Math.round(summary.pointsDeducted * 100) / 100
  return summary
}

/**
 * Every submission's state for an assignment. `anonymous`: whether the caller sees the students anonymously — pass
 * the assignment's `anonymizeStudents` (Canvas's `anonymize_students`, which is what hides names from graders and
 * moderators alike).
 */
export async function listSubmissionStates(
  ref: AssignmentRef & { anonymous: boolean; signal?: AbortSignal },
): Promise<SubmissionStates> {
  const list = await fetchList({
    path: `/courses/${ref.courseId}/assignments/${ref.assignmentId}/submissions`,
    query: { per_page: 100 },
    item: submissionStateWire,
    signal: ref.signal,
    lenient: true,
  })
  const items: SubmissionState[] = []
  let withheld = 0
  for (const row of list.items) {
    const state = toSubmissionState(row, ref.anonymous)
    if (state) items.push(state)
    else withheld++
  }
  return { items, skipped: list.skipped, withheld, summary: summarize(list.items.map(stateFields)) }
}
