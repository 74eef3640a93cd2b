// Lists Canvas sends with some items in a reduced or older form: each item is read on its own (lenient.ts).
import { http, HttpResponse, type JsonBodyType } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { z } from '../zod'
import { getAssignment, listCourseAssignments } from '../assignments'
import { listCourses } from '../courses'
import { CanvasApiError } from '../errors'
import { getGradeableStudentsFirstPage, streamGradeableStudents } from '../gradeable-students'
import { countSkipped, parseLeniently } from '../lenient'
import type { GradeableStudent } from '../types'

const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

/** Answers GET /api/v1<path> with `body` (one page, no Link header). */
function answer(path: string, body: JsonBodyType) {
  server.use(http.get(`*/api/v1${path}`, () => HttpResponse.json(body)))
}

const course = (id: number) => ({
  id,
  name: `Course ${id}`,
  course_code: `C${id}`,
  workflow_state: 'available',
  enrollments: [{ type: 'teacher', role: 'TeacherEnrollment', user_id: 1, enrollment_state: 'active' }],
})

/** An assignment as current Canvas sends it (lib/api/v1/assignment.rb). */
const assignment = (id: number, over: Record<string, unknown> = {}) => ({
  id,
  course_id: 1,
  name: `Assignment ${id}`,
  points_possible: 20,
  grading_type: 'points',
  published: true,
  moderated_grading: true,
  grader_count: 2,
  final_grader_id: 9,
  grader_comments_visible_to_graders: true,
  graders_anonymous_to_graders: false,
  grader_names_visible_to_final_grader: true,
  anonymous_grading: false,
  grades_published: false,
  ...over,
})

/** A provisional grade as older Canvas sends it: no entered_grade / entered_score. */
const olderGrade = (id: number, score: number) => ({
  provisional_grade_id: id,
  grade: String(score),
  score,
  graded_at: '2024-03-01T10:00:00Z',
  scorer_id: 5,
  graded_anonymously: false,
  final: false,
  grade_matches_current_submission: true,
  speedgrader_url: 'https://canvas.example/sg',
})

describe('parseLeniently', () => {
  const item = z.object({ id: z.number(), name: z.string() })
  it('keeps the items that fit and reports the others with their reason, id and what did not fit', () => {
    const list = parseLeniently([{ id: 1, name: 'a' }, { id: 2 }, 'junk', { id: 3, name: 'c', hidden: true }], item, {
      skip: (raw) => ((raw as { hidden?: boolean }).hidden ? 'restricted-by-date' : undefined),
    })
    expect(list.items).toEqual([{ id: 1, name: 'a' }])
    expect(list.skipped.map((s) => [s.reason, s.id])).toEqual([
      ['unreadable', 2],
      ['unreadable', undefined],
      ['restricted-by-date', 3],
    ])
    // In English, as classic zod wrote it: zod/mini loads no locale of its own (../zod.ts installs it).
    expect(list.skipped[0]!.issue).toBe('name: Invalid input: expected string, received undefined')
    expect(countSkipped(list.skipped)).toEqual({ 'restricted-by-date': 1, unreadable: 2 })
  })
})

describe('GET /courses, leniently', () => {
  it('leaves out date-restricted stubs and unreadable courses, counting each, and keeps the rest', async () => {
    // The stub is exactly what course_json returns (lib/api/v1/course.rb).
    answer('/courses', [course(1), { id: 2, access_restricted_by_date: true }, { id: 3, name: 'no code' }, course(4)])
    const list = await listCourses({})
    expect(list.items.map((c) => c.id)).toEqual([1, 4])
    expect(list.skipped.map((s) => [s.reason, s.id])).toEqual([
      ['restricted-by-date', 2],
      ['unreadable', 3],
    ])
  })

  it('still fails when the answer is not a list at all', async () => {
    answer('/courses', { courses: [] })
    const error = await listCourses({}).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CanvasApiError)
    expect((error as CanvasApiError).kind).toBe('malformed-response')
  })
})

describe('assignments with null or missing moderation fields', () => {
  it('defaults what old assignments leave null: not moderated, no grader count, names hidden', async () => {
    const old = assignment(11, {
      moderated_grading: null,
      grader_count: null,
      final_grader_id: null,
      grader_comments_visible_to_graders: null,
      graders_anonymous_to_graders: null,
      grader_names_visible_to_final_grader: null,
    })
    answer('/courses/1/assignment_groups', [{ id: 1, name: 'Labs', position: 1, assignments: [assignment(10), old] }])
    const list = await listCourseAssignments({ courseId: 1 })
    expect(list.skipped).toEqual([])
    const [modern, defaulted] = list.items
    expect(modern).toMatchObject({ moderatedGrading: true, graderCount: 2, graderNamesVisibleToFinalGrader: true })
    expect(defaulted).toMatchObject({
      moderatedGrading: false,
      graderCount: null,
      finalGraderId: null,
      graderNamesVisibleToFinalGrader: false,
      gradesPublished: true,
    })
  })

  it('reads an assignment from before anonymous moderation (fields omitted): students treated as anonymous', async () => {
    const {
      grader_count: _c,
      final_grader_id: _f,
      moderated_grading: _m,
      grader_comments_visible_to_graders: _gc,
      graders_anonymous_to_graders: _ga,
      grader_names_visible_to_final_grader: _gn,
      anonymous_grading: _a,
      ...pre2018
    } = assignment(12)
    answer('/courses/1/assignments/12', pre2018)
    expect(await getAssignment({ courseId: 1, assignmentId: 12 })).toMatchObject({
      moderatedGrading: false,
      graderCount: null,
      finalGraderId: null,
      graderNamesVisibleToFinalGrader: false,
      anonymousGrading: true,
      anonymizeStudents: true,
    })
  })

  it('leaves out an assignment that cannot be read, counted, and the rest of its group is listed', async () => {
    answer('/courses/1/assignment_groups', [
      { id: 1, name: 'Labs', position: 1, assignments: [assignment(10), { id: 13, name: 'no points' }] },
      { id: 2, name: 'Exams', position: 2, assignments: [assignment(14)] },
    ])
    const all = await listCourseAssignments({ courseId: 1 })
    expect(all.items.map((a) => a.id)).toEqual([10, 14])
    expect(all.skipped.map((s) => [s.reason, s.id])).toEqual([['unreadable', 13]])
    // Asked for other assignments only: the unreadable one is not theirs to report.
    const some = await listCourseAssignments({ courseId: 1, assignmentIds: [14] })
    expect(some).toMatchObject({ items: [{ id: 14 }], skipped: [] })
  })
})

describe('gradeable_students in older forms', () => {
  const ref = { courseId: 1, assignmentId: 2 }
  const rows = [
    // Older anonymous_user_display_json(anonymous_id): no display_name (lib/api/v1/user.rb).
    { anonymous_id: 'k3Zq9', avatar_image_url: 'https://canvas.example/images/messages/avatar-50.png' },
    // Current anonymous form: "Student N".
    { anonymous_id: 'Bb7x2', avatar_image_url: null, display_name: 'Student 2', provisional_grades: [] },
    // Older user_display_json: no anonymous_id.
    {
      id: 71,
      display_name: 'Ana López',
      provisional_grades: [olderGrade(501, 17)],
      selected_provisional_grade_id: 501,
    },
    // Neither id nor anonymous_id: cannot be addressed.
    { display_name: 'Nobody' },
    // A provisional grade that cannot be read makes the row unreadable: its grades would be incomplete.
    { id: 72, display_name: 'Ben Ode', provisional_grades: [{ ...olderGrade(502, 12), score: '12' }] },
  ]

  async function loadAll(): Promise<{ students: GradeableStudent[]; skipped: number }> {
    const students: GradeableStudent[] = []
    let skipped = 0
    for await (const chunk of streamGradeableStudents(ref)) {
      students.push(...chunk.items)
      skipped += chunk.skipped.length
    }
    return { students, skipped }
  }

  it('labels anonymous rows without a display name from the anonymous id, never a name', async () => {
    answer('/courses/1/assignments/2/gradeable_students', rows)
    const { students } = await loadAll()
    expect(students[0]).toMatchObject({
      key: 'a:k3Zq9',
      anonymous: true,
      userId: undefined,
      anonymousId: 'k3Zq9',
      displayName: 'Student k3Zq9',
    })
    expect(students[1]).toMatchObject({ key: 'a:Bb7x2', displayName: 'Student 2' })
  })

  it('reads named rows without anonymous_id (base 36 of the user id) and grades without entered_*', async () => {
    answer('/courses/1/assignments/2/gradeable_students', rows)
    const { students } = await loadAll()
    const ana = students.find((s) => s.userId === 71)!
    expect(ana).toMatchObject({ key: 'u:71', anonymousId: (71).toString(36), anonymous: false, selectedGradeId: 501 })
    expect(ana.grades).toEqual([expect.objectContaining({ id: 501, grade: '17', score: 17, graderKey: 'u:5' })])
  })

  it('counts the rows it cannot read instead of failing the roster', async () => {
    answer('/courses/1/assignments/2/gradeable_students', rows)
    const { students, skipped } = await loadAll()
    expect(students.map((s) => s.key)).toEqual(['a:k3Zq9', 'a:Bb7x2', 'u:71'])
    expect(skipped).toBe(2)
  })

  it('the first page alone reports its unreadable rows too', async () => {
    answer('/courses/1/assignments/2/gradeable_students', rows)
    const first = await getGradeableStudentsFirstPage(ref)
    expect(first).toMatchObject({ skipped: 2, more: false })
    expect(first.students).toHaveLength(3)
  })
})
