/**
 * Submission comments, with Canvas's rules for moderated grading. Only the Submissions API writes them (PUT
 * …/submissions/:user_id with `comment[…]`) and Submission JSON, gradeable_students and the status endpoint show them,
 * so they are kept per world here rather than in World's tables.
 *
 * - A comment belongs to a provisional grade (`provisional_grade_id`) when a grader writes it provisionally; otherwise
 *   it is an ordinary comment on the submission (`provisional_grade_id` NULL).
 * - `ProvisionalGrade#submission_comments` is `where("provisional_grade_id = ? OR provisional_grade_id IS NULL", id)`
 *   (app/models/moderated_grading/provisional_grade.rb): every grade's list also carries the ordinary comments.
 * - `hidden`: set when the comment is written (SubmissionsApiController#update `hidden:
 *   @submission.hide_comments_from_student? && admin_in_context`), cleared for every hidden comment of a submission when
 *   its grades are posted (lib/mutable.rb `show_stream_items`); hiding grades again hides the instructors' comments
 *   (`hide_stream_items`); sim/posting.ts calls `revealHiddenComments` / `hideInstructorComments`.
 * - Publishing copies only the selected grade's own provisional comments into ordinary ones
 *   (`ProvisionalGrade#publish!` → `publish_submission_comments!`); see `publishProvisionalComments`.
 *
 * This module imports no serializer (submission-json.ts and provisional-grades.ts import it), so the JSON of a grade's
 * comments, which both need, is shaped here.
 */
import { gradersOf } from './moderation'
import type { Assignment, Course, Submission } from './types'
import { isoTime, type World } from './world'

export interface SubmissionComment {
  id: number
  submission_id: number
  author_id: number
  comment: string
  created_at: number
  /** The provisional grade the comment belongs to; null for an ordinary comment on the submission. */
  provisional_grade_id: number | null
  /** Hidden from the student (until grades are posted). */
  hidden: boolean
  /** A draft (SpeedGrader's unsent comment); none is written here, but the rules below read it. */
  draft: boolean
  /** `comment[attempt]`; the API sends none unless asked (SubmissionsApiController#update passes the key). */
  attempt: number | null
}

const commentsBySubmission = new WeakMap<World, Map<number, SubmissionComment[]>>()

function listOf(world: World, submissionId: number): SubmissionComment[] {
  let map = commentsBySubmission.get(world)
  if (!map) commentsBySubmission.set(world, (map = new Map()))
  let list = map.get(submissionId)
  if (!list) map.set(submissionId, (list = []))
  return list
}

/** The submission's comments, oldest first (`all_submission_comments`, ordered by created_at). */
export function commentsOf(world: World, submission: Submission): readonly SubmissionComment[] {
  return listOf(world, submission.id)
}

/** Adds a comment. */
export function addComment(
  world: World,
  submission: Submission,
  input: Omit<SubmissionComment, 'id' | 'submission_id' | 'draft'> & { draft?: boolean },
): SubmissionComment {
  const comment: SubmissionComment = {
    id: world.nextId('submission_comments', 1),
    submission_id: submission.id,
    draft: false,
    ...input,
  }
  // Kept in `created_at` order (ties by insertion), as `all_submission_comments` is ordered: a seeded comment may be
  // older than one already there.
  const list = listOf(world, submission.id)
  let at = list.length
  while (at > 0 && list[at - 1]!.created_at > comment.created_at) at--
  list.splice(at, 0, comment)
  return comment
}

/**
 * Whether a comment written now by `authorId` is hidden from the student: SubmissionsApiController#update sends
 * `hidden: @submission.hide_comments_from_student? && admin_in_context`, with `admin_in_context = !@context_enrollment
 * || @context_enrollment.admin?` (an account admin without an enrolment, or a teacher/TA; never a student). Its
 * siblings say the same for a manually posted assignment: Submission.process_bulk_update sends `hidden:
 * assignment.post_manually? && !submission.posted?`, and AbstractAssignment#save_comment_to_submission ("Only teachers
 * (those who can manage grades) can have hidden comments") `submission.hide_grade_from_student? &&
 * context.grants_right?(opts[:author], :manage_grades)`. `hide_grade_from_student?` (app/models/submission.rb): on
 * manual posting `posted_at.blank?`; otherwise `(graded? || resubmitted?) && !posted?`. Moderated assignments always
 * post manually (AbstractAssignment#ensure_manual_posting_if_moderated), so every staff comment there is hidden until
 * the grades are posted.
 *
 * Not modelled: on an assignment that posts automatically, a comment by an instructor on an unposted submission posts
 * it (Submission#comment_causes_posting?, which also sends `hidden: false`). That is posting, not commenting: no
 * simulated moderated assignment posts automatically.
 */
export function hiddenAtCreation(world: World, course: Course, a: Assignment, s: Submission, authorId: number) {
  const enrollments = (world.enrollmentsByUser.get(authorId) ?? []).filter((e) => e.course_id === course.id)
  const adminInContext = enrollments.length === 0 || enrollments.some((e) => e.type !== 'student')
  if (!adminInContext) return false
  if (a.post_manually) return s.posted_at === null
  const graded = s.excused === true || (s.score !== null && s.workflow_state === 'graded')
  const resubmitted = s.submission_type !== null && s.score !== null && !s.grade_matches_current_submission
  return (graded || resubmitted) && s.posted_at === null
}

/*
 * Posting and hiding grades change comments as lib/mutable.rb does when AbstractAssignment#post_submissions and
 * #hide_submissions run (sim/posting.ts calls these): `show_stream_items` un-hides every hidden comment of the posted
 * submissions (`SubmissionComment.where(hidden: true, submission_id: submission_ids)` → `hidden: false`);
 * `hide_stream_items` hides the instructors' visible comments again ("Teachers want to hide their submission comments
 * if they mute the assignment after leaving them": `where(hidden: false, submission_id:, author_id:
 * context.instructors)`).
 */

/** lib/mutable.rb `show_stream_items`: every hidden comment of the submission becomes visible. */
export function revealHiddenComments(world: World, submission: Submission): void {
  for (const c of listOf(world, submission.id)) c.hidden = false
}

/** lib/mutable.rb `hide_stream_items`: the course instructors' (teachers' and TAs') comments are hidden again. */
export function hideInstructorComments(world: World, submission: Submission): void {
  const a = world.assignments.get(submission.assignment_id)
  const courseId = a?.course_id
  const instructor = (userId: number) =>
    (world.enrollmentsByUser.get(userId) ?? []).some(
      (e) => e.course_id === courseId && (e.type === 'teacher' || e.type === 'ta'),
    )
  for (const c of listOf(world, submission.id)) if (!c.hidden && instructor(c.author_id)) c.hidden = true
}

/**
 * `ProvisionalGrade#publish!` → `publish_submission_comments!` (app/models/moderated_grading/provisional_grade.rb):
 * `submission_comments.select(&:provisional_grade_id).each { |c| comment = c.dup; comment.provisional_grade_id =
 * nil; comment.save! }` — the published grade's own provisional comments (the `.select` drops the ordinary ones the
 * OR NULL list also holds) are copied into ordinary comments; the originals stay. `dup` keeps `hidden` and clears
 * the timestamps (Rails), so a copy is dated when it is published. No other grader's comment is copied.
 */
export function publishProvisionalComments(world: World, submission: Submission, pgId: number, at: number): void {
  const own = commentsOf(world, submission).filter((c) => c.provisional_grade_id === pgId)
  for (const c of own)
    addComment(world, submission, {
      author_id: c.author_id,
      comment: c.comment,
      created_at: at,
      provisional_grade_id: null,
      hidden: c.hidden,
      draft: c.draft,
      attempt: c.attempt,
    })
}

/**
 * What a caller sees of a grade's comments: the assignment and course, and the two anonymity answers
 * (`can_view_student_names?`, `can_view_other_grader_identities?`). provisional-grades.ts's PgView has these fields.
 */
export interface CommentView {
  assignment: Assignment
  course: Course
  canViewGraders: boolean
  canViewStudents: boolean
  userId: number
}

function isStudentOf(world: World, course: Course, userId: number): boolean {
  return (world.enrollmentsByUser.get(userId) ?? []).some((e) => e.course_id === course.id && e.type === 'student')
}

/**
 * A provisional grade's `submission_comments` (lib/api/v1/submission.rb `provisional_grade_json` with
 * include[]=submission_comments): `ProvisionalGrade#submission_comments`, its own comments OR the ordinary ones,
 * oldest first, shaped by `anonymous_moderated_submission_comments_json` (lib/api/v1/submission_comment.rb):
 * `attempt author_id author_name cached_attachments comment created_at draft group_comment_id id media_comment_id
 * media_comment_type` and `publishable` (there is no `provisional_grade_id`). A student author becomes the student's
 * submission `anonymous_id` (without author_id and author_name) when the caller may not see student names; a grader
 * author (a moderation grader of the assignment) becomes their grader `anonymous_id` without `author_id`, and without
 * `author_name` unless it is the caller, when the caller may not see grader identities. Anyone else is shown as is.
 * Comments are not filtered by `grader_comments_visible_to_graders` here (the newest serializer does not; a moderator
 * sees every grader's comments anyway: `can_view_other_grader_comments?`).
 */
export function provisionalGradeCommentsJson(
  world: World,
  view: CommentView,
  submission: Submission,
  pgId: number,
): Record<string, unknown>[] {
  const graders = gradersOf(world, view.assignment)
  return commentsOf(world, submission)
    .filter((c) => c.provisional_grade_id === pgId || c.provisional_grade_id === null)
    .map((c) => {
      const json: Record<string, unknown> = {
        id: c.id,
        attempt: c.attempt,
        author_id: c.author_id,
        // The `author_name` column: `author.short_name` (SubmissionComment#infer_details).
        author_name: world.users.get(c.author_id)?.short_name ?? '',
        cached_attachments: [],
        comment: c.comment,
        created_at: isoTime(c.created_at),
        draft: c.draft,
        group_comment_id: null,
        media_comment_id: null,
        media_comment_type: null,
        publishable: c.draft && c.author_id === view.userId,
      }
      const grader = graders.get(c.author_id)
      if (!view.canViewStudents && isStudentOf(world, view.course, c.author_id)) {
        delete json.author_id
        delete json.author_name
        // `student_ids_to_anonymous_ids`: every student is a key, valued from the submissions being serialized only.
        json.anonymous_id = c.author_id === submission.user_id ? submission.anonymous_id : null
      } else if (!view.canViewGraders && grader) {
        delete json.author_id
        json.anonymous_id = grader.anonymous_id
        if (c.author_id !== view.userId) delete json.author_name
      }
      return json
    })
}

/**
 * The ordinary comments a caller gets as a submission's top-level `submission_comments`
 * (`Submission#comments_excluding_drafts_for`, app/models/submission.rb): staff who may read the grade and are not a
 * student of the course get every ordinary comment (`submission_comments`: `provisional_grade_id` NULL, hidden ones
 * too); anyone else (the student) `visible_submission_comments` (`published.visible.for_final_grade`: not hidden, not
 * a draft, not provisional). Drafts are left out either way. Provisional comments are never in this list.
 */
export function topLevelComments(
  world: World,
  submission: Submission,
  readsAsStaff: boolean,
): readonly SubmissionComment[] {
  return commentsOf(world, submission).filter(
    (c) => c.provisional_grade_id === null && !c.draft && (readsAsStaff || !c.hidden),
  )
}

/** Whether `userId` reads a submission's comments as staff: may read grades and is not a student of the course. */
export function readsCommentsAsStaff(world: World, course: Course, userId: number, canReadGrades: boolean) {
  return canReadGrades && !isStudentOf(world, course, userId)
}
