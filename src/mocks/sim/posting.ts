/**
 * Posting grades to students, as Canvas does it: only through GraphQL, and only these mutations (the documents
 * Moderation Desk sends, src/lib/post-operations.ts):
 *
 * - `postAssignmentGrades(input: {assignmentId, gradedOnly})` and `postAssignmentGradesForSections(input:
 *   {assignmentId, sectionIds, gradedOnly})` (app/graphql/mutations/post_assignment_grades.rb,
 *   post_assignment_grades_for_sections.rb), `hideAssignmentGrades(input: {assignmentId})` (hide_assignment_grades.rb);
 * - their checks, in Canvas's order: the assignment (and, for sections, the sections) found, else "not found";
 *   `verify_authorized_action!(assignment, :grade)` (the course's manage_grades), else "not found"; moderated and not
 *   published → "Assignments under moderation cannot be posted before grades are published" (… "by section" …, "…
 *   cannot be hidden …"); anonymous with sections → "Anonymous assignments cannot be posted by section"; anonymous with
 *   gradedOnly → "Anonymous assignments cannot be posted by graded only"; sections that are not all the course's →
 *   "Invalid section ids";
 * - what they post: the submissions of the caller's visible student enrolments (`apply_enrollment_visibility`, so a
 *   section-limited caller posts their sections only), `postable` ones (graded) with gradedOnly; each queues a
 *   Progress and answers with it at once. Canvas runs the job later (AbstractAssignment#post_submissions sets
 *   `posted_at`, #hide_submissions clears it); here the job runs at once and the Progress reads `completed`, with the
 *   results Canvas records (`{assignment_id, posted_at, user_ids}`).
 * - errors in GraphQL's shape: HTTP 200, `{"data": {"<field>": null}, "errors": [{"message": …}]}`.
 * - a token of a developer key that enforces scopes: Canvas's GraphQL authorizes only the Query type for it
 *   (lib/authentication_methods.rb `graphql_type_authorized?`), so the mutation's payload comes back null. *Inferred*:
 *   graphql-ruby's default for an unauthorized object is nil with no error; Canvas's exact answer was not read.
 */
import { POST_DOCUMENTS, type PostOperationName } from '../../lib/post-operations'
import type { Caller } from './caller'
import { notFound } from './errors'
import { can, denied, gradesPublished } from './permissions'
import type { Assignment, Course } from './types'
import { commentsOf, hideInstructorComments, revealHiddenComments } from './submission-comments'
import { studentsVisibleTo } from './visibility'
import { isoTime, type World } from './world'

export interface SimProgress {
  id: number
  course_id: number
  user_id: number
  tag: string
  created_at: number
  results: { assignment_id: number; posted_at: string | null; user_ids: number[] }
}

const progressByWorld = new WeakMap<World, Map<number, SimProgress>>()
function progresses(world: World): Map<number, SimProgress> {
  let map = progressByWorld.get(world)
  if (!map) progressByWorld.set(world, (map = new Map()))
  return map
}

class GraphqlError extends Error {}

const DOCUMENTS = new Map(
  (Object.entries(POST_DOCUMENTS) as [PostOperationName, { field: string; document: string }][]).map(([name, d]) => [
    normalize(d.document),
    { name, field: d.field },
  ]),
)

function normalize(document: string): string {
  return document.replace(/\s+/g, ' ').trim()
}

/** POST /api/graphql. Canvas answers any document; the simulator only the posting ones (it says so for others). */
export function graphql(caller: Caller, params: Record<string, unknown>, scoped: boolean): unknown {
  const query = typeof params.query === 'string' ? normalize(params.query) : ''
  const known = DOCUMENTS.get(query)
  if (!known)
    return { errors: [{ message: 'The Canvas simulator answers only the posting documents of Moderation Desk.' }] }
  if (scoped) return { data: { [known.field]: null } }
  const variables = (params.variables ?? {}) as Record<string, unknown>
  try {
    const progress = run(caller, known.name, variables)
    return { data: { [known.field]: { progress: { _id: String(progress.id), state: 'queued' } } } }
  } catch (error) {
    if (!(error instanceof GraphqlError)) throw error
    return { data: { [known.field]: null }, errors: [{ message: error.message }] }
  }
}

function legacyId(raw: unknown): number | null {
  const s = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw : ''
  return /^\d{1,15}$/.test(s) ? Number(s) : null
}

function run(caller: Caller, name: PostOperationName, v: Record<string, unknown>): SimProgress {
  const { world } = caller
  const id = legacyId(v.assignmentId)
  const a = id === null ? undefined : world.assignments.get(id)
  const course = a ? world.courses.get(a.course_id) : undefined
  if (!a || !course || a.workflow_state === 'deleted') throw new GraphqlError('not found')
  const forSections = name === 'post_grades_for_sections'
  const sectionIds = forSections && Array.isArray(v.sectionIds) ? v.sectionIds.map(legacyId) : null
  if (!can(caller, course, 'manage_grades')) throw new GraphqlError('not found')
  const hide = name === 'hide_grades'
  if (a.moderated_grading && !gradesPublished(a))
    throw new GraphqlError(
      hide
        ? 'Assignments under moderation cannot be hidden before grades are published'
        : forSections
          ? 'Assignments under moderation cannot be posted by section before grades are published'
          : 'Assignments under moderation cannot be posted before grades are published',
    )
  if (forSections && a.anonymous_grading) throw new GraphqlError('Anonymous assignments cannot be posted by section')
  const gradedOnly = v.gradedOnly === true
  if (gradedOnly && a.anonymous_grading) throw new GraphqlError('Anonymous assignments cannot be posted by graded only')
  let inSections: ReadonlySet<number> | null = null
  if (sectionIds) {
    const valid = sectionIds.filter((s): s is number => s !== null && world.sections.get(s)?.course_id === course.id)
    if (valid.length === 0 || valid.length !== sectionIds.length) throw new GraphqlError('Invalid section ids')
    inSections = new Set(valid)
  }
  return postOrHide(caller, course, a, { hide, gradedOnly, inSections, tag: TAGS[name] })
}

const TAGS: Record<PostOperationName, string> = {
  post_grades: 'post_assignment_grades',
  post_grades_for_sections: 'post_assignment_grades_for_sections',
  hide_grades: 'hide_assignment_grades',
}

function postOrHide(
  caller: Caller,
  course: Course,
  a: Assignment,
  o: { hide: boolean; gradedOnly: boolean; inSections: ReadonlySet<number> | null; tag: string },
): SimProgress {
  const { world } = caller
  const visible = studentsVisibleTo(world, course, caller.userId)
  const inSection = (userId: number) =>
    o.inSections === null ||
    (world.enrollmentsByUser.get(userId) ?? []).some(
      (e) => e.course_id === course.id && e.type === 'student' && o.inSections!.has(e.course_section_id),
    )
  const now = world.tick()
  const userIds: number[] = []
  for (const s of world.submissions.get(a.id)?.values() ?? []) {
    if (!visible(s.user_id) || !inSection(s.user_id)) continue
    // `Submission.postable`: graded, or with hidden comments (or a sticker, not modelled), for gradedOnly.
    const graded = s.score !== null || s.grade !== null || s.excused === true
    if (o.gradedOnly && !graded && !commentsOf(world, s).some((c) => c.hidden)) continue
    s.posted_at = o.hide ? null : now
    // lib/mutable.rb show_stream_items / hide_stream_items, run by post_submissions / hide_submissions.
    if (o.hide) hideInstructorComments(world, s)
    else revealHiddenComments(world, s)
    userIds.push(s.user_id)
  }
  a.updated_at = now
  const progress: SimProgress = {
    id: world.nextId('progress', 9000),
    course_id: course.id,
    user_id: caller.userId,
    tag: o.tag,
    created_at: now,
    results: { assignment_id: a.id, posted_at: o.hide ? null : isoTime(now), user_ids: userIds },
  }
  progresses(world).set(progress.id, progress)
  return progress
}

/**
 * GET /api/v1/progress/:id (ProgressController#show: `authorized_action(progress.context, @current_user, :read)`;
 * lib/api/v1/progress.rb: `results` only once the job is no longer pending).
 */
export function showProgress(caller: Caller, rawId: string | undefined): unknown {
  const { world } = caller
  const id = legacyId(rawId)
  const p = id === null ? undefined : progresses(world).get(id)
  const course = p ? world.courses.get(p.course_id) : undefined
  if (!p || !course) throw notFound()
  if (!can(caller, course, 'read')) throw denied(caller)
  return {
    id: p.id,
    context_id: p.course_id,
    context_type: 'Course',
    user_id: p.user_id,
    tag: p.tag,
    completion: 100,
    workflow_state: 'completed',
    created_at: isoTime(p.created_at),
    updated_at: isoTime(p.created_at),
    message: null,
    url: `${caller.origin}/api/v1/progress/${p.id}`,
    results: p.results,
  }
}
