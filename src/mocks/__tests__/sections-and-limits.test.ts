// @vitest-environment node
// Issue #12: course sections, enrolment states and filters, and what a section-limited grader sees (visibility.ts).
import { describe, expect, it } from 'vitest'
import { createSection, enroll } from '../sim/courses'
import { REALISTIC } from '../sim/scenarios/realistic'
import { setupSimulator, type SimWorldHandle } from '../../testing/simulator'
import { A, allGradeable, NOT_FOUND_BODY } from '../../testing/canvas-json'

const sim = setupSimulator()
const { sections: S, sectionTa: TA } = REALISTIC
/** Lab B's active students: 1002, 1005, …, 1035 (`(id − 1001) % 3 == 1`). */
const LAB_B = Array.from({ length: 12 }, (_, i) => 1002 + 3 * i)
const LAB_C = Array.from({ length: 12 }, (_, i) => 1003 + 3 * i)

interface EnrollmentJson {
  id: number
  user_id: number
  type: string
  role: string
  enrollment_state: string
  course_section_id: number
  limit_privileges_to_course_section: boolean
}
interface UserJson {
  id: number
  name: string
  enrollments?: EnrollmentJson[]
}
interface SubmissionJson {
  user_id?: number
  anonymous_id?: string
  submitted_at: string | null
  workflow_state: string
  late: boolean
  missing: boolean
  seconds_late: number
  excused: boolean | null
  cached_due_date: string | null
}

const users = (w: SimWorldHandle, who: Parameters<SimWorldHandle['json']>[0], query: string) =>
  w.json<UserJson[]>(who, `/api/v1/courses/101/users?per_page=100&${query}`)
const ids = (rows: Array<{ id: number }>) => rows.map((r) => r.id)
function userOf(rows: UserJson[], id: number): UserJson {
  const row = rows.find((r) => r.id === id)
  if (!row) throw new Error(`no user ${id}`)
  return row
}

describe('GET /courses/:id/sections (SectionsController#index)', () => {
  it('lists every active section by name, then id, as section_json', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    const res = await w.fetch('final_grader', '/api/v1/courses/101/sections')
    const body = (await res.json()) as Array<Record<string, unknown>>
    expect(res.status).toBe(200)
    expect(body.map((s) => s.id)).toEqual([S.labA, S.labB, S.labC, S.default])
    expect(body[0]).toEqual({
      id: S.labA,
      name: 'BIO 201 Lab A (Mon)',
      course_id: 101,
      nonxlist_course_id: null,
      start_at: null,
      end_at: null,
      restrict_enrollments_to_section_dates: false,
    })
    expect(res.headers.get('link')).toContain('rel="last"')
  })

  it('gives a section-limited TA every section too, not only their own', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    const mine = await w.json<Array<{ id: number }>>(TA, '/api/v1/courses/101/sections')
    expect(ids(mine)).toEqual([S.labA, S.labB, S.labC, S.default])
  })

  it('is paginated and counted (rel="last"); `all` answers the whole list without a Link header', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    const res = await w.fetch('final_grader', '/api/v1/courses/101/sections?per_page=3')
    expect(ids((await res.json()) as Array<{ id: number }>)).toEqual([S.labA, S.labB, S.labC])
    expect(res.headers.get('link')).toContain('page=2&per_page=3>; rel="last"')
    const all = await w.fetch('final_grader', '/api/v1/courses/101/sections?all=1&per_page=3')
    expect(((await all.json()) as unknown[]).length).toBe(4)
    expect(all.headers.get('link')).toBeNull()
  })

  it('orders names as ICU does, and needs the course’s read right: students may list them, others 401, unknown 404', async () => {
    const w = sim.createWorld()
    createSection(w.world, { id: 1019, course_id: 101, name: 'Évening section' })
    createSection(w.world, { id: 1018, course_id: 101, name: 'alpha section' })
    expect((await w.json<Array<{ name: string }>>(1001, '/api/v1/courses/101/sections')).map((s) => s.name)).toEqual([
      'alpha section',
      'BIO 201: Cell Biology',
      'Évening section',
    ])
    const other = sim.createWorld({ scenario: 'realistic' })
    expect((await other.fetch('final_grader', '/api/v1/courses/102/sections')).status).toBe(401)
    const missing = await w.fetch('final_grader', '/api/v1/courses/999/sections')
    expect([missing.status, await missing.json()]).toEqual([404, NOT_FOUND_BODY])
  })
})

describe('GET /courses/:id/users: states, types, user_ids and embedded enrolments', () => {
  it('lists active and invited enrolments by default; enrollment_state[] picks workflow states (completed = concluded)', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    const byDefault = ids(await users(w, 'final_grader', 'enrollment_type[]=student'))
    expect(byDefault).toContain(REALISTIC.invited)
    expect(byDefault).not.toContain(REALISTIC.inactive)
    expect(byDefault).not.toContain(REALISTIC.concluded)
    expect(ids(await users(w, 'final_grader', 'enrollment_state[]=inactive'))).toEqual([REALISTIC.inactive])
    const concluded = await users(w, 'final_grader', 'enrollment_state[]=completed&include[]=enrollments')
    expect(ids(concluded)).toEqual([REALISTIC.concluded])
    expect(concluded[0]!.enrollments).toEqual([
      expect.objectContaining({ enrollment_state: 'completed', course_section_id: S.labC, type: 'StudentEnrollment' }),
    ])
    expect(ids(await users(w, 'final_grader', 'enrollment_state[]=concluded'))).toEqual([])
    const invited = await users(w, 'final_grader', `user_ids[]=${REALISTIC.invited}&include[]=enrollments`)
    expect(invited[0]!.enrollments!.map((e) => e.enrollment_state)).toEqual(['invited'])
  })

  it('embeds every enrolment of a listed user in the asked states, not only those of the asked type', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    const rows = await users(w, 'final_grader', 'enrollment_type[]=student&include[]=enrollments')
    expect(userOf(rows, REALISTIC.twoSections).enrollments!.map((e) => e.course_section_id)).toEqual([S.labA, S.labC])
    // Chen is a teacher of 101: asked as a student type she is not listed; asked by id, her teacher enrolment shows.
    expect(ids(rows)).not.toContain(1)
    const [chen] = await users(w, 'final_grader', 'user_ids=1,99999&include[]=enrollments')
    expect(chen!.enrollments).toEqual([
      expect.objectContaining({ type: 'TeacherEnrollment', role: 'TeacherEnrollment', course_section_id: S.default }),
    ])
  })

  it('refuses an unknown enrollment_type with 400 (UserSearch raises RequestError)', async () => {
    const w = sim.createWorld()
    const res = await w.fetch('final_grader', '/api/v1/courses/101/users?enrollment_type[]=pupil')
    expect([res.status, await res.json()]).toEqual([400, { errors: [{ message: 'Invalid enrollment type: pupil' }] }])
    // Canvas's class names and the camelized short forms are both read.
    const ok = await users(w, 'final_grader', 'enrollment_type[]=TaEnrollment&enrollment_type[]=teacher')
    expect(ids(ok).sort((x, y) => x - y)).toEqual([1, 2, 3, 4])
  })

  it('a section-limited TA with another, inactive enrolment without the limit is still limited', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    const course = w.world.courses.get(101)!
    const ta = w.world.users.get(TA)!
    // Canvas's section_visibilities_for leaves inactive enrolments out; an active one without the limit lifts it.
    enroll(w.world, course, ta, 'ta', 'inactive')
    expect(ids(await users(w, TA, '')).sort((x, y) => x - y)).toEqual([TA, ...LAB_B, REALISTIC.invited])
    enroll(w.world, course, ta, 'ta', 'active')
    expect(ids(await users(w, TA, ''))).toEqual(expect.arrayContaining([1, 2, ...LAB_B, ...LAB_C]))
  })

  it('shows a section-limited TA only users enrolled in their sections (staff of other sections are left out)', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    const everyone = await users(w, TA, 'include[]=enrollments&include[]=test_student')
    expect(ids(everyone).sort((x, y) => x - y)).toEqual([TA, ...LAB_B, REALISTIC.invited])
    for (const u of everyone) expect(u.enrollments!.some((e) => e.course_section_id === S.labB)).toBe(true)
    // The test student (default section) and the student of Labs A and C are not theirs to see.
    expect(ids(everyone)).not.toContain(REALISTIC.testStudent)
    expect(ids(everyone)).not.toContain(REALISTIC.twoSections)
    // Their own row carries the limit.
    expect(userOf(everyone, TA).enrollments).toEqual([
      expect.objectContaining({
        type: 'TaEnrollment',
        limit_privileges_to_course_section: true,
        course_section_id: S.labB,
      }),
    ])
  })
})

describe('a section-limited grader (limit_privileges_to_course_section)', () => {
  it('gradeable_students: only their sections’ students; Chen sees everyone', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    const rows = await allGradeable(w, TA, 501, 'per_page=100')
    expect(rows.map((r) => r.id)).toEqual([...LAB_B, REALISTIC.invited])
    const all = await allGradeable(w, 'final_grader', 501, 'per_page=100')
    expect(all.map((r) => r.id)).toEqual(
      expect.arrayContaining([...LAB_B, ...LAB_C, REALISTIC.inactive, REALISTIC.testStudent, REALISTIC.invited]),
    )
    expect(all.map((r) => r.id)).not.toContain(REALISTIC.concluded)
  })

  it('as final grader of 507: sees Lab B all selected, yet publishing is refused for Lab C, which they cannot see', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    const practical = REALISTIC.assignments.practical
    expect(await w.json(TA, A(practical))).toMatchObject({ final_grader_id: TA, moderated_grading: true })
    const mine = await allGradeable(w, TA, practical)
    expect(mine.map((r) => r.id)).toEqual(LAB_B)
    expect(mine.every((r) => r.in_moderation_set === true)).toBe(true)
    const refused = await w.fetch(TA, `${A(practical)}/provisional_grades/publish`, { method: 'POST' })
    expect([refused.status, await refused.json()]).toEqual([
      422,
      { message: 'All submissions must have a selected grade' },
    ])

    // The admin sees Lab C's rows and selects them; then the TA's publish covers every section's submission.
    const everyone = await allGradeable(w, 'admin', practical)
    // Lab C's students with grades (1030 never submitted, so has none and does not block).
    const labC = everyone.filter((r) => LAB_C.includes(r.id!) && r.provisional_grades!.length > 0)
    expect(labC).toHaveLength(LAB_C.length - 1)
    expect(labC.some((r) => r.in_moderation_set)).toBe(false)
    await w.json('admin', `${A(practical)}/provisional_grades/bulk_select`, {
      method: 'PUT',
      json: { provisional_grade_ids: labC.map((r) => r.provisional_grades![0]!.provisional_grade_id) },
    })
    expect(await w.json(TA, `${A(practical)}/provisional_grades/publish`, { method: 'POST' })).toEqual({
      message: 'OK',
    })
    const graded = await w.json<SubmissionJson[]>('final_grader', `${A(practical)}/submissions?per_page=100`)
    for (const id of [...LAB_B, ...labC.map((r) => r.id!), 1001])
      expect(graded.find((s) => s.user_id === id)).toMatchObject({ workflow_state: 'graded' })
    expect(graded.find((s) => s.user_id === REALISTIC.unsubmitted)).toMatchObject({ workflow_state: 'unsubmitted' })
  })

  it('submissions: the list, one submission and grading stop at their sections (404 outside them)', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    const list = await w.json<SubmissionJson[]>(TA, `${A(501)}/submissions?per_page=100`)
    expect(list.map((s) => s.user_id)).toEqual([...LAB_B, REALISTIC.invited])
    for (const path of [`${A(501)}/submissions/1001`, `${A(501)}/submissions/${REALISTIC.testStudent}`]) {
      const res = await w.fetch(TA, path)
      expect([res.status, await res.json()]).toEqual([404, NOT_FOUND_BODY])
    }
    const grade = await w.fetch(TA, `${A(501)}/submissions/1001`, {
      method: 'PUT',
      json: { submission: { posted_grade: '15', provisional: true } },
    })
    expect([grade.status, await grade.json()]).toEqual([404, NOT_FOUND_BODY])
    const anonymousId = w.world.submissions.get(501)!.get(1001)!.anonymous_id
    const byAnonymousId = await w.fetch(TA, `${A(501)}/anonymous_submissions/${anonymousId}`, {
      method: 'PUT',
      json: { submission: { posted_grade: '15', provisional: true } },
    })
    expect(byAnonymousId.status).toBe(404)
    // A Lab B student is theirs.
    expect((await w.fetch(TA, `${A(501)}/submissions/1002`)).status).toBe(200)
  })
})

describe('GET …/submissions (SubmissionsApiController#index)', () => {
  it('lists student_enrollments: active, invited and the test student; not inactive or concluded', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    const list = await w.json<SubmissionJson[]>('final_grader', `${A(501)}/submissions?per_page=100`)
    const listed = list.map((s) => s.user_id)
    expect(listed).toEqual(expect.arrayContaining([REALISTIC.invited, REALISTIC.testStudent, 1001, 1036]))
    expect(listed).not.toContain(REALISTIC.inactive)
    expect(listed).not.toContain(REALISTIC.concluded)
    expect(listed).toHaveLength(38)
  })

  it('marks never-submitted past-due work missing, with seconds_late counted to now; excused and graded are not', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    const list = await w.json<SubmissionJson[]>('final_grader', `${A(501)}/submissions?per_page=100`)
    const of = (id: number) => list.find((s) => s.user_id === id)!
    const due = Date.parse(of(1001).cached_due_date!)
    const now = w.world.nowMs
    expect(of(REALISTIC.unsubmitted)).toMatchObject({ submitted_at: null, missing: true, late: false })
    expect(of(REALISTIC.unsubmitted).seconds_late).toBe(Math.floor((now - due) / 1000))
    expect(of(REALISTIC.invited)).toMatchObject({ missing: true, workflow_state: 'unsubmitted' })
    expect(of(REALISTIC.excused)).toMatchObject({ excused: true, missing: false, late: false })
    expect(of(1005)).toMatchObject({ late: true, missing: false, seconds_late: 7200 })
    expect(of(1001)).toMatchObject({ late: false, missing: false, seconds_late: 0 })
    // A grade takes a never-submitted student out of "missing" (`grader_id && late_policy_status.nil?`).
    await w.json('final_grader', `${A(506)}/submissions/${REALISTIC.unsubmitted}`, {
      method: 'PUT',
      json: { submission: { posted_grade: '0' } },
    })
    const after = await w.json<SubmissionJson>('final_grader', `${A(506)}/submissions/${REALISTIC.unsubmitted}`)
    expect(after).toMatchObject({ submitted_at: null, missing: false })
  })

  it('keeps user_id on an anonymous assignment; only an account admin also gets anonymous_id', async () => {
    const w = sim.createWorld()
    const teacher = await w.json<SubmissionJson[]>('final_grader', `${A(502)}/submissions?per_page=100`)
    expect(await w.json(`final_grader`, A(502))).toMatchObject({ anonymize_students: true })
    expect(teacher.every((s) => typeof s.user_id === 'number' && s.anonymous_id === undefined)).toBe(true)
    const admin = await w.json<SubmissionJson[]>('admin', `${A(502)}/submissions?per_page=100`)
    expect(admin.every((s) => typeof s.user_id === 'number' && /^[1-9A-Za-z]{5}$/.test(s.anonymous_id!))).toBe(true)
  })
})
