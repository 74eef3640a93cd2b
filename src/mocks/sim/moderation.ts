/**
 * Moderation graders (slots, contract §1.2) and the moderation set (selection rows, §1.3, §2.1, §2.2).
 */
import type { Caller } from './caller'
import { loadAssignment } from './assignments'
import { internalError, SimError } from './errors'
import { generateAnonymousId } from './prng'
import { canGradeOrView, denied, isModerator } from './permissions'
import type { Assignment, Course, ModerationGrader, Selection } from './types'
import { userJson } from './users'
import { mapOf, type World } from './world'

export const MAX_GRADERS_REACHED = 'The maximum number of graders has been reached for this assignment.'

export function gradersOf(world: World, a: Assignment): Map<number, ModerationGrader> {
  return mapOf(world.moderationGraders, a.id)
}

/** `provisional_moderation_graders`: slot holders, excluding the final grader. */
export function provisionalGraderCount(world: World, a: Assignment): number {
  let n = 0
  for (const g of gradersOf(world, a).values()) if (g.slot_taken && g.user_id !== a.final_grader_id) n++
  return n
}

/**
 * `moderated_grader_limit_reached?`: `moderated_grading? && provisional_moderation_graders.count >= grader_count`.
 * On an old row whose grader_count is NULL, Ruby's `Integer >= nil` raises ArgumentError, so Canvas answers 500
 * wherever it asks (grading, the status endpoint) — inferred from the code; no backfill of the column was found.
 */
export function graderLimitReached(world: World, a: Assignment): boolean {
  if (a.moderated_grading !== true) return false
  if (a.grader_count === null) throw internalError()
  return provisionalGraderCount(world, a) >= a.grader_count
}

/**
 * `can_be_moderated_grader?`: needs manage_grades or view_all_grades; true while the limit is not
 * reached, afterwards only for the final grader or someone already holding a slot.
 */
export function canBeModeratedGrader(caller: Caller, course: Course, a: Assignment): boolean {
  if (!canGradeOrView(caller, course)) return false
  if (!graderLimitReached(caller.world, a)) return true
  if (a.final_grader_id === caller.userId) return true
  return gradersOf(caller.world, a).get(caller.userId)?.slot_taken === true
}

/** Create (or find) the grader row; `slot_taken: false` is what opening SpeedGrader does. */
export function ensureModerationGrader(
  world: World,
  a: Assignment,
  userId: number,
  slotTaken: boolean,
): ModerationGrader {
  const graders = gradersOf(world, a)
  let grader = graders.get(userId)
  if (!grader) {
    const taken = new Set([...graders.values()].map((g) => g.anonymous_id))
    grader = {
      assignment_id: a.id,
      user_id: userId,
      anonymous_id: generateAnonymousId(world.rng, taken),
      slot_taken: slotTaken,
    }
    graders.set(userId, grader)
  } else if (slotTaken) {
    grader.slot_taken = true
  }
  return grader
}

/**
 * `ensure_grader_can_adjudicate(occupy_slot: true)`: provisional grading on a moderated assignment takes
 * a slot; when the limit is reached and the grader has none, Assignment::MaxGradersReachedError.
 * Through the Submissions API that surfaces as 400 {"error": …} (its :forbidden status is ignored).
 */
export function takeGraderSlot(caller: Caller, course: Course, a: Assignment) {
  if (a.moderated_grading !== true) return
  if (!canBeModeratedGrader(caller, course, a)) throw new SimError(400, { error: MAX_GRADERS_REACHED })
  ensureModerationGrader(caller.world, a, caller.userId, true)
}

// ---- selection rows ----

export function selectionsOf(world: World, a: Assignment): Map<number, Selection> {
  return mapOf(world.selections, a.id)
}

/** `Moderation#create_moderation_selections_for_assignment`: a row for every assigned student. */
export function ensureSelectionRow(world: World, a: Assignment, studentId: number): Selection {
  const rows = selectionsOf(world, a)
  let row = rows.get(studentId)
  if (!row) {
    row = { assignment_id: a.id, student_id: studentId, selected_provisional_grade_id: null, updated_at: world.nowMs }
    rows.set(studentId, row)
  }
  return row
}

/** Test seam: a student that has no selection row (Canvas: e.g. not assigned when dates were recomputed). */
export function removeSelectionRow(world: World, assignmentId: number, studentId: number) {
  world.selections.get(assignmentId)?.delete(studentId)
}

function moderatedContext(caller: Caller, rawCourseId: string | undefined, rawAssignmentId: string | undefined) {
  const { course, a } = loadAssignment(caller, rawCourseId, rawAssignmentId)
  if (!isModerator(caller.world, course, a, caller.userId)) throw denied(caller)
  return { course, a }
}

/**
 * `Course#students` (app/models/course.rb `student_enrollments`): a StudentEnrollment or StudentViewEnrollment whose
 * workflow state is not rejected, completed (concluded), deleted or inactive. Enrolments inactive only by date stay
 * in it (their workflow state is active).
 */
export function isCourseStudent(world: World, course: Course, userId: number): boolean {
  for (const e of world.enrollmentsByUser.get(userId) ?? [])
    if (e.course_id === course.id && e.type === 'student' && (e.state === 'active' || e.state === 'invited'))
      return true
  return false
}

/**
 * Students of the course whoever asks: active, invited and inactive student enrollments (concluded are "priors").
 * Publish and the moderation set use it; what a caller may list (section limits) is `studentsVisibleTo` in
 * visibility.ts.
 */
export function isVisibleStudent(world: World, course: Course, userId: number, includeConcluded = false): boolean {
  for (const e of world.enrollmentsByUser.get(userId) ?? []) {
    if (e.course_id !== course.id || e.type !== 'student') continue
    if (e.state !== 'concluded' || includeConcluded) return true
  }
  return false
}

/** GET …/moderated_students: users with a selection row, by user id (paginated by the handler). */
export function listModeratedStudents(
  caller: Caller,
  rawCourseId: string | undefined,
  rawAssignmentId: string | undefined,
) {
  const { world } = caller
  const { course, a } = moderatedContext(caller, rawCourseId, rawAssignmentId)
  return [...selectionsOf(world, a).keys()]
    .filter((id) => isVisibleStudent(world, course, id))
    .sort((x, y) => x - y)
    .map((id) => world.users.get(id)!)
}

/**
 * POST …/moderated_students (ModerationSetController#create): `unless params[:student_ids].present?` → 400 with body
 * `[]` (missing, null, false, blank text, an empty list or hash); then `params[:student_ids].map(&:to_i)`, which
 * only a list has: one value (`student_ids=5`, JSON `5`, `"5"` or `true`) or a hash raises NoMethodError → 500.
 * Each id is read with Ruby's `to_i`: leading digits count (`"1003abc"` is 1003), anything else is 0 and matches
 * nobody, so an anonymous id is dropped — or, when it starts with digits (`"4Xb9k"` is 4), names that user instead.
 * An element without `to_i` (true, a hash, a list) raises NoMethodError → 500. Creates missing rows for visible
 * students (`students_visible_to(…, include: :inactive)`; unknown and invisible ids are dropped silently) and
 * returns all requested visible students, those already in the set included (one entry each, by user id).
 */
export function addModeratedStudents(
  caller: Caller,
  rawCourseId: string | undefined,
  rawAssignmentId: string | undefined,
  params: { student_ids?: unknown },
) {
  const { world } = caller
  const { course, a } = moderatedContext(caller, rawCourseId, rawAssignmentId)
  // Rails' deep_munge drops nils from a JSON list before the controller sees it: `[null]` arrives as `[]`.
  const raw = Array.isArray(params.student_ids) ? params.student_ids.filter((v) => v !== null) : params.student_ids
  if (!present(raw)) throw new SimError(400, [])
  if (!Array.isArray(raw)) throw internalError()
  const ids = raw.map(rubyToI)
  const students = [...new Set(ids)].filter((id) => id > 0 && isVisibleStudent(world, course, id)).sort((x, y) => x - y)
  for (const id of students) ensureSelectionRow(world, a, id)
  if (students.length) world.tick()
  return students.map((id) => userJson(world.users.get(id)!))
}

/**
 * Ruby's `to_i` on one element of a param list: `String#to_i` (optional blanks and sign, then digits, `_` between
 * them), `Integer`/`Float#to_i` for JSON numbers, `nil.to_i` = 0; true, false, a hash or a list have no `to_i`.
 */
function rubyToI(value: unknown): number {
  if (value === null || value === undefined) return 0
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : 0
  if (typeof value === 'string') {
    const m = /^\s*([+-]?\d+(?:_\d+)*)/.exec(value)
    return m ? Number(m[1]!.replace(/_/g, '')) : 0
  }
  throw internalError()
}

/** Rails' `Object#present?` for a param value: not nil, false, blank text, or an empty list or hash. */
function present(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false
  if (typeof value === 'string') return value.trim() !== ''
  if (Array.isArray(value)) return value.length > 0
  if (typeof value === 'object') return Object.keys(value).length > 0
  return true
}
