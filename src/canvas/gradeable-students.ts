import { canvasRequest } from './http'
import type { AssignmentRef } from './keys'
import { lenientArray, mapItems } from './lenient'
import { parseLinkHeader, streamNumberedPages, streamPages, type PageChunk } from './pagination'
import type { GradeableStudent, ProvisionalGrade, Selection } from './types'
import {
  gradeableStudentWire,
  type GradeableStudentWire,
  type ProvisionalGradeWire,
  type SelectionWire,
} from './wire/moderation'

export const GRADEABLE_STUDENTS_PER_PAGE = 100
const GRADEABLE_STUDENTS_QUERY = {
  'include[]': ['provisional_grades'],
  allow_new_anonymous_id: true,
  per_page: GRADEABLE_STUDENTS_PER_PAGE,
}
const gradeableStudentsPath = (ref: AssignmentRef) =>
  `/courses/${ref.courseId}/assignments/${ref.assignmentId}/gradeable_students`

export function studentKeyOf(row: { id?: number; anonymous_id?: string }): string {
  return row.id !== undefined ? `u:${row.id}` : `a:${row.anonymous_id ?? '?'}`
}

/** Canvas swaps `scorer_id` for `anonymous_grader_id` when the caller may not see grader identities (§5.2). */
export function graderKeyOf(pg: Pick<ProvisionalGradeWire, 'scorer_id' | 'anonymous_grader_id'>): string {
  if (pg.scorer_id !== undefined) return `u:${pg.scorer_id}`
  return `a:${pg.anonymous_grader_id ?? '?'}`
}

export function toProvisionalGrade(w: ProvisionalGradeWire): ProvisionalGrade {
  return {
    id: w.provisional_grade_id,
    // `grade`/`score`, which every Canvas version sends and publishing copies, not `entered_grade`/`entered_score`:
    // older servers lack those, and Canvas defines them as the same values (provisional_grade.rb, grade_attributes).
    grade: w.grade,
    score: w.score,
    gradedAt: w.graded_at,
    final: w.final,
    matchesCurrentSubmission: w.grade_matches_current_submission,
    speedGraderUrl: w.speedgrader_url,
    graderKey: graderKeyOf(w),
    scorerId: w.scorer_id,
    anonymousGraderId: w.anonymous_grader_id,
  }
}

/**
 * A row's label. Canvas's current anonymous rows say "Student N"; older ones have no display_name at all, so
 * the label is made from the anonymous id, never from anything that could be a name.
 */
function studentLabel(w: GradeableStudentWire, anonymousId: string): string {
  if (w.display_name) return w.display_name
  return w.id === undefined ? `Student ${anonymousId}` : `User ${w.id}`
}

export function toGradeableStudent(w: GradeableStudentWire): GradeableStudent {
  // Older user_display_json has no anonymous_id; the current one is the user id in base 36 (lib/api/v1/user.rb).
  // The wire schema ensures a row without an id has an anonymous_id.
  const anonymousId = w.anonymous_id ?? w.id?.toString(36) ?? '?'
  return {
    key: studentKeyOf(w),
    userId: w.id,
    anonymousId,
    anonymous: w.id === undefined,
    displayName: studentLabel(w, anonymousId),
    testStudent: w.fake_student === true,
    inModerationSet: w.in_moderation_set ?? false,
    selectedGradeId: w.selected_provisional_grade_id ?? null,
    grades: (w.provisional_grades ?? []).map(toProvisionalGrade),
  }
}

export function toSelection(w: SelectionWire): Selection {
  return {
    studentKey: w.student_id !== undefined ? `u:${w.student_id}` : `a:${w.anonymous_id ?? '?'}`,
    selectedGradeId: w.selected_provisional_grade_id,
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v)
const isString = (v: unknown) => typeof v === 'string'
const orAbsent = (v: unknown, is: (v: unknown) => boolean) => v === undefined || is(v)
const orNull = (v: unknown, is: (v: unknown) => boolean) => v === null || is(v)
const orNullish = (v: unknown, is: (v: unknown) => boolean) => v === undefined || v === null || is(v)
const isBoolean = (v: unknown) => typeof v === 'boolean'

/** `provisionalGradeWire` (wire/moderation.ts) as a plain check; `gradeableStudentWire` decides when this says no. */
function fitsProvisionalGrade(v: unknown): boolean {
  return (
    isObject(v) &&
    isNumber(v.provisional_grade_id) &&
    orNull(v.grade, isString) &&
    orNull(v.score, isNumber) &&
    orNull(v.graded_at, isString) &&
    orAbsent(v.scorer_id, isNumber) &&
    orNullish(v.anonymous_grader_id, isString) &&
    orNull(v.graded_anonymously, isBoolean) &&
    orNullish(v.entered_grade, isString) &&
    orNullish(v.entered_score, isNumber) &&
    isBoolean(v.final) &&
    isBoolean(v.grade_matches_current_submission) &&
    isString(v.speedgrader_url) &&
    orAbsent(v.selected, isBoolean) &&
    orAbsent(v.readonly, isBoolean) &&
    orAbsent(v.scorer_name, isString) &&
    orAbsent(v.submission_comments, Array.isArray) &&
    orAbsent(v.rubric_assessments, Array.isArray)
  )
}

/**
 * Whether a gradeable_students row certainly fits `gradeableStudentWire`, checked by hand: every row of a large
 * roster goes through this, and zod's own check of it costs ten times as much (lenient.ts `fits`). A row it does
 * not accept is checked by the schema as before, so a row Canvas sends in another form is read (or left out) as
 * the schema says.
 */
export function fitsGradeableStudent(v: unknown): boolean {
  return (
    isObject(v) &&
    orAbsent(v.id, isNumber) &&
    orAbsent(v.anonymous_id, isString) &&
    (v.id !== undefined || v.anonymous_id !== undefined) &&
    orNullish(v.display_name, isString) &&
    orNullish(v.avatar_image_url, isString) &&
    orAbsent(v.html_url, isString) &&
    orNullish(v.pronouns, isString) &&
    orAbsent(v.fake_student, isBoolean) &&
    orAbsent(v.in_moderation_set, isBoolean) &&
    orNullish(v.selected_provisional_grade_id, isNumber) &&
    orAbsent(v.provisional_grades, (pgs) => Array.isArray(pgs) && pgs.every(fitsProvisionalGrade))
  )
}

const GRADEABLE_STUDENT_ROWS = { fits: fitsGradeableStudent }

/**
 * gradeable_students with provisional grades, page by page as they land (contract §2.9, §7.2).
 * `allow_new_anonymous_id=true` makes Canvas hide student names when the caller may not see them.
 *
 * Once page 1 tells how many pages there are, every other page is asked for at once, as a `background` request
 * of the throttle queue (throttle.ts): that queue keeps as many in flight as Canvas's throttle allows and lets a
 * user's selection or any ordinary read go ahead of them. Over HTTP/1.1 the queue's limit is still above the
 * browser's 6 connections per origin, so the browser sends the next page the moment a connection frees, without
 * waiting for the main thread to parse the page that just landed; over HTTP/2 the limit is the queue's.
 *
 * Rows are read one by one: a row that cannot be read is left out and counted in the page's `skipped`, which
 * the screens report as students not shown (and publish readiness as an incomplete roster).
 */
export async function* streamGradeableStudents(
  ref: AssignmentRef & { signal?: AbortSignal },
): AsyncGenerator<PageChunk<GradeableStudent>> {
  for await (const chunk of streamPages({
    path: gradeableStudentsPath(ref),
    query: GRADEABLE_STUDENTS_QUERY,
    item: gradeableStudentWire,
    signal: ref.signal,
    lenient: GRADEABLE_STUDENT_ROWS,
  })) {
    yield { ...chunk, items: chunk.items.map(toGradeableStudent) }
  }
}

/**
 * Only pages `pages` of gradeable_students (same query as the stream, so Canvas serves the same pages), for a roster
 * whose page 1 said there are `totalPages`: the pages a failed load is missing. Rows are read as the stream reads them.
 */
export async function* streamGradeableStudentPages(
  ref: AssignmentRef & { signal?: AbortSignal; pages: number[]; totalPages: number; perPage: number | undefined },
): AsyncGenerator<PageChunk<GradeableStudent>> {
  for await (const chunk of streamNumberedPages({
    path: gradeableStudentsPath(ref),
    query: GRADEABLE_STUDENTS_QUERY,
    item: gradeableStudentWire,
    signal: ref.signal,
    lenient: GRADEABLE_STUDENT_ROWS,
    pages: ref.pages,
    totalPages: ref.totalPages,
    perPage: ref.perPage,
  })) {
    yield { ...chunk, items: chunk.items.map(toGradeableStudent) }
  }
}

/**
 * Only the first page of gradeable_students (the roster's own first request, so Canvas serves the same page):
 * enough for an exact summary of a course of up to 100 students, and a lower bound for a larger one.
 * `skipped` counts the rows of that page that could not be read.
 */
export async function getGradeableStudentsFirstPage(
  ref: AssignmentRef & { signal?: AbortSignal },
): Promise<{ students: GradeableStudent[]; skipped: number; more: boolean }> {
  const { data, headers } = await canvasRequest({
    path: gradeableStudentsPath(ref),
    query: GRADEABLE_STUDENTS_QUERY,
    schema: lenientArray(gradeableStudentWire, GRADEABLE_STUDENT_ROWS),
    signal: ref.signal,
  })
  const links = parseLinkHeader(headers.get('Link'))
  const page = mapItems(data, toGradeableStudent)
  return { students: page.items, skipped: page.skipped.length, more: links.next !== undefined }
}
