/**
 * Submissions: rows, Submission JSON, the Submissions API (list/show/update, §2.7, §2.8) and
 * gradeable_students (§2.9).
 */
import type { Caller } from './caller'
import { findAssignment } from './assignments'
import { findCourse, parseId, toList } from './courses'
import { gradeError, notFound } from './errors'
import { ensureSelectionRow, isVisibleStudent, selectionsOf, takeGraderSlot } from './moderation'
import { canGradeOrView, can, denied, gradesPublished, isModerator, accountMembership } from './permissions'
import { generateAnonymousId } from './prng'
import {
  createProvisionalGrade,
  gradeToScore,
  pgView,
  provisionalGradesOf,
  scoreToGrade,
  visibleProvisionalGrades,
  type PgView,
} from './provisional-grades'
import type { Assignment, Course, Submission, User } from './types'
import { avatarUrl } from './users'
import { isoTime, mapOf, type World } from './world'

export interface SubmissionComment {
  id: number
  submission_id: number
  author_id: number
  comment: string
  created_at: number
  provisional: boolean
}

const commentsBySubmission = new WeakMap<World, Map<number, SubmissionComment[]>>()

function commentsOf(world: World, submissionId: number): SubmissionComment[] {
  let map = commentsBySubmission.get(world)
  if (!map) commentsBySubmission.set(world, (map = new Map()))
  let list = map.get(submissionId)
  if (!list) map.set(submissionId, (list = []))
  return list
}

/**
 * A submission row exists for every assigned student (submitted or not). On a moderated assignment the
 * student also gets a selection row (§1.3).
 */
export function createSubmission(
  world: World,
  a: Assignment,
  userId: number,
  input: { submitted_at?: number | null; attempt?: number | null } = {},
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
    posted_at: null,
    updated_at: submitted ?? world.nowMs - 30 * 86_400_000,
  })
  if (a.moderated_grading) ensureSelectionRow(world, a, userId)
  return submission
}

/** "Student N" labels: submissions ordered by anonymous_id in byte order (`anonymous_student_identities`). */
const labelCache = new WeakMap<Map<string, Submission>, { size: number; labels: Map<string, number> }>()
export function anonymousStudentNumber(world: World, a: Assignment, anonymousId: string): number {
  const byAnon = mapOf(world.submissionsByAnonymousId, a.id)
  let cached = labelCache.get(byAnon)
  if (!cached || cached.size !== byAnon.size) {
    const ids = [...byAnon.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
    cached = { size: byAnon.size, labels: new Map(ids.map((id, i) => [id, i + 1])) }
    labelCache.set(byAnon, cached)
  }
  return cached.labels.get(anonymousId) ?? 0
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
    late: false,
    missing: false,
    late_policy_status: null,
    points_deducted: null,
    seconds_late: 0,
    posted_at: isoTime(submission.posted_at),
    extra_attempts: null,
    redo_request: false,
  }
  if (view.canViewStudents) {
    json.preview_url = `${view.origin}/courses/${view.course.id}/assignments/${a.id}/submissions/${submission.user_id}?preview=1&version=${submission.attempt ?? 0}`
  }
  if (opts.includeComments) {
    json.submission_comments = commentsOf(world, submission.id)
      .filter((c) => !c.provisional || view.moderator || c.author_id === caller.userId)
      .map((c) => ({
        id: c.id,
        author_id: c.author_id,
        author_name: world.users.get(c.author_id)?.name ?? '',
        comment: c.comment,
        created_at: isoTime(c.created_at),
      }))
  }
  if (opts.includeProvisionalGrades && a.moderated_grading) {
    json.provisional_grades = visibleProvisionalGrades(world, view, submission)
  }
  return json
}

function loadAssignment(caller: Caller, rawCourseId: string | undefined, rawAssignmentId: string | undefined) {
  const course = findCourse(caller.world, rawCourseId)
  return { course, a: findAssignment(caller.world, course, rawAssignmentId) }
}

/** GET …/submissions (needs manage_grades or view_all_grades; ordered by user id). */
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
  const includeProvisionalGrades = toList(params.include).includes('provisional_grades')
  const rows = [...(world.submissions.get(a.id)?.values() ?? [])]
    .filter((s) => isVisibleStudent(world, course, s.user_id))
    .sort((x, y) => x.user_id - y.user_id)
  return { rows, toJson: (s: Submission) => submissionJson(caller, view, s, { includeProvisionalGrades }) }
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
    if (!submission) throw notFound()
    return submission
  }
  const userId = target.userId === 'self' ? caller.userId : parseId(target.userId)
  // get_user_considering_section: students visible to the caller, including concluded ("priors").
  if (userId === null || !isVisibleStudent(world, course, userId, true)) throw notFound()
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
  if (sub && sub.posted_grade !== undefined && !provisional && a.moderated_grading && !gradesPublished(a))
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
    gradeStudent(caller, course, a, submission, { grade: String(postedGrade), provisional, final })
  } else if (excuse !== undefined && !provisional) {
    submission.excused = truthy(excuse)
    submission.grader_id = caller.userId
    submission.updated_at = world.tick()
  }

  const comment =
    isRecord(params.comment) && typeof params.comment.text_comment === 'string' ? params.comment.text_comment : null
  if (comment) {
    // A provisional comment on a moderated assignment takes a grader slot and, without a PG, creates a
    // blank one (score and graded_at null).
    if (provisional && a.moderated_grading) {
      takeGraderSlot(caller, course, a)
      const own = provisionalGradesOf(world, submission).find(
        (pg) => pg.scorer_id === caller.userId && pg.final === final,
      )
      if (!own)
        createProvisionalGrade(world, submission, {
          scorer_id: caller.userId,
          score: null,
          final,
          graded_at: null,
          created_at: world.tick(),
        })
    }
    const now = world.tick()
    commentsOf(world, submission.id).push({
      id: world.nextId('submission_comments', 1),
      submission_id: submission.id,
      author_id: caller.userId,
      comment,
      created_at: now,
      provisional: provisional && a.moderated_grading,
    })
    submission.updated_at = now
  }

  const view = pgView(caller, course, a)
  const anonymousRoute = target.anonymousId !== undefined
  return {
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

/** `Assignment#grade_student` + `Submission#find_or_create_provisional_grade!` for points grading. */
function gradeStudent(
  caller: Caller,
  course: Course,
  a: Assignment,
  submission: Submission,
  opts: { grade: string; provisional: boolean; final: boolean },
) {
  const { world } = caller
  if (opts.provisional) takeGraderSlot(caller, course, a)
  const score = opts.grade === '' ? null : gradeToScore(opts.grade, a.points_possible)
  const grade = scoreToGrade(score)

  if (!opts.provisional) {
    const now = world.tick()
    submission.grade = grade
    submission.score = score
    submission.entered_grade = grade
    submission.entered_score = score
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

  // PROVISIONAL_GRADE_INVALID_SCORE: a GradeError without a message (body inferred as the class name).
  if (score === null && opts.grade !== '') throw gradeError('Assignment::GradeError')
  const pgs = provisionalGradesOf(world, submission)
  if (opts.final) {
    if (!pgs.some((pg) => !pg.final))
      throw gradeError('Cannot give a final mark for a student with no other provisional grades')
  }
  const existing = opts.final
    ? pgs.find((pg) => pg.final)
    : pgs.find((pg) => !pg.final && pg.scorer_id === caller.userId)
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

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * GET …/gradeable_students (§2.9): course 404 → grade/view rights → assignment 404 →
 * (include[]=provisional_grades) moderator. Names are hidden only with allow_new_anonymous_id=true.
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
  const includePgs = toList(params.include).includes('provisional_grades')
  if (includePgs && !view.moderator) throw denied(caller)
  const pgViewForRows: PgView = { ...view, canViewStudents: showNames }

  const rows = [...(world.submissions.get(a.id)?.values() ?? [])].filter((s) =>
    isVisibleStudent(world, course, s.user_id),
  )
  if (showNames) rows.sort((x, y) => x.user_id - y.user_id)
  else rows.sort((x, y) => (x.anonymous_id < y.anonymous_id ? -1 : x.anonymous_id > y.anonymous_id ? 1 : 0))
  const selections = selectionsOf(world, a)

  const toJson = (s: Submission) => {
    const user = world.users.get(s.user_id)!
    const json: Record<string, unknown> = showNames
      ? userDisplayJson(caller.origin, course, user)
      : {
          anonymous_id: s.anonymous_id,
          avatar_image_url: avatarUrl(caller.origin, null),
          display_name: `Student ${anonymousStudentNumber(world, a, s.anonymous_id)}`,
        }
    if (includePgs) {
      // in_moderation_set = one of the student's PGs is currently selected (not "has a selection row").
      const selectedId = selections.get(s.user_id)?.selected_provisional_grade_id ?? null
      const selected = selectedId !== null && provisionalGradesOf(world, s).some((pg) => pg.id === selectedId)
      json.in_moderation_set = selected
      json.selected_provisional_grade_id = selected ? selectedId : null
      json.provisional_grades = visibleProvisionalGrades(world, pgViewForRows, s)
    }
    return json
  }
  return { rows, toJson }
}

/** `user_display_json`: anonymous_id here is base-36 of the user id, not the submission's anonymous id. */
export function userDisplayJson(origin: string, course: Course, user: User) {
  return {
    id: user.id,
    anonymous_id: user.id.toString(36),
    display_name: user.short_name,
    avatar_image_url: avatarUrl(origin, user),
    html_url: `${origin}/courses/${course.id}/users/${user.id}`,
    pronouns: user.pronouns,
  }
}
