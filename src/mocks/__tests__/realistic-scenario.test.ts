// @vitest-environment node
// Issue #12 task 6: the `realistic` scenario (src/mocks/README.md lists its ids).
import { describe, expect, it } from 'vitest'
import { REALISTIC, REALISTIC_STUDENT_COUNT } from '../sim/scenarios/realistic'
import { setupSimulator } from '../../testing/simulator'
import { A, allGradeable, rowOf, type PgJson } from '../../testing/canvas-json'

const sim = setupSimulator()

interface Enrollment {
  type: string
  role: string
  course_section_id: number
  limit_privileges_to_course_section: boolean
}
interface SubmissionJson {
  user_id: number
  late: boolean
  seconds_late: number
  points_deducted: number | null
  excused: boolean | null
  score: number | null
  entered_score: number | null
  grade: string | null
  workflow_state: string
  submitted_at: string | null
}

describe('the realistic scenario', () => {
  it('is built by the control API and counted as 39 students', async () => {
    const res = await fetch(`${sim.origin}/__sim/worlds`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ scenario: 'realistic' }),
    })
    const body = (await res.json()) as { worldId: string; scenario: string; users: Array<{ id: number; role: string }> }
    expect([res.status, body.scenario]).toEqual([201, 'realistic'])
    expect(body.users.filter((u) => u.role === 'student')).toHaveLength(REALISTIC_STUDENT_COUNT)
    expect(body.users.find((u) => u.id === REALISTIC.sectionTa)).toMatchObject({ role: 'ta' })
    sim.host.deleteWorld(body.worldId)
  })

  it('has sections, a section-limited TA, a student in two sections and the test student', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    const users = await w.json<Array<{ id: number; name: string; enrollments: Enrollment[] }>>(
      'final_grader',
      '/api/v1/courses/101/users?include[]=enrollments&include[]=test_student&per_page=100',
    )
    const of = (id: number) => users.find((u) => u.id === id)!
    expect(of(REALISTIC.sectionTa).enrollments).toEqual([
      expect.objectContaining({
        type: 'TaEnrollment',
        course_section_id: REALISTIC.sections.labB,
        limit_privileges_to_course_section: true,
      }),
    ])
    expect(of(1).enrollments[0]).toMatchObject({ course_section_id: REALISTIC.sections.default })
    expect(of(REALISTIC.twoSections).enrollments.map((e) => e.course_section_id)).toEqual([
      REALISTIC.sections.labA,
      REALISTIC.sections.labC,
    ])
    const sections = new Set(users.flatMap((u) => u.enrollments.map((e) => e.course_section_id)))
    expect([...sections].sort((x, y) => x - y)).toEqual([1010, 1011, 1012, 1013])
    expect(of(REALISTIC.testStudent)).toMatchObject({ name: 'Test Student' })
    expect(of(REALISTIC.testStudent).enrollments).toEqual([
      expect.objectContaining({ type: 'StudentViewEnrollment', role: 'StudentEnrollment' }),
    ])
    // The inactive and concluded students are not listed (default states are active).
    expect(users.map((u) => u.id)).not.toContain(REALISTIC.inactive)
    expect(users.map((u) => u.id)).not.toContain(REALISTIC.concluded)

    // gradeable_students: the test student carries fake_student; the inactive student is there, the concluded not.
    const rows = await allGradeable(w, 'final_grader', 501, 'per_page=100')
    expect(rowOf(rows, REALISTIC.testStudent)).toMatchObject({ display_name: 'Test Student', fake_student: true })
    expect(rowOf(rows, 1001)).not.toHaveProperty('fake_student')
    expect(rows.map((r) => r.id)).toContain(REALISTIC.inactive)
    expect(rows.map((r) => r.id)).not.toContain(REALISTIC.concluded)

    // GET /courses shows the TA's section limit on their enrolment.
    const [course] = await w.json<Array<{ enrollments: Enrollment[] }>>(REALISTIC.sectionTa, '/api/v1/courses')
    expect(course!.enrollments[0]).toMatchObject({ limit_privileges_to_course_section: true })
  })

  it('has late, excused and never-submitted submissions', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    const subs = await w.json<SubmissionJson[]>('final_grader', `${A(501)}/submissions?per_page=100`)
    const of = (id: number) => subs.find((s) => s.user_id === id)!
    expect(of(1005)).toMatchObject({ late: true, seconds_late: 7200, points_deducted: null })
    expect(REALISTIC.late.every((id) => of(id).late)).toBe(true)
    expect(of(1001)).toMatchObject({ late: false, seconds_late: 0 })
    expect(of(REALISTIC.excused)).toMatchObject({ excused: true, late: false, score: null, workflow_state: 'graded' })
    expect(of(REALISTIC.unsubmitted)).toMatchObject({ submitted_at: null, workflow_state: 'unsubmitted' })
    const rows = await allGradeable(w, 'final_grader', 501)
    expect(rowOf(rows, REALISTIC.excused).provisional_grades).toEqual([])
    expect(rowOf(rows, REALISTIC.unsubmitted).provisional_grades).toEqual([])
  })

  it('published 505 through the late policy: score = entered_score − points_deducted', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    const subs = await w.json<SubmissionJson[]>('final_grader', `${A(505)}/submissions?per_page=100`)
    const of = (id: number) => subs.find((s) => s.user_id === id)!
    // 10% per day, never below 50%: ½ hour late → 1 day, 26 h → 2 days, 4 days → capped at the floor.
    const [a, b, c] = REALISTIC.late.map(of)
    expect(a!.points_deducted).toBe(2)
    expect(b!.points_deducted).toBe(4)
    expect(c!.score).toBe(10)
    for (const s of [a!, b!, c!]) expect(s.score).toBe(s.entered_score! - s.points_deducted!)
    expect(of(1001)).toMatchObject({ late: false, points_deducted: null })
    expect(of(1001).score).toBe(of(1001).entered_score)
    expect(await w.json('final_grader', A(505))).toMatchObject({ muted: true })
    // Regrading after publish goes through the late policy too.
    const regraded = await w.json<SubmissionJson>('final_grader', `${A(505)}/submissions/1014`, {
      method: 'PUT',
      json: { submission: { posted_grade: '18' } },
    })
    expect(regraded).toMatchObject({ entered_score: 18, points_deducted: 4, score: 14, grade: '14' })
  })

  it('publishing 501 applies the late policy to the late students', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    const rows = await allGradeable(w, 'final_grader', 501)
    const ids = rows
      .filter((r) => r.provisional_grades!.length > 1)
      .map((r) => r.provisional_grades![0]!.provisional_grade_id)
    await w.json('final_grader', `${A(501)}/provisional_grades/bulk_select`, {
      method: 'PUT',
      json: { provisional_grade_ids: ids },
    })
    expect(await w.json('final_grader', `${A(501)}/provisional_grades/publish`, { method: 'POST' })).toEqual({
      message: 'OK',
    })
    const late = await w.json<SubmissionJson>('final_grader', `${A(501)}/submissions/1005`)
    const selected = rowOf(rows, 1005).provisional_grades![0]!
    expect(late).toMatchObject({ entered_score: selected.score, points_deducted: 2, score: selected.score! - 2 })
  })

  it('formats letter and pass/fail provisional grades as Canvas does', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    const poster = await allGradeable(w, 'final_grader', REALISTIC.assignments.poster)
    expect(rowOf(poster, 1001).provisional_grades!.map((p) => [p.score, p.grade])).toEqual([
      [88, 'B+'],
      [91, 'A-'],
    ])
    expect(await w.json('final_grader', A(503))).toMatchObject({ grading_type: 'letter_grade', grading_standard_id: 1 })
    // A custom grade "B" is the top of the B band in the course's scheme (83–87 → 86).
    const custom = await w.json<{ provisional_grades: PgJson[] }>('final_grader', `${A(503)}/submissions/1001`, {
      method: 'PUT',
      json: { submission: { posted_grade: 'B', provisional: true, final: true } },
    })
    expect(custom.provisional_grades.at(-1)).toMatchObject({ final: true, score: 86, grade: 'B' })

    const safety = await allGradeable(w, 'final_grader', REALISTIC.assignments.safety)
    expect(rowOf(safety, 1001).provisional_grades!.map((p) => p.grade)).toEqual(['complete', 'complete'])
    expect(rowOf(safety, REALISTIC.safetyDisagreement[0]).provisional_grades!.map((p) => [p.score, p.grade])).toEqual([
      [10, 'complete'],
      [0, 'incomplete'],
    ])
    // Pass/fail takes only 0 or full points.
    const bad = await w.fetch('ta', `${A(504)}/submissions/1002`, {
      method: 'PUT',
      json: { submission: { posted_grade: '5', provisional: true } },
    })
    expect([bad.status, await bad.json()]).toEqual([400, { error: 'Assignment::GradeError' }])
    const incomplete = await w.json<{ provisional_grades: PgJson[] }>('ta', `${A(504)}/submissions/1002`, {
      method: 'PUT',
      json: { submission: { posted_grade: 'incomplete', provisional: true } },
    })
    expect(incomplete.provisional_grades).toEqual([expect.objectContaining({ score: 0, grade: 'incomplete' })])
  })

  it('keeps 501 to three graders: the section TA holds a slot, Herrera cannot grade', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    const rows = await allGradeable(w, 'final_grader', 501)
    const scorers = new Set(rows.flatMap((r) => r.provisional_grades!.map((p) => p.scorer_id)))
    expect([...scorers].sort((x, y) => (x ?? 0) - (y ?? 0))).toEqual([2, 3, REALISTIC.sectionTa])
    const res = await w.fetch(4, `${A(501)}/submissions/1001`, {
      method: 'PUT',
      json: { submission: { posted_grade: '15', provisional: true } },
    })
    expect([res.status, await res.json()]).toEqual([
      400,
      { error: 'The maximum number of graders has been reached for this assignment.' },
    ])
  })
})
