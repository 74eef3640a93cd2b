/**
 * The JSON the Submissions API and gradeable_students answer with (contract §2.7–§2.9, §5): Submission JSON,
 * `user_display_json`, gradeable_students rows and the anonymous "Student N" labels. What a caller may see
 * comes in as a PgView; the endpoints that choose the rows are in submissions.ts.
 */
import type { Caller } from './caller'
import { selectionsOf } from './moderation'
import { accountMembership, anonymizeStudents, canGradeOrView } from './permissions'
import { provisionalGradesOf, visibleProvisionalGrades, type PgView } from './provisional-grades'
import {
  provisionalGradeCommentsJson,
  readsCommentsAsStaff,
  topLevelComments,
  type SubmissionComment,
} from './submission-comments'
import type { Assignment, Course, Submission, User } from './types'
import { avatarUrl } from './users'
import { isoTime, mapOf, type World } from './world'

/** Anonymous ids compare in byte order (Ruby's String#<=>), not by locale. */
export function byteOrder(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0
}

/** "Student N" labels: submissions ordered by anonymous_id in byte order (`anonymous_student_identities`). */
const labelCache = new WeakMap<Map<string, Submission>, { size: number; labels: Map<string, number> }>()
export function anonymousStudentNumber(world: World, a: Assignment, anonymousId: string): number {
  const byAnon = mapOf(world.submissionsByAnonymousId, a.id)
  let cached = labelCache.get(byAnon)
  if (!cached || cached.size !== byAnon.size) {
    const ids = [...byAnon.keys()].sort(byteOrder)
    cached = { size: byAnon.size, labels: new Map(ids.map((id, i) => [id, i + 1])) }
    labelCache.set(byAnon, cached)
  }
  return cached.labels.get(anonymousId) ?? 0
}

/**
 * `Submission::Tardiness#seconds_late` (app/models/submission.rb): seconds after the due date of `time_of_submission`,
 * which is `submitted_at || Time.zone.now`. A handed-in submission keeps the seconds it was late by (the row's
 * `seconds_late`, set when it was made); one never handed in grows later by the minute once the due date has passed
 * (the assignment's due date stands in for `cached_due_date`: no simulated student has an override).
 */
export function secondsLate(world: World, a: Assignment, s: Submission): number {
  if (s.submitted_at !== null) return s.seconds_late
  if (a.due_at === null || world.nowMs <= a.due_at) return 0
  return Math.floor((world.nowMs - a.due_at) / 1000)
}

/** `Submission::Tardiness#late?`: handed in after the due date, unless excused (no late_policy_status here). */
export function isLate(s: Submission): boolean {
  return s.excused !== true && s.submitted_at !== null && s.seconds_late > 0
}

/**
 * `Submission::Tardiness#missing?`: not excused; not graded by someone (`grader_id && late_policy_status.nil?`); never
 * handed in; past due; and the assignment expects a submission (every simulated one is `online_upload`).
 */
export function isMissing(world: World, a: Assignment, s: Submission): boolean {
  if (s.excused === true || s.grader_id !== null || s.submitted_at !== null) return false
  return secondsLate(world, a, s) > 0
}

export interface SubmissionJsonOptions {
  includeProvisionalGrades?: boolean
  includeComments?: boolean
  /** Requested through an anonymous_submissions route: `anonymous_id` instead of `user_id`. */
  anonymousRoute?: boolean
}

export function submissionJson(caller: Caller, view: PgView, submission: Submission, opts: SubmissionJsonOptions = {}) {
  const { world } = caller
  const a = view.assignment
  const admin = accountMembership(world, view.course.account_id, caller.userId) !== null
  const json: Record<string, unknown> = {
    id: submission.id,
    ...(opts.anonymousRoute ? { anonymous_id: submission.anonymous_id } : { user_id: submission.user_id }),
    ...(!opts.anonymousRoute && admin ? { anonymous_id: submission.anonymous_id } : {}),
    assignment_id: a.id,
    body: null,
    url: null,
    grade: submission.grade,
    score: submission.score,
    entered_grade: submission.entered_grade,
    entered_score: submission.entered_score,
    submitted_at: isoTime(submission.submitted_at),
    attempt: submission.attempt,
    submission_type: submission.submission_type,
    workflow_state: submission.workflow_state,
    grade_matches_current_submission: submission.grade_matches_current_submission,
    graded_at: isoTime(submission.graded_at),
    grader_id: submission.grader_id,
    graded_anonymously: submission.graded_anonymously,
    excused: submission.excused,
    late: isLate(submission),
    missing: isMissing(world, a, submission),
    late_policy_status: null,
    points_deducted: submission.points_deducted,
    seconds_late: secondsLate(world, a, submission),
    cached_due_date: isoTime(a.due_at),
    posted_at: isoTime(submission.posted_at),
    extra_attempts: null,
    redo_request: false,
  }
  if (view.canViewStudents) {
    json.preview_url = `${view.origin}/courses/${view.course.id}/assignments/${a.id}/submissions/${submission.user_id}?preview=1&version=${submission.attempt ?? 0}`
  }
  if (opts.includeComments) {
    const staff = readsCommentsAsStaff(world, view.course, caller.userId, canGradeOrView(caller, view.course))
    json.submission_comments = topLevelComments(world, submission, staff).map((c) =>
      submissionCommentJson(caller, view, c),
    )
  }
  if (opts.includeProvisionalGrades && a.moderated_grading === true) {
    json.provisional_grades = withGradeComments(world, view, submission, opts.includeComments ? view : null)
  }
  return json
}

/**
 * The provisional grades the caller may see; with include[]=submission_comments (`commentView` given) each carries its
 * comments (lib/api/v1/submission.rb `provisional_grade_json`: `json["submission_comments"] = …` when the includes have
 * it). `commentView` says what the caller may know of authors: `can_view_student_names?` itself, not gradeable_students'
 * allow_new_anonymous_id choice of row format.
 */
function withGradeComments(world: World, view: PgView, submission: Submission, commentView: PgView | null) {
  const pgs = visibleProvisionalGrades(world, view, submission)
  if (!commentView) return pgs
  return pgs.map((pg) => ({
    ...pg,
    submission_comments: provisionalGradeCommentsJson(world, commentView, submission, pg.provisional_grade_id),
  }))
}

/**
 * One top-level comment, `submission_comment_json` (lib/api/v1/submission_comment.rb): `id author_id author_name
 * created_at edited_at comment`, and `author` (user_display_json) when the caller may read the author
 * (SubmissionComment#can_read_author?: never someone else's while the assignment anonymizes students); otherwise
 * `author: {}`, `author_id: nil`, `author_name: "Anonymous User"`.
 */
function submissionCommentJson(caller: Caller, view: PgView, c: SubmissionComment) {
  const { world } = caller
  const author = world.users.get(c.author_id)
  const readAuthor = c.author_id === caller.userId || !anonymizeStudents(world, view.assignment)
  return {
    id: c.id,
    author_id: readAuthor ? c.author_id : null,
    author_name: readAuthor ? (author?.short_name ?? '') : 'Anonymous User',
    created_at: isoTime(c.created_at),
    edited_at: null,
    comment: c.comment,
    author: readAuthor && author ? userDisplayJson(caller.origin, view.course, author) : {},
  }
}

/**
 * `user_display_json` (lib/api/v1/user.rb): anonymous_id here is base-36 of the user id, not the submission's
 * anonymous id; the test student gets `fake_student: true`.
 */
export function userDisplayJson(origin: string, course: Course, user: User) {
  return {
    id: user.id,
    anonymous_id: user.id.toString(36),
    display_name: user.short_name,
    avatar_image_url: avatarUrl(origin, user),
    html_url: `${origin}/courses/${course.id}/users/${user.id}`,
    pronouns: user.pronouns,
    ...(user.fake_student ? { fake_student: true } : {}),
  }
}

/**
 * `anonymous_user_display_json` (lib/api/v1/user.rb): the submission's anonymous id, the default avatar and
 * "Student N". The older form (an assignment with `legacyJson`) had no `display_name`.
 */
function anonymousUserDisplayJson(caller: Caller, a: Assignment, s: Submission) {
  return {
    anonymous_id: s.anonymous_id,
    avatar_image_url: avatarUrl(caller.origin, null),
    ...(a.legacyJson ? {} : { display_name: `Student ${anonymousStudentNumber(caller.world, a, s.anonymous_id)}` }),
  }
}

/**
 * One gradeable_students row: `user_display_json`, or with names hidden (`view.canViewStudents` false) the
 * submission's anonymous id and "Student N". `includeProvisionalGrades` (moderators only) adds the selection and
 * the provisional grades the caller may see, each with its comments when `commentView` is given
 * (include[]=submission_comments: SubmissionsApiController#gradeable_students passes its includes to
 * `submission_provisional_grades_json`).
 */
export function gradeableStudentJson(
  caller: Caller,
  view: PgView,
  s: Submission,
  includeProvisionalGrades: boolean,
  /** include[]=submission_comments: the grades carry their comments, authors as this view may know them. */
  commentView: PgView | null = null,
) {
  const { world } = caller
  const a = view.assignment
  const json: Record<string, unknown> = view.canViewStudents
    ? userDisplayJson(caller.origin, view.course, world.users.get(s.user_id)!)
    : anonymousUserDisplayJson(caller, a, s)
  if (includeProvisionalGrades) {
    // in_moderation_set = one of the student's PGs is currently selected (not "has a selection row").
    const selectedId = selectionsOf(world, a).get(s.user_id)?.selected_provisional_grade_id ?? null
    const selected = selectedId !== null && provisionalGradesOf(world, s).some((pg) => pg.id === selectedId)
    json.in_moderation_set = selected
    json.selected_provisional_grade_id = selected ? selectedId : null
    json.provisional_grades = withGradeComments(world, view, s, commentView)
  }
  return json
}
