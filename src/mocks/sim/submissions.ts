/**
 * Submissions: rows, the Submissions API (list/show/update, §2.7, §2.8) and gradeable_students (§2.9). Their
 * JSON is in submission-json.ts.
 */
import type { Caller } from './caller'
import { findAssignment, loadAssignment } from './assignments'
import { findCourse } from './courses'
import { gradeError, notFound } from './errors'
import { ensureSelectionRow, selectionsOf, takeGraderSlot } from './moderation'
import { paramText, parseId, toList } from './params'
import { canGradeOrView, can, denied, gradesPublished, isModerator } from './permissions'
import { generateAnonymousId } from './prng'
import { gradeToScore, scoreToGrade } from './grading'
import {
  createProvisionalGrade,
  pgView,
  provisionalGradesOf,
  saveSubmissionGrade,
  type PgView,
} from './provisional-grades'
import { addComment, hiddenAtCreation } from './submission-comments'
import { byteOrder, gradeableStudentJson, submissionJson } from './submission-json'
import type { Assignment, Course, ProvisionalGrade, Submission } from './types'
import { studentsVisibleTo } from './visibility'
import type { Sliceable } from './pagination'
import { mapOf, type World } from './world'

/**
 * A submission row exists for every assigned student (submitted or not). On a moderated assignment the
 * student also gets a selection row (§1.3).
 */
export function createSubmission(
  world: World,
  a: Assignment,
  userId: number,
  input: { submitted_at?: number | null; attempt?: number | null; seconds_late?: number } = {},
): Submission {
  const taken = mapOf(world.submissionsByAnonymousId, a.id)
  const submitted = input.submitted_at ?? null
  const submission = world.addSubmission({
    id: world.nextId('submissions', 1),
    assignment_id: a.id,
    user_id: userId,
    anonymous_id: generateAnonymousId(world.rng, taken),
    attempt: submitted === null ? null : (input.attempt ?? 1),
    submitted_at: submitted,
    submission_type: submitted === null ? null : 'online_upload',
    workflow_state: submitted === null ? 'unsubmitted' : 'submitted',
    grade: null,
    score: null,
    entered_grade: null,
    entered_score: null,
    graded_at: null,
    grader_id: null,
    graded_anonymously: null,
    grade_matches_current_submission: true,
    excused: null,
    seconds_late: input.seconds_late ?? 0,
    points_deducted: null,
    posted_at: null,
    updated_at: submitted ?? world.nowMs - 30 * 86_400_000,
  })
  if (a.moderated_grading === true) ensureSelectionRow(world, a, userId)
  return submission
}

/**
 * GET …/submissions (SubmissionsApiController#index): manage_grades or view_all_grades, else unauthorized; the
 * submissions of `@context.apply_enrollment_visibility(@context.student_enrollments, @current_user)`, ordered by user
 * id. `student_enrollments` leaves out inactive and concluded students (app/models/course.rb), and a section-limited
 * caller gets only their sections' students (visibility.ts). Every row carries `user_id`, also on an anonymous
 * assignment: index passes no `anonymize_user_id`, so only an account admin also gets `anonymous_id`
 * (lib/api/v1/submission.rb `submission_json`).
 */
export function listSubmissions(
  caller: Caller,
  rawCourseId: string | undefined,
  rawAssignmentId: string | undefined,
  params: { include?: unknown },
) {
  const { world } = caller
  const { course, a } = loadAssignment(caller, rawCourseId, rawAssignmentId)
  if (!canGradeOrView(caller, course)) throw denied(caller)
  const view = pgView(caller, course, a)
  const include = toList(params.include)
  const includeProvisionalGrades = include.includes('provisional_grades')
  const includeComments = include.includes('submission_comments')
  const visible = studentsVisibleTo(world, course, caller.userId)
  return {
    // By user id; kept orders, only the page asked for copied out (as gradeable_students).
    rows: visibleSubmissionsInOrder(world, a, 'user', visible),
    toJson: (s: Submission) => submissionJson(caller, view, s, { includeProvisionalGrades, includeComments }),
  }
}

function findTargetSubmission(
  caller: Caller,
  course: Course,
  a: Assignment,
  target: { userId?: string; anonymousId?: string },
  notAssigned: 'not_found' | 'unauthorized',
): Submission {
  const { world } = caller
  if (target.anonymousId !== undefined) {
    const submission = world.submissionsByAnonymousId.get(a.id)?.get(target.anonymousId)
    // update_anonymous / show_anonymous then call get_user_considering_section(@submission.user_id): the same 404.
    if (!submission || !studentsVisibleTo(world, course, caller.userId, { priors: true })(submission.user_id))
      throw notFound()
    return submission
  }
  const userId = target.userId === 'self' ? caller.userId : parseId(target.userId)
  // get_user_considering_section: `students_visible_to(@current_user, include: :priors)`, so concluded students too,
  // and only the caller's sections when they are section-limited (404 for a student of another section).
  if (userId === null || !studentsVisibleTo(world, course, caller.userId, { priors: true })(userId)) throw notFound()
  // Every assigned student has a submission row; a course student without one is not assigned.
  const submission = world.submissions.get(a.id)?.get(userId)
  if (!submission) throw notAssigned === 'not_found' ? notFound() : denied(caller)
  return submission
}

/** GET …/submissions/:user_id and …/anonymous_submissions/:anonymous_id */
export function showSubmission(
  caller: Caller,
  rawCourseId: string | undefined,
  rawAssignmentId: string | undefined,
  target: { userId?: string; anonymousId?: string },
  params: { include?: unknown },
) {
  const { course, a } = loadAssignment(caller, rawCourseId, rawAssignmentId)
  const submission = findTargetSubmission(caller, course, a, target, 'not_found')
  const own = submission.user_id === caller.userId
  if (!own && !canGradeOrView(caller, course)) throw denied(caller)
  const include = toList(params.include)
  return submissionJson(caller, pgView(caller, course, a), submission, {
    includeProvisionalGrades: include.includes('provisional_grades') && !own,
    includeComments: include.includes('submission_comments'),
    anonymousRoute: target.anonymousId !== undefined,
  })
}

function truthy(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1 || value === 'on' || value === 'yes'
}

interface UpdateParams {
  submission?: unknown
  comment?: unknown
  rubric_assessment?: unknown
}

/**
 * PUT …/submissions/:user_id and …/anonymous_submissions/:anonymous_id (§2.7), in the controller's order:
 * course/assignment 404 → non-provisional posted_grade on an unpublished moderated assignment →
 * unauthorized → student 404 → :grade (or :comment) right → grade_student (GradeError → 400 {"error"}).
 */
export function updateSubmission(
  caller: Caller,
  rawCourseId: string | undefined,
  rawAssignmentId: string | undefined,
  target: { userId?: string; anonymousId?: string },
  params: UpdateParams,
) {
  const { world } = caller
  const { course, a } = loadAssignment(caller, rawCourseId, rawAssignmentId)
  const sub = isRecord(params.submission) ? params.submission : null
  const provisional = truthy(sub?.provisional)
  if (sub && sub.posted_grade !== undefined && !provisional && a.moderated_grading === true && !gradesPublished(a))
    throw denied(caller)

  const submission = findTargetSubmission(caller, course, a, target, 'unauthorized')
  const needsGradeRight = sub !== null || params.rubric_assessment !== undefined
  const allowed = needsGradeRight
    ? can(caller, course, 'manage_grades')
    : canGradeOrView(caller, course) || submission.user_id === caller.userId
  if (!allowed) throw denied(caller)
  // rubric_assessment is ignored: no simulated assignment has a rubric association.

  // `final` is honoured for moderators only; anyone else silently writes their own non-final PG.
  const final = truthy(sub?.final) && isModerator(world, course, a, caller.userId)
  const postedGrade = sub?.posted_grade
  const excuse = sub?.excuse
  if (postedGrade !== undefined && postedGrade !== null) {
    // `submission[posted_grade][]=8` (or a hash) is no grade: a GradeError, as for a score Canvas cannot read
    // (inferred).
    const grade = paramText(postedGrade)
    if (grade === undefined) throw gradeError('Assignment::GradeError')
    gradeStudent(caller, course, a, submission, { grade, provisional, final })
  } else if (excuse !== undefined && !provisional) {
    submission.excused = truthy(excuse)
    submission.grader_id = caller.userId
    submission.updated_at = world.tick()
  }

  // Submission#add_comment: `opts[:comment].try(:strip)`, and a comment is created only when that is present.
  const comment =
    isRecord(params.comment) && typeof params.comment.text_comment === 'string'
      ? params.comment.text_comment.trim()
      : ''
  if (comment) addApiComment(caller, course, a, submission, comment, provisional)

  const view = pgView(caller, course, a)
  const anonymousRoute = target.anonymousId !== undefined
  return {
    // `includes = %w[submission_comments]`, plus `provisional_grades` when the write was provisional: the grades then
    // carry their comments too (provisional_grade_json reads the same includes).
    ...submissionJson(caller, view, submission, {
      includeComments: true,
      includeProvisionalGrades: provisional,
      anonymousRoute,
    }),
    all_submissions: [
      submissionJson(caller, view, submission, { includeProvisionalGrades: provisional, anonymousRoute }),
    ],
  }
}

/**
 * `comment[text_comment]` of PUT …/submissions/:user_id (SubmissionsApiController#update → AbstractAssignment
 * #update_submission → Submission#add_comment):
 *
 * - The controller builds the comment as `{ attempt: comment[:attempt], author: @current_user, comment:
 *   comment[:text_comment], hidden: @submission.hide_comments_from_student? && admin_in_context }` and copies only
 *   `comment[:provisional] = value_to_boolean(submission[:provisional])` from the submission params: `submission[final]`
 *   never reaches the comment.
 * - A provisional comment on a moderated assignment takes a grader slot (`ensure_grader_can_adjudicate(grader:
 *   opts[:author], provisional: opts[:provisional], occupy_slot: true)` in `update_submission_runner`) and lands on the
 *   author's own NON-FINAL provisional grade (`find_or_create_provisional_grade!(opts[:author], final: opts[:final])`
 *   with `opts[:final]` nil: `provisional_grades.not_final.find_by(scorer:)`), created blank (no score) if there is
 *   none — even when the same request wrote the final grade. So a comment sent with a custom grade is not on the
 *   final mark, and is published only if that grader's own grade is the one selected.
 * - Without `submission[provisional]` it is an ordinary comment on the submission (no grade, no slot), hidden from the
 *   student until the grades are posted (hiddenAtCreation), whichever grade is then published.
 * - `comment_causes_posting?` is false on a moderated assignment (it posts manually), so the submission is `touch`ed.
 */
function addApiComment(
  caller: Caller,
  course: Course,
  a: Assignment,
  submission: Submission,
  comment: string,
  provisional: boolean,
) {
  const { world } = caller
  let provisionalGradeId: number | null = null
  if (provisional && a.moderated_grading === true) {
    takeGraderSlot(caller, course, a)
    const own =
      provisionalGradesOf(world, submission).find((pg) => !pg.final && pg.scorer_id === caller.userId) ??
      createProvisionalGrade(world, submission, {
        scorer_id: caller.userId,
        score: null,
        final: false,
        graded_at: null,
        created_at: world.tick(),
      })
    provisionalGradeId = own.id
  }
  const now = world.tick()
  addComment(world, submission, {
    author_id: caller.userId,
    comment,
    created_at: now,
    provisional_grade_id: provisionalGradeId,
    hidden: hiddenAtCreation(world, course, a, submission, caller.userId),
    attempt: null,
  })
  submission.updated_at = now
}

/**
 * `Assignment#grade_student` + `Submission#find_or_create_provisional_grade!`; `compute_grade_and_score` reads the
 * grade by the assignment's grading type (grading.ts).
 */
function gradeStudent(
  caller: Caller,
  course: Course,
  a: Assignment,
  submission: Submission,
  opts: { grade: string; provisional: boolean; final: boolean },
) {
  const { world } = caller
  if (opts.provisional) takeGraderSlot(caller, course, a)
  const score = opts.grade === '' ? null : gradeToScore(world, a, opts.grade)
  const grade = scoreToGrade(world, a, score, opts.grade)

  if (!opts.provisional) {
    const now = world.tick()
    saveSubmissionGrade(world, submission, grade, score)
    submission.grader_id = caller.userId
    if (score !== null) {
      submission.graded_at = now
      submission.grade_matches_current_submission = true
      submission.workflow_state = 'graded'
      if (!a.post_manually && submission.posted_at === null) submission.posted_at = now
    }
    submission.updated_at = now
    return
  }

  // PROVISIONAL_GRADE_INVALID_SCORE: `GradeError.new(error_code: …)` has no message, so SubmissionsApiController#update's
  // `render json: { error: e.to_s }, status: :bad_request` sends the class name (app/models/assignment/grade_error.rb:
  // `super(message)` with nil). The error code is not in the body.
  if (score === null && opts.grade !== '') throw gradeError('Assignment::GradeError')
  const pgs = provisionalGradesOf(world, submission)
  // Submission#find_existing_provisional_grade: the final PG is `provisional_grades.final.first`, whoever wrote it;
  // a non-final one is the caller's own.
  const existing = opts.final
    ? pgs.find((pg) => pg.final)
    : pgs.find((pg) => !pg.final && pg.scorer_id === caller.userId)
  if (existing && modifiesSelectedGrade(world, a, existing)) throw gradeError('Assignment::GradeError')
  // ProvisionalGrade `before_create :must_have_non_final_provisional_grade_to_create_final`: only a new final PG.
  if (!existing && opts.final && !pgs.some((pg) => !pg.final))
    throw gradeError('Cannot give a final mark for a student with no other provisional grades')
  const now = world.tick()
  if (existing) {
    // force_save: graded_at is restamped on every API save; a second moderator takes over the final PG.
    existing.score = score
    existing.grade = grade
    existing.scorer_id = caller.userId
    existing.graded_at = now
    existing.updated_at = now
  } else {
    createProvisionalGrade(world, submission, {
      scorer_id: caller.userId,
      score,
      final: opts.final,
      graded_at: now,
      created_at: now,
    })
  }
  submission.updated_at = now
}

/**
 * PROVISIONAL_GRADE_MODIFY_SELECTED (app/models/submission.rb `update_provisional_grade`): a grade or score for a PG
 * that is selected (`pg.selection.present?`) raises `Assignment::GradeError` unless the PG's scorer *so far* is the
 * assignment's final grader: `pg.scorer_id != assignment.final_grader_id` is checked before the scorer becomes the
 * caller. So a provisional grader cannot change their selected grade; the final grader can change a selected custom
 * grade they wrote, and an admin who changes it takes it over, after which nobody can; on an old row whose
 * final_grader_id is NULL a selected custom grade cannot be changed by anyone. A comment (no grade or score) is not
 * checked. The caller of `gradeStudent` always sends a grade, so every call is checked.
 */
function modifiesSelectedGrade(world: World, a: Assignment, pg: ProvisionalGrade): boolean {
  const selected = selectionsOf(world, a).get(pg.student_id)?.selected_provisional_grade_id === pg.id
  return selected && pg.scorer_id !== a.final_grader_id
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** An assignment's submissions as stored (insertion order), and sorted by user id or anonymous id when asked. */
interface SubmissionOrders {
  /** World#submissionsAdded when these were made. */
  added: number
  stored: readonly Submission[]
  sorted: Partial<Record<'user' | 'anonymous', { rows: readonly Submission[]; storedAt: Int32Array }>>
}
const orderCache = new WeakMap<Map<number, Submission>, SubmissionOrders>()

/**
 * The submissions of `a` that `visible` lets through, by user id or by anonymous id (byte order), as a list that
 * pagination can count and slice. A roster of 10,000 students read 100 per page was sorted again for every page, its
 * students looked up in that sorted order (scattered in memory), and copied into a new 10,000-row list to slice 100
 * from: together most of a page's cost. So the orders are made once and kept until a submission is added anywhere in
 * the world (World#addSubmission; neither id of a submission ever changes); `visible` is asked in the order the rows
 * were stored, which is cheap to walk; and only the page asked for is copied out. `visible` is still asked about
 * every student on every call: enrolments change.
 */
function visibleSubmissionsInOrder(
  world: World,
  a: Assignment,
  by: 'user' | 'anonymous',
  visible: (userId: number) => boolean,
): Sliceable<Submission> {
  const byUser = world.submissions.get(a.id)
  if (!byUser) return []
  let orders = orderCache.get(byUser)
  if (!orders || orders.added !== world.submissionsAdded || orders.stored.length !== byUser.size) {
    orders = { added: world.submissionsAdded, stored: [...byUser.values()], sorted: {} }
    orderCache.set(byUser, orders)
  }
  const { stored } = orders
  let order = orders.sorted[by]
  if (!order) {
    const at = new Map(stored.map((s, i) => [s, i]))
    const rows = [...stored]
    if (by === 'user') rows.sort((x, y) => x.user_id - y.user_id)
    else rows.sort((x, y) => byteOrder(x.anonymous_id, y.anonymous_id))
    order = { rows, storedAt: Int32Array.from(rows, (s) => at.get(s)!) }
    orders.sorted[by] = order
  }
  const shown = new Uint8Array(stored.length)
  let length = 0
  for (let i = 0; i < stored.length; i++) {
    if (visible(stored[i]!.user_id)) {
      shown[i] = 1
      length++
    }
  }
  const { rows, storedAt } = order
  return {
    length,
    // Array#slice's arguments as pagination passes them: 0 <= start, start <= end.
    slice(start: number, end: number): Submission[] {
      const out: Submission[] = []
      let seen = 0
      for (let i = 0; i < rows.length && seen < end; i++) {
        if (!shown[storedAt[i]!]) continue
        if (seen >= start) out.push(rows[i]!)
        seen++
      }
      return out
    },
  }
}

/**
 * GET …/gradeable_students (§2.9): course 404 → grade/view rights → assignment 404 →
 * (include[]=provisional_grades) moderator. Names are hidden only with allow_new_anonymous_id=true. The rows are the
 * assignment's submissions of `context.students_visible_to(@current_user, include: :inactive)`
 * (SubmissionsApiController#gradeable_students, "Section-limited instructors will only see students in their own
 * sections"): inactive students are in, concluded ones are not, and a section-limited caller sees their sections only.
 */
export function gradeableStudents(
  caller: Caller,
  rawCourseId: string | undefined,
  rawAssignmentId: string | undefined,
  params: { include?: unknown; allow_new_anonymous_id?: unknown },
) {
  const { world } = caller
  const course = findCourse(world, rawCourseId)
  if (!canGradeOrView(caller, course)) throw denied(caller)
  const a = findAssignment(world, course, rawAssignmentId)
  const view = pgView(caller, course, a)
  const showNames = truthy(params.allow_new_anonymous_id) ? view.canViewStudents : true
  const include = toList(params.include)
  const includePgs = include.includes('provisional_grades')
  const includeComments = include.includes('submission_comments')
  if (includePgs && !view.moderator) throw denied(caller)
  const pgViewForRows: PgView = { ...view, canViewStudents: showNames }

  const visible = studentsVisibleTo(world, course, caller.userId, { inactive: true })
  const rows = visibleSubmissionsInOrder(world, a, showNames ? 'user' : 'anonymous', visible)
  return {
    rows,
    toJson: (s: Submission) =>
      gradeableStudentJson(caller, pgViewForRows, s, includePgs, includeComments ? view : null),
  }
}
