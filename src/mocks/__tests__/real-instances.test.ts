// @vitest-environment node
// Issue #12 tasks 2–5: what real Canvas instances answer that the ideal course never shows.
import { describe, expect, it } from 'vitest'
import { LAB3 } from '../sim/scenarios/demo'
import { createAssignment } from '../sim/assignments'
import { enroll } from '../sim/courses'
import { createSubmission } from '../sim/submissions'
import { seedGrade } from '../sim/scenarios/common'
import { setupSimulator } from '../../testing/simulator'
import { A, allGradeable, NOT_FOUND_BODY, rowOf, UNAUTHORIZED_BODY } from '../../testing/canvas-json'

const sim = setupSimulator()

const INTERNAL_ERROR_BODY = { errors: [{ message: 'An error occurred.', error_code: 'internal_server_error' }] }

describe('provisional_grades/status for a student outside Course#students', () => {
  it.each([
    ['inactive', LAB3.inactive],
    ['concluded', LAB3.concluded],
  ])('is 404 for the %s student, to moderators and to callers who would be refused', async (_, studentId) => {
    const w = sim.createWorld()
    for (const who of ['final_grader', 'admin', 1001] as const) {
      const res = await w.fetch(who, `${A(501)}/provisional_grades/status?student_id=${studentId}`)
      expect([res.status, await res.json()]).toEqual([404, NOT_FOUND_BODY])
    }
    // An active student: the same callers get the body, or 401 for the student.
    expect((await w.fetch('final_grader', `${A(501)}/provisional_grades/status?student_id=1001`)).status).toBe(200)
    expect(await (await w.fetch(1001, `${A(501)}/provisional_grades/status?student_id=1002`)).json()).toEqual(
      UNAUTHORIZED_BODY,
    )
  })

  it('is 404 through the anonymous route too', async () => {
    const w = sim.createWorld()
    const anonymousId = w.world.submissions.get(501)!.get(LAB3.inactive)!.anonymous_id
    const res = await w.fetch(
      'final_grader',
      `${A(501)}/anonymous_provisional_grades/status?anonymous_id=${anonymousId}`,
    )
    expect([res.status, await res.json()]).toEqual([404, NOT_FOUND_BODY])
    const active = w.world.submissions.get(501)!.get(1001)!.anonymous_id
    const ok = await w.fetch('final_grader', `${A(501)}/anonymous_provisional_grades/status?anonymous_id=${active}`)
    expect(ok.status).toBe(200)
  })
})

describe('one value where Canvas expects a list', () => {
  const bulk = (body: { form?: Record<string, string>; json?: unknown }) => ({ method: 'PUT', ...body })

  it('bulk_select: provisional_grade_ids=5 (form or JSON), a hash or none → 500 with the internal error body', async () => {
    const w = sim.createWorld()
    const pgId = rowOf(await allGradeable(w, 'final_grader', 501), 1003).provisional_grades![0]!.provisional_grade_id
    const url = `${A(501)}/provisional_grades/bulk_select`
    for (const init of [
      bulk({ form: { provisional_grade_ids: String(pgId) } }),
      bulk({ json: { provisional_grade_ids: pgId } }),
      bulk({ json: { provisional_grade_ids: String(pgId) } }),
      bulk({ json: { provisional_grade_ids: { a: pgId } } }),
      bulk({ json: { provisional_grade_ids: null } }),
      bulk({ json: {} }),
    ]) {
      const res = await w.fetch('final_grader', url, init)
      expect([res.status, await res.json()]).toEqual([500, INTERNAL_ERROR_BODY])
    }
    // Nothing was selected; a list works; a non-moderator is refused before the list is read.
    expect(rowOf(await allGradeable(w, 'final_grader', 501), 1003).in_moderation_set).toBe(false)
    expect((await w.fetch('teacher', url, bulk({ json: { provisional_grade_ids: pgId } }))).status).toBe(401)
    const ok = await w.json<unknown[]>('final_grader', url, bulk({ json: { provisional_grade_ids: [pgId] } }))
    expect(ok).toHaveLength(1)
    expect(await w.json('final_grader', url, bulk({ json: { provisional_grade_ids: [] } }))).toEqual([])
  })

  it('moderated_students: student_ids=5 → 500; missing, blank or empty → 400 []', async () => {
    const w = sim.createWorld()
    const url = `${A(501)}/moderated_students`
    const post = (init: { form?: Record<string, string>; json?: unknown }) =>
      w.fetch('final_grader', url, { method: 'POST', ...init })
    for (const init of [
      { form: { student_ids: '1001' } },
      { json: { student_ids: 1001 } },
      { json: { student_ids: { a: 1 } } },
    ]) {
      const res = await post(init)
      expect([res.status, await res.json()]).toEqual([500, INTERNAL_ERROR_BODY])
    }
    for (const init of [
      { json: {} },
      { form: { student_ids: '' } },
      { json: { student_ids: [] } },
      { json: { student_ids: null } },
    ]) {
      const res = await post(init)
      expect([res.status, await res.json()]).toEqual([400, []])
    }
    const ok = await post({ form: { 'student_ids[]': '1001' } })
    expect(((await ok.json()) as Array<{ id: number }>).map((u) => u.id)).toEqual([1001])
  })
})

describe('GET /courses: a course restricted by date is a stub', () => {
  it('is exactly {id, access_restricted_by_date} for a caller whose enrolments are all inactive by date', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    const courses = await w.json<Array<Record<string, unknown>>>('final_grader', '/api/v1/courses')
    expect(courses.map((c) => c.id)).toEqual([101, 102])
    expect(courses[1]).toEqual({ id: 102, access_restricted_by_date: true })
    expect(courses[0]).toMatchObject({ id: 101, name: 'BIO 201: Cell Biology' })
    // Only her student enrolment is in 102: filtering for teacher enrolments leaves it out.
    expect(
      (await w.json<Array<{ id: number }>>('final_grader', '/api/v1/courses?enrollment_type=teacher')).map((c) => c.id),
    ).toEqual([101])
    // She cannot read it; the account admin sees the whole course.
    expect((await w.fetch('final_grader', '/api/v1/courses/102')).status).toBe(401)
    const byAdmin = await w.json<Array<{ id: number; name: string }>>('admin', '/api/v1/accounts/1/courses')
    expect(byAdmin.find((c) => c.id === 102)).toMatchObject({ name: 'Teaching Excellence Certificate (Summer 2025)' })
  })

  it('is the full course for a caller with read_as_admin there (an account admin)', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    enroll(w.world, w.world.courses.get(102)!, w.world.users.get(5)!, 'student', 'active', { restrictedByDate: true })
    const courses = await w.json<Array<Record<string, unknown>>>('admin', '/api/v1/courses')
    expect(courses).toEqual([
      expect.objectContaining({ id: 102, name: 'Teaching Excellence Certificate (Summer 2025)' }),
    ])
  })
})

describe('older Canvas JSON (Assignment.legacyJson)', () => {
  it('assignment JSON: null moderation columns, no grader visibility flags', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    const legacy = await w.json<Record<string, unknown>>('final_grader', A(502))
    expect(legacy).toMatchObject({
      moderated_grading: true,
      grader_count: null,
      final_grader_id: null,
      anonymous_grading: true,
    })
    for (const key of [
      'grader_comments_visible_to_graders',
      'graders_anonymous_to_graders',
      'grader_names_visible_to_final_grader',
    ])
      expect(legacy).not.toHaveProperty(key)
    expect(legacy.created_at).toBe('2018-01-15T14:30:00Z')
    const plain = await w.json<Record<string, unknown>>('final_grader', A(506))
    expect(plain).toMatchObject({ moderated_grading: null, grader_count: null, final_grader_id: null, muted: false })
    // A current assignment still has them all.
    expect(await w.json('final_grader', A(501))).toMatchObject({
      grader_count: 3,
      grader_names_visible_to_final_grader: true,
    })
  })

  it('provisional grades without entered_*, anonymous rows without display_name; only the admin moderates it', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    const rows = await allGradeable(w, 'admin', 502)
    expect(rows.length).toBeGreaterThan(30)
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(
        [
          'anonymous_id',
          'avatar_image_url',
          'in_moderation_set',
          'provisional_grades',
          'selected_provisional_grade_id',
        ].sort(),
      )
      for (const pg of row.provisional_grades!) {
        expect(pg).not.toHaveProperty('entered_grade')
        expect(pg).not.toHaveProperty('entered_score')
        expect(pg).toHaveProperty('score')
      }
    }
    // No final grader: the course's teacher is no moderator here.
    expect((await w.fetch('final_grader', `${A(502)}/gradeable_students?include[]=provisional_grades`)).status).toBe(
      401,
    )
    // A current anonymous assignment keeps display_name (demo 502).
    const demo = sim.createWorld()
    expect((await allGradeable(demo, 'final_grader', 502))[0]!.display_name).toMatch(/^Student \d+$/)
  })

  it('a NULL grader_count on a moderated row makes Canvas compare Integer >= nil: status is a 500 (inferred)', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    const res = await w.fetch('admin', `${A(502)}/provisional_grades/status?student_id=1001`)
    expect([res.status, await res.json()]).toEqual([500, INTERNAL_ERROR_BODY])
  })

  it('can be switched on for any assignment a test builds', async () => {
    const w = sim.createWorld()
    const course = w.world.courses.get(101)!
    const a = createAssignment(w.world, course, {
      id: 590,
      name: 'Old anonymous essay',
      points_possible: 10,
      assignment_group_id: 202,
      legacy: true,
      moderated_grading: true,
      grader_count: 2,
      final_grader_id: 1,
      anonymous_grading: true,
    })
    const submission = createSubmission(w.world, a, 1001, { submitted_at: w.world.nowMs - 86_400_000 })
    seedGrade(w.world, a, submission, 3, 7, w.world.nowMs - 3_600_000)
    const [row] = await allGradeable(w, 'final_grader', 590)
    expect(row).not.toHaveProperty('display_name')
    expect(row!.provisional_grades![0]).not.toHaveProperty('entered_score')
    expect(await w.json('final_grader', A(590))).toMatchObject({ grader_count: 2, final_grader_id: 1 })
  })
})
