/**
 * The graders' feedback on one student, and the final comment, through the Submissions API (issue #15).
 *
 * Reading (lib/api/v1/submission.rb): with include[]=provisional_grades&include[]=submission_comments a moderator
 * gets every provisional grade (`submission_provisional_grades_json`: all of them for `permits_moderation?`), each
 * with `submission_comments` = `ProvisionalGrade#submission_comments`, which is `provisional_grade_id = pg.id OR
 * provisional_grade_id IS NULL` (app/models/moderated_grading/provisional_grade.rb): the ordinary comments on the
 * submission appear under every grade. The submission's own `submission_comments` are those ordinary ones only
 * (`Submission#comments_excluding_drafts_for`: `submission_comments` is `where(provisional_grade_id: nil)`). So a
 * grader's own comments are the ones listed under their grade and not among the ordinary ones.
 *
 * Writing the final comment: see postFinalComment.
 */
import { canvasRequest } from './http'
import { toProvisionalGrade } from './gradeable-students'
import type { AssignmentRef } from './keys'
import type { SubmissionStudent } from './submissions'
import type { ProvisionalGrade } from './types'
import {
  submissionFeedbackWire,
  type GradeCommentWire,
  type SubmissionCommentWire,
  type SubmissionFeedbackWire,
} from './wire/submission-comments'

export interface FeedbackComment {
  id: number
  /** Plain text (show it as text, never as HTML). */
  text: string
  createdAt: string
  /** The author's user id, when Canvas shows it to the caller. */
  authorId: number | undefined
  /** The author's anonymous id (a grader's, or the student's submission one) when Canvas hides who wrote it. */
  anonymousAuthorId: string | undefined
  /** As Canvas gives it ("Anonymous User" when it hides the author); absent when Canvas leaves it out. */
  authorName: string | undefined
}

export interface GradeFeedback {
  grade: ProvisionalGrade
  /** The grade's own provisional comments, oldest first (the ordinary ones are in StudentFeedback.ordinary). */
  comments: FeedbackComment[]
}

export interface StudentFeedback {
  /** Every provisional grade the caller may see, in Canvas's order (the final one last), with its own comments. */
  grades: GradeFeedback[]
  /**
   * Ordinary comments on the submission (not a grader's provisional ones): the student's, and staff comments such as
   * a final comment. Canvas shows these to the student (staff ones once the grades are posted), whichever grade is
   * published.
   */
  ordinary: FeedbackComment[]
  /** Comments Canvas sent that could not be read (left out, counted). */
  skipped: number
}

function textOf(w: { comment: string | null }): string {
  return w.comment ?? ''
}

function fromGradeComment(w: GradeCommentWire): FeedbackComment {
  return {
    id: w.id,
    text: textOf(w),
    createdAt: w.created_at,
    authorId: w.author_id ?? undefined,
    anonymousAuthorId: w.anonymous_id ?? undefined,
    authorName: w.author_name ?? undefined,
  }
}

function fromSubmissionComment(w: SubmissionCommentWire): FeedbackComment {
  return {
    id: w.id,
    text: textOf(w),
    createdAt: w.created_at,
    authorId: w.author_id ?? undefined,
    anonymousAuthorId: undefined,
    authorName: w.author_name ?? undefined,
  }
}

/**
 * Splits what Canvas sent into each grade's own comments and the ordinary ones, each comment once (by id).
 * The ordinary ones are the submission's own list; a comment listed under two or more grades is ordinary too (the OR
 * NULL rule), which also covers an answer without the submission's own list. Drafts are left out (Canvas shows them
 * only to their author, and they reach nobody).
 */
export function splitFeedback(w: SubmissionFeedbackWire): StudentFeedback {
  let skipped = w.submission_comments?.skipped.length ?? 0
  const ordinary = new Map<number, FeedbackComment>()
  for (const c of w.submission_comments?.items ?? []) ordinary.set(c.id, fromSubmissionComment(c))
  const listedUnder = new Map<number, number>()
  for (const pg of w.provisional_grades ?? []) {
    skipped += pg.submission_comments?.skipped.length ?? 0
    for (const c of pg.submission_comments?.items ?? []) listedUnder.set(c.id, (listedUnder.get(c.id) ?? 0) + 1)
  }
  const grades: GradeFeedback[] = (w.provisional_grades ?? []).map(({ submission_comments, ...pg }) => {
    const comments: FeedbackComment[] = []
    for (const c of submission_comments?.items ?? []) {
      if (c.draft === true || ordinary.has(c.id)) continue
      if ((listedUnder.get(c.id) ?? 0) > 1) {
        ordinary.set(c.id, fromGradeComment(c))
        continue
      }
      comments.push(fromGradeComment(c))
    }
    return { grade: toProvisionalGrade(pg), comments }
  })
  const byTime = (x: FeedbackComment, y: FeedbackComment) =>
    x.createdAt < y.createdAt ? -1 : x.createdAt > y.createdAt ? 1 : x.id - y.id
  return { grades, ordinary: [...ordinary.values()].sort(byTime), skipped }
}

function submissionPath(ref: AssignmentRef, student: SubmissionStudent): string {
  const target =
    student.anonymous || student.userId === undefined
      ? `anonymous_submissions/${encodeURIComponent(student.anonymousId)}`
      : `submissions/${student.userId}`
  return `/courses/${ref.courseId}/assignments/${ref.assignmentId}/${target}`
}

/**
 * One student's feedback as a moderator reads it: GET …/submissions/:user_id (…/anonymous_submissions/:anonymous_id
 * for a student the caller knows only by anonymous id) with include[]=provisional_grades&include[]=submission_comments.
 * Works before and after publishing (the status endpoint refuses once published). Authors are as Canvas shows them:
 * an anonymous id instead of a grader's or student's name where the caller may not know it.
 */
export async function readStudentFeedback(
  ref: AssignmentRef & { signal?: AbortSignal; student: SubmissionStudent },
): Promise<StudentFeedback> {
  const { data } = await canvasRequest({
    path: submissionPath(ref, ref.student),
    query: { 'include[]': ['provisional_grades', 'submission_comments'] },
    schema: submissionFeedbackWire,
    signal: ref.signal,
  })
  return splitFeedback(data)
}

/**
 * The final comment: PUT …/submissions/:user_id (or …/anonymous_submissions/:anonymous_id) with
 * `comment[text_comment]` and NO `submission[provisional]` — an ordinary comment on the submission. Why, from
 * Canvas's source:
 *
 * - With `submission[provisional]=true` (even with `submission[final]=true`) the comment would not be on the final
 *   mark: SubmissionsApiController#update copies only `comment[:provisional] = value_to_boolean(submission[:provisional])`
 *   into the comment, and Submission#add_comment puts it on `find_or_create_provisional_grade!(opts[:author], final:
 *   opts[:final])` with `opts[:final]` nil, i.e. the author's own non-final grade (creating it, and taking a grader
 *   slot in `update_submission_runner`). Publishing copies only the selected grade's comments
 *   (ProvisionalGrade#publish! → publish_submission_comments!), so that comment would never reach the student.
 *   SpeedGrader's comment on the final mark goes through SubmissionsBaseController#update, which does pass `final:`,
 *   but that is not an API route: an access token is accepted only on API requests
 *   (AuthenticationMethods#load_pseudonym_from_access_token: `return unless api_request? || …`).
 * - An ordinary comment is allowed before publishing (only a non-provisional `posted_grade` is refused on an
 *   unpublished moderated assignment), takes no slot and creates no grade. It is saved `hidden:
 *   @submission.hide_comments_from_student? && admin_in_context`, which on a moderated assignment (always posted
 *   manually: AbstractAssignment#ensure_manual_posting_if_moderated) is hidden until the grades are posted; posting
 *   un-hides every hidden comment of the posted submissions (lib/mutable.rb `show_stream_items`, run by
 *   AbstractAssignment#post_submissions). Publishing leaves it as it is. The student then sees it
 *   (`visible_submission_comments`: not hidden, not provisional), whichever grade was published.
 *
 * Returns the ordinary comments as Canvas answers (the answer includes `submission_comments`).
 */
export async function postFinalComment(
  ref: AssignmentRef & { signal?: AbortSignal; student: SubmissionStudent; text: string },
): Promise<FeedbackComment[]> {
  const { data } = await canvasRequest({
    method: 'PUT',
    path: submissionPath(ref, ref.student),
    json: { comment: { text_comment: ref.text } },
    schema: submissionFeedbackWire,
    signal: ref.signal,
  })
  return splitFeedback(data).ordinary
}

/** Canvas strips a comment (Submission#add_comment: `opts[:comment].try(:strip)`); compare what it stores. */
export function normalizeCommentText(text: string): string {
  return text.trim()
}

/**
 * The comment among `ordinary` that saving `text` created: the same (stripped) text, not among the comments known
 * before (`knownIds`), and by the caller when Canvas says who wrote it. For a write whose answer was lost.
 */
export function findSavedComment(
  ordinary: readonly FeedbackComment[],
  text: string,
  knownIds: ReadonlySet<number>,
  callerId: number | undefined,
): FeedbackComment | undefined {
  const want = normalizeCommentText(text)
  return ordinary.find(
    (c) =>
      !knownIds.has(c.id) &&
      normalizeCommentText(c.text) === want &&
      (callerId === undefined || c.authorId === undefined || c.authorId === callerId),
  )
}
