/**
 * Provisional grades (contract §1.4, §3) and the provisional_grades controller: status, select,
 * bulk_select, publish (§2.3–§2.6).
 */
import type { Caller } from './caller'
import { loadAssignment } from './assignments'
import { internalError, messageError, missingParam, notFound, SimError } from './errors'
import { latePointsDeducted, scoreToGrade } from './grading'
import { canBeModeratedGrader, gradersOf, isCourseStudent, isVisibleStudent, selectionsOf } from './moderation'
import { paramText, parseId, toList } from './params'
import {
  can,
  canGradeOrView,
  canViewGraderIdentities,
  canViewStudentNames,
  denied,
  gradesPublished,
  isModerator,
} from './permissions'
import { provisionalGradeCommentsJson, publishProvisionalComments } from './submission-comments'
import type { Assignment, Course, ProvisionalGrade, Selection, Submission } from './types'
import { isoTime, type World } from './world'

export function createProvisionalGrade(
  world: World,
  submission: Submission,
  input: {
    scorer_id: number
    score: number | null
    final?: boolean
    graded_at?: number | null
    created_at?: number
    /** The grade as entered (`compute_grade_and_score` passes it to `score_to_grade`); default: from the score. */
    given_grade?: string
  },
): ProvisionalGrade {
  const created = input.created_at ?? world.nowMs
  const a = world.assignments.get(submission.assignment_id)!
  return world.addProvisionalGrade({
    id: world.nextId('provisional_grades', 1),
    submission_id: submission.id,
    assignment_id: submission.assignment_id,
    student_id: submission.user_id,
    scorer_id: input.scorer_id,
    score: input.score,
    grade: scoreToGrade(world, a, input.score, input.given_grade),
    graded_at: input.graded_at === undefined ? (input.score === null ? null : created) : input.graded_at,
    graded_anonymously: null,
    final: input.final ?? false,
    created_at: created,
    seq: world.nextPgSeq(),
    updated_at: created,
  })
}

/** All PGs of a submission in Canvas's order: created_at, final last. */
export function provisionalGradesOf(world: World, submission: Submission): ProvisionalGrade[] {
  const list = world.provisionalGradesBySubmission.get(submission.id) ?? []
  return [...list].sort((a, b) => Number(a.final) - Number(b.final) || a.created_at - b.created_at || a.seq - b.seq)
}

/** false when the student submitted after the grade was given (true when either time is missing). */
export function gradeMatchesCurrentSubmission(submission: Submission, pg: ProvisionalGrade): boolean {
  if (submission.submitted_at === null || pg.graded_at === null) return true
  return submission.submitted_at <= pg.graded_at
}

/** What the caller may see, computed once per request (§5). */
export interface PgView {
  origin: string
  course: Course
  assignment: Assignment
  canViewGraders: boolean
  canViewStudents: boolean
  moderator: boolean
  userId: number
}

export function pgView(caller: Caller, course: Course, a: Assignment): PgView {
  return {
    origin: caller.origin,
    course,
    assignment: a,
    canViewGraders: canViewGraderIdentities(caller, course, a),
    canViewStudents: canViewStudentNames(caller, course, a),
    moderator: isModerator(caller.world, course, a, caller.userId),
    userId: caller.userId,
  }
}

/** SpeedGrader link, query keys alphabetical as Rails' `to_query`. */
export function speedGraderUrl(view: PgView, submission: Submission): string {
  const base = `${view.origin}/courses/${view.course.id}/gradebook/speed_grader`
  return view.canViewStudents
    ? `${base}?assignment_id=${view.assignment.id}&student_id=${submission.user_id}`
    : `${base}?anonymous_id=${encodeURIComponent(submission.anonymous_id)}&assignment_id=${view.assignment.id}`
}

/**
 * PG JSON exactly as §3 (`grade_attributes` + `provisional_grade_json`). An assignment with `legacyJson` gets the
 * older `grade_attributes`, without `entered_grade`/`entered_score` (app/models/moderated_grading/provisional_grade.rb
 * before about 2018).
 */
export function provisionalGradeJson(world: World, view: PgView, submission: Submission, pg: ProvisionalGrade) {
  const identity = view.canViewGraders
    ? { scorer_id: pg.scorer_id }
    : { anonymous_grader_id: gradersOf(world, view.assignment).get(pg.scorer_id)?.anonymous_id ?? null }
  return {
    provisional_grade_id: pg.id,
    grade: pg.grade,
    score: pg.score,
    graded_at: isoTime(pg.graded_at),
    ...identity,
    graded_anonymously: pg.graded_anonymously,
    ...(view.assignment.legacyJson ? {} : { entered_grade: pg.grade, entered_score: pg.score }),
    final: pg.final,
    grade_matches_current_submission: gradeMatchesCurrentSubmission(submission, pg),
    speedgrader_url: speedGraderUrl(view, submission),
  }
}

/** `submission_provisional_grades_json`: moderators see every PG, anyone else only the PGs they scored. */
export function visibleProvisionalGrades(world: World, view: PgView, submission: Submission) {
  return provisionalGradesOf(world, submission)
    .filter((pg) => view.moderator || pg.scorer_id === view.userId)
    .map((pg) => provisionalGradeJson(world, view, submission, pg))
}

// ---- controller actions ----

function requireModerator(caller: Caller, course: Course, a: Assignment) {
  if (!isModerator(caller.world, course, a, caller.userId)) throw denied(caller)
}

function selectionJson(caller: Caller, course: Course, a: Assignment, submission: Submission, pgId: number) {
  return canViewStudentNames(caller, course, a)
    ? { assignment_id: a.id, student_id: submission.user_id, selected_provisional_grade_id: pgId }
    : { assignment_id: a.id, selected_provisional_grade_id: pgId, anonymous_id: submission.anonymous_id }
}

/** PUT …/provisional_grades/:id/select (§2.4). Does not check grades_published (inferred from the code). */
export function selectProvisionalGrade(
  caller: Caller,
  rawCourseId: string | undefined,
  rawAssignmentId: string | undefined,
  rawPgId: string | undefined,
) {
  const { world } = caller
  const { course, a } = loadAssignment(caller, rawCourseId, rawAssignmentId)
  requireModerator(caller, course, a)
  const id = parseId(rawPgId)
  const pg = id === null ? undefined : world.provisionalGrades.get(id)
  if (!pg || pg.assignment_id !== a.id) throw notFound()
  const row = selectionsOf(world, a).get(pg.student_id)
  if (!row) throw messageError(400, 'student not in moderation set')
  return applySelection(caller, course, a, row, pg, world.tick())
}

/** Saves one selection: the row points at the grade, and the submission is touched (Canvas does both). */
function applySelection(
  caller: Caller,
  course: Course,
  a: Assignment,
  row: Selection,
  pg: ProvisionalGrade,
  now: number,
) {
  row.selected_provisional_grade_id = pg.id
  row.updated_at = now
  const submission = caller.world.submissionsById.get(pg.submission_id)!
  submission.updated_at = now
  return selectionJson(caller, course, a, submission, pg.id)
}

/**
 * PUT …/provisional_grades/bulk_select (§2.5): foreign/unknown ids ignored, the last id per student wins,
 * only changed selections are saved and returned. A student without a selection row is a server error in Canvas
 * (inferred), so 500 here. `provisional_grade_ids` must be a list: ProvisionalGradesController#bulk_select calls
 * `provisional_grade_ids.each_with_object` with no `Array(...)`, so a missing param (nil), one value
 * (`provisional_grade_ids=5`, JSON `5` or `"5"`) or a hash raises NoMethodError → 500.
 */
export function bulkSelectProvisionalGrades(
  caller: Caller,
  rawCourseId: string | undefined,
  rawAssignmentId: string | undefined,
  params: { provisional_grade_ids?: unknown },
) {
  const { world } = caller
  const { course, a } = loadAssignment(caller, rawCourseId, rawAssignmentId)
  requireModerator(caller, course, a)
  if (!Array.isArray(params.provisional_grade_ids)) throw internalError()
  const byStudent = new Map<number, ProvisionalGrade>()
  for (const raw of toList(params.provisional_grade_ids)) {
    const id = parseId(raw)
    const pg = id === null ? undefined : world.provisionalGrades.get(id)
    if (!pg || pg.assignment_id !== a.id) continue
    byStudent.delete(pg.student_id) // re-insert so iteration order follows the winning id
    byStudent.set(pg.student_id, pg)
  }
  const rows = selectionsOf(world, a)
  for (const studentId of byStudent.keys()) if (!rows.has(studentId)) throw internalError()
  const changed = [...byStudent.values()].filter(
    (pg) => rows.get(pg.student_id)!.selected_provisional_grade_id !== pg.id,
  )
  if (changed.length === 0) return []
  const now = world.tick()
  return changed.map((pg) => applySelection(caller, course, a, rows.get(pg.student_id)!, pg, now))
}

/**
 * GET …/provisional_grades/status and …/anonymous_provisional_grades/status (§2.3), in Canvas's order:
 * student lookup (400 missing / 404 unknown) → grade rights → moderated → published → body.
 *
 * The student is looked up in `@context.students` (ProvisionalGradesController#status), i.e. `Course#students`,
 * whose enrolments exclude the workflow states rejected, completed, deleted and inactive
 * (app/models/course.rb `student_enrollments`): an inactive or concluded student is 404, before the rights check.
 */
export function provisionalGradeStatus(
  caller: Caller,
  rawCourseId: string | undefined,
  rawAssignmentId: string | undefined,
  params: { student_id?: unknown; anonymous_id?: unknown; last_updated_at?: unknown },
  anonymous: boolean,
) {
  const { world } = caller
  const { course, a } = loadAssignment(caller, rawCourseId, rawAssignmentId)
  let submission: Submission | undefined
  if (anonymous) {
    // `params.fetch`: present but not one value (`anonymous_id[]=…`) names no student, as an unknown id → 404.
    if (params.anonymous_id === undefined) throw missingParam('anonymous_id')
    const anonymousId = paramText(params.anonymous_id)
    if (anonymousId !== undefined) submission = world.submissionsByAnonymousId.get(a.id)?.get(anonymousId)
  } else {
    if (params.student_id === undefined) throw missingParam('student_id')
    const studentId = parseId(paramText(params.student_id))
    if (studentId !== null) submission = world.submissions.get(a.id)?.get(studentId)
  }
  if (!submission || !isCourseStudent(world, course, submission.user_id)) throw notFound()
  if (!canGradeOrView(caller, course)) throw denied(caller)
  if (!a.moderated_grading) throw messageError(400, 'Assignment does not use moderated grading')
  if (gradesPublished(a)) throw messageError(400, 'Assignment grades have already been published')

  const body: Record<string, unknown> = { needs_provisional_grade: canBeModeratedGrader(caller, course, a) }
  const lastUpdated = typeof params.last_updated_at === 'string' ? Date.parse(params.last_updated_at) : NaN
  if (
    typeof params.last_updated_at === 'string' &&
    Math.floor(lastUpdated / 1000) !== Math.floor(submission.updated_at / 1000)
  ) {
    if (!isModerator(world, course, a, caller.userId)) throw denied(caller)
    const view = pgView(caller, course, a)
    const selected = selectionsOf(world, a).get(submission.user_id)?.selected_provisional_grade_id ?? null
    const detail = (pg: ProvisionalGrade) => ({
      ...provisionalGradeJson(world, view, submission, pg),
      // ProvisionalGradesBaseController#status: `provisional_grade_json(..., includes: %w(submission_comments
      // rubric_assessment))`: each grade's own comments and the ordinary ones (submission-comments.ts).
      submission_comments: provisionalGradeCommentsJson(world, view, submission, pg.id),
      ...(view.canViewGraders ? { rubric_assessments: [] } : {}),
      selected: pg.id === selected,
      readonly: !pg.final && pg.scorer_id !== caller.userId,
      ...(view.canViewGraders ? { scorer_name: world.users.get(pg.scorer_id)?.name ?? '' } : {}),
    })
    const all = world.provisionalGradesBySubmission.get(submission.id) ?? []
    body.provisional_grades = all
      .filter((pg) => !pg.final)
      .sort((x, y) => x.id - y.id)
      .map(detail)
    const final = all.find((pg) => pg.final)
    if (final) body.final_provisional_grade = detail(final)
  }
  return body
}

/**
 * POST …/provisional_grades/publish (§2.6): unauthorized → 400 not moderated → 400 already published →
 * 422 ambiguous → 200. Chooses one PG per submission, copies it into the submission, sets
 * grades_published_at. Concluded students are skipped (their PGs are not applied).
 */
export function publishProvisionalGrades(
  caller: Caller,
  rawCourseId: string | undefined,
  rawAssignmentId: string | undefined,
) {
  const { world } = caller
  const { course, a } = loadAssignment(caller, rawCourseId, rawAssignmentId)
  if (!can(caller, course, 'manage_grades') || !isModerator(world, course, a, caller.userId)) throw denied(caller)
  if (!a.moderated_grading) throw messageError(400, 'Assignment does not use moderated grading')
  if (a.grades_published_at !== null) throw messageError(400, 'Assignment grades have already been published')

  const rows = selectionsOf(world, a)
  const chosen: Array<[Submission, ProvisionalGrade]> = []
  for (const submission of world.submissions.get(a.id)?.values() ?? []) {
    if (!isVisibleStudent(world, course, submission.user_id)) continue // concluded (or gone): not applied
    const pgs = provisionalGradesOf(world, submission)
    if (pgs.length === 0) continue
    const selectedId = rows.get(submission.user_id)?.selected_provisional_grade_id ?? null
    let pick = selectedId === null ? undefined : pgs.find((pg) => pg.id === selectedId)
    if (!pick) {
      const graded = pgs.filter((pg) => pg.graded_at !== null)
      pick = graded.length === 1 ? graded[0] : pgs.find((pg) => pg.graded_at === null)
    }
    if (!pick) throw new SimError(422, { message: 'All submissions must have a selected grade' })
    chosen.push([submission, pick])
  }

  const now = world.tick()
  for (const [submission, pg] of chosen) {
    copyGradeToSubmission(world, submission, pg, now)
    // publish! → publish_submission_comments!: only this (the published) grade's own comments reach the student.
    publishProvisionalComments(world, submission, pg.id, now)
  }
  a.grades_published_at = now
  a.updated_at = now
  return { message: 'OK' }
}

/**
 * A grade saved on the submission: `entered_grade`/`entered_score` as given, and `Submission#apply_late_policy`: with a
 * course late policy a late submission gets `score = entered_score - points_deducted` (app/models/submission.rb,
 * app/models/late_policy.rb `points_deducted`).
 */
export function saveSubmissionGrade(world: World, submission: Submission, grade: string | null, score: number | null) {
  const a = world.assignments.get(submission.assignment_id)!
  const policy = world.courses.get(a.course_id)?.late_policy ?? null
  submission.entered_grade = grade
  submission.entered_score = score
  if (policy && score !== null && submission.seconds_late > 0 && !submission.excused) {
    const deducted = latePointsDeducted(policy, a, score, submission.seconds_late)
    submission.points_deducted = deducted
    submission.score = Math.round((score - deducted) * 100) / 100
    submission.grade = scoreToGrade(world, a, submission.score)
  } else {
    submission.score = score
    submission.grade = grade
  }
}

/**
 * What publish does to each submission (contract §1.6.3): the chosen provisional grade becomes the real grade.
 * `ProvisionalGrade#publish!` saves the submission, so the late policy applies (the gradebook score can be below the
 * provisional one).
 */
export function copyGradeToSubmission(world: World, submission: Submission, pg: ProvisionalGrade, at: number) {
  saveSubmissionGrade(world, submission, pg.grade, pg.score)
  submission.grader_id = pg.scorer_id
  submission.graded_anonymously = pg.graded_anonymously
  submission.graded_at = at
  submission.grade_matches_current_submission = true
  if (pg.score !== null) submission.workflow_state = 'graded'
  submission.updated_at = at
}
