/**
 * Assignments and assignment groups, with every moderation field (contract §1.1, §4).
 */
import type { Caller } from './caller'
import { findCourse, readableCourse } from './courses'
import { notFound } from './errors'
import { parseId, toList } from './params'
import { anonymizeStudents, can, gradesPublished } from './permissions'
import type { Assignment, AssignmentGroup, Course, GradingType } from './types'
import { isoTime, type World } from './world'

export interface AssignmentInput {
  id: number
  name: string
  points_possible: number
  assignment_group_id: number
  position?: number
  due_at?: number | null
  description?: string | null
  grading_type?: GradingType
  moderated_grading?: boolean | null
  grader_count?: number | null
  final_grader_id?: number | null
  grader_comments_visible_to_graders?: boolean | null
  graders_anonymous_to_graders?: boolean | null
  grader_names_visible_to_final_grader?: boolean | null
  anonymous_grading?: boolean
  grades_published_at?: number | null
  only_visible_to_overrides?: boolean
  grading_standard_id?: number | null
  group_category_id?: number | null
  /**
   * An assignment made long ago (Assignment.legacyJson): rendered as early-2018 Canvas did, its moderation columns
   * taken as given and NULL where not given (a row older than the migrations that added them, never re-saved
   * through the rules of createAssignment).
   */
  legacy?: boolean
  created_at?: number
}

export function createAssignmentGroup(
  world: World,
  input: { id: number; course_id: number; name: string; position: number },
): AssignmentGroup {
  const group: AssignmentGroup = { ...input, id: world.claimId('assignment_groups', input.id) }
  world.assignmentGroups.set(group.id, group)
  return group
}

type ModerationColumns = Pick<
  Assignment,
  | 'post_manually'
  | 'moderated_grading'
  | 'grader_count'
  | 'final_grader_id'
  | 'grader_comments_visible_to_graders'
  | 'graders_anonymous_to_graders'
  | 'grader_names_visible_to_final_grader'
  | 'grades_published_at'
>

/**
 * Applies Canvas's model rules on save: grader_count > 0 when moderated; moderation off resets
 * grader_count to 0 and final_grader_id to null (`clear_moderated_grading_attributes`); anonymous-to-graders
 * is forced false when comments are not visible (`default_values`); moderated ⇒ manual posting.
 */
function savedModerationColumns(input: AssignmentInput): ModerationColumns {
  const moderated = input.moderated_grading ?? false
  if (moderated && !((input.grader_count ?? 0) > 0))
    throw new Error('grader_count must be > 0 on a moderated assignment')
  const commentsVisible = moderated ? (input.grader_comments_visible_to_graders ?? true) : true
  return {
    post_manually: moderated,
    moderated_grading: moderated,
    grader_count: moderated ? input.grader_count! : 0,
    final_grader_id: moderated ? (input.final_grader_id ?? null) : null,
    grader_comments_visible_to_graders: commentsVisible,
    graders_anonymous_to_graders: moderated && commentsVisible ? (input.graders_anonymous_to_graders ?? false) : false,
    grader_names_visible_to_final_grader: moderated ? (input.grader_names_visible_to_final_grader ?? true) : true,
    grades_published_at: moderated ? (input.grades_published_at ?? null) : null,
  }
}

/**
 * An old row (`legacy`): the moderation columns as the 2015 (`moderated_grading`) and 2018 (`grader_count`, the
 * visibility flags) migrations left them — nullable, no backfill found — and `final_grader_id` null unless set.
 */
function legacyModerationColumns(input: AssignmentInput): ModerationColumns {
  return {
    post_manually: input.moderated_grading === true,
    moderated_grading: input.moderated_grading ?? null,
    grader_count: input.grader_count ?? null,
    final_grader_id: input.final_grader_id ?? null,
    grader_comments_visible_to_graders: input.grader_comments_visible_to_graders ?? null,
    graders_anonymous_to_graders: input.graders_anonymous_to_graders ?? null,
    grader_names_visible_to_final_grader: input.grader_names_visible_to_final_grader ?? null,
    grades_published_at: input.grades_published_at ?? null,
  }
}

export function createAssignment(world: World, course: Course, input: AssignmentInput): Assignment {
  const legacy = input.legacy === true
  const a: Assignment = {
    id: world.claimId('assignments', input.id),
    course_id: course.id,
    assignment_group_id: input.assignment_group_id,
    position: input.position ?? input.id,
    name: input.name,
    description: input.description ?? null,
    points_possible: input.points_possible,
    grading_type: input.grading_type ?? 'points',
    due_at: input.due_at ?? null,
    workflow_state: 'published',
    only_visible_to_overrides: input.only_visible_to_overrides ?? false,
    ...(legacy ? legacyModerationColumns(input) : savedModerationColumns(input)),
    anonymous_grading: input.anonymous_grading ?? false,
    anonymous_instructor_annotations: false,
    grading_standard_id: input.grading_standard_id ?? null,
    group_category_id: input.group_category_id ?? null,
    legacyJson: legacy,
    created_at: input.created_at ?? world.nowMs - (legacy ? 8 * 365 : 60) * 86_400_000,
    updated_at: world.nowMs - 30 * 86_400_000,
  }
  world.assignments.set(a.id, a)
  return a
}

/** `@context.assignments.active.find(id)` → 404 for unknown, deleted or other-course assignments. */
export function findAssignment(world: World, course: Course, rawId: string | undefined): Assignment {
  const id = parseId(rawId)
  const a = id === null ? undefined : world.assignments.get(id)
  if (!a || a.course_id !== course.id || a.workflow_state === 'deleted') throw notFound()
  return a
}

/**
 * The course and assignment of a `courses/:course_id/assignments/:assignment_id/…` route, 404 for either, in
 * Canvas's order (`require_context`, then the assignment). Rights are each endpoint's to check.
 */
export function loadAssignment(caller: Caller, rawCourseId: string | undefined, rawAssignmentId: string | undefined) {
  const course = findCourse(caller.world, rawCourseId)
  return { course, a: findAssignment(caller.world, course, rawAssignmentId) }
}

export function assignmentJson(
  caller: Caller,
  course: Course,
  a: Assignment,
  opts: { includeGradesPublished?: boolean } = {},
) {
  const { world, origin } = caller
  const subs = [...(world.submissions.get(a.id)?.values() ?? [])]
  // lib/mutable.rb update_muted_status!: "an assignment is considered muted if it has any unposted submissions"
  // (run when grades are posted or hidden). Assignments posted automatically are never muted here.
  const unposted = subs.some((s) => s.posted_at === null)
  const graders = can(caller, course, 'manage_grades')
  return {
    id: a.id,
    name: a.name,
    description: a.description,
    created_at: isoTime(a.created_at),
    updated_at: isoTime(a.updated_at),
    due_at: isoTime(a.due_at),
    lock_at: null,
    unlock_at: null,
    has_overrides: false,
    course_id: a.course_id,
    html_url: `${origin}/courses/${a.course_id}/assignments/${a.id}`,
    assignment_group_id: a.assignment_group_id,
    position: a.position,
    points_possible: a.points_possible,
    grading_type: a.grading_type,
    grading_standard_id: a.grading_standard_id,
    group_category_id: a.group_category_id,
    submission_types: ['online_upload'],
    has_submitted_submissions: subs.some((s) => s.submitted_at !== null),
    published: a.workflow_state === 'published',
    unpublishable: false,
    only_visible_to_overrides: a.only_visible_to_overrides,
    locked_for_user: false,
    muted: a.post_manually && unposted,
    post_manually: a.post_manually,
    moderated_grading: a.moderated_grading,
    grader_count: a.grader_count,
    final_grader_id: a.final_grader_id,
    // The early-2018 API_ALLOWED_ASSIGNMENT_OUTPUT_FIELDS (lib/api/v1/assignment.rb) had none of these three.
    ...(a.legacyJson
      ? {}
      : {
          grader_comments_visible_to_graders: a.grader_comments_visible_to_graders,
          graders_anonymous_to_graders: a.graders_anonymous_to_graders,
          grader_names_visible_to_final_grader: a.grader_names_visible_to_final_grader,
        }),
    anonymous_instructor_annotations: a.anonymous_instructor_annotations,
    anonymous_grading: a.anonymous_grading,
    anonymize_students: anonymizeStudents(world, a),
    graded_submissions_exist: subs.some((s) => s.score !== null || s.workflow_state === 'graded'),
    ...(graders ? { needs_grading_count: subs.filter(needsGrading).length } : {}),
    ...(opts.includeGradesPublished ? { grades_published: gradesPublished(a) } : {}),
  }
}

function needsGrading(s: {
  submitted_at: number | null
  workflow_state: string
  grade_matches_current_submission: boolean
}) {
  return s.submitted_at !== null && (s.workflow_state !== 'graded' || !s.grade_matches_current_submission)
}

function courseAssignments(world: World, course: Course): Assignment[] {
  const groups = world.assignmentGroups
  return [...world.assignments.values()]
    .filter((a) => a.course_id === course.id && a.workflow_state !== 'deleted')
    .sort(
      (x, y) =>
        groups.get(x.assignment_group_id)!.position - groups.get(y.assignment_group_id)!.position ||
        x.position - y.position ||
        x.id - y.id,
    )
}

/** GET /api/v1/courses/:course_id/assignments (ordered by group position, then position). */
export function listAssignments(caller: Caller, rawCourseId: string | undefined) {
  const course = readableCourse(caller, rawCourseId)
  return { course, assignments: courseAssignments(caller.world, course) }
}

/** GET /api/v1/courses/:course_id/assignments/:id */
export function showAssignment(caller: Caller, rawCourseId: string | undefined, rawId: string | undefined) {
  const course = readableCourse(caller, rawCourseId)
  return assignmentJson(caller, course, findAssignment(caller.world, course, rawId))
}

/**
 * GET /api/v1/courses/:course_id/assignment_groups. `include[]=assignments` embeds the assignments;
 * `grades_published` appears only with `include[]=grades_published` (contract §4).
 */
export function listAssignmentGroups(caller: Caller, rawCourseId: string | undefined, params: { include?: unknown }) {
  const { world } = caller
  const course = readableCourse(caller, rawCourseId)
  const include = toList(params.include)
  const withAssignments = include.includes('assignments')
  const includeGradesPublished = include.includes('grades_published')
  const assignments = courseAssignments(world, course)
  return [...world.assignmentGroups.values()]
    .filter((g) => g.course_id === course.id)
    .sort((a, b) => a.position - b.position || a.id - b.id)
    .map((g) => ({
      id: g.id,
      name: g.name,
      position: g.position,
      group_weight: 0,
      sis_source_id: null,
      integration_data: {},
      rules: {},
      ...(withAssignments
        ? {
            assignments: assignments
              .filter((a) => a.assignment_group_id === g.id)
              .map((a) => assignmentJson(caller, course, a, { includeGradesPublished })),
          }
        : {}),
    }))
}
