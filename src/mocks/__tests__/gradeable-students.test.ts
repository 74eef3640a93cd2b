// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { setupSimulator } from '../../testing/simulator'
import { A, allGradeable, rowOf, UNAUTHORIZED_BODY } from '../../testing/canvas-json'
import { enroll } from '../sim/courses'
import { createSubmission } from '../sim/submissions'
import { createUser } from '../sim/users'

const sim = setupSimulator()
const PG_KEYS_NAMED = [
  'entered_grade',
  'entered_score',
  'final',
  'grade',
  'grade_matches_current_submission',
  'graded_anonymously',
  'graded_at',
  'provisional_grade_id',
  'score',
  'scorer_id',
  'speedgrader_url',
]
const PG_KEYS_ANON = PG_KEYS_NAMED.filter((k) => k !== 'scorer_id')
  .concat('anonymous_grader_id')
  .sort()

describe('§8.9 names and anonymous ids', () => {
  it('named rows: user_display_json with a base-36 anonymous_id, ordered by user id', async () => {
    const w = sim.createWorld()
    const rows = await allGradeable(w, 'final_grader', 501)
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 31 }, (_, i) => 1001 + i))
    expect(rowOf(rows, 1001)).toMatchObject({
      id: 1001,
      anonymous_id: (1001).toString(36),
      display_name: 'Amara Okafor',
      html_url: `${sim.origin}/courses/101/users/1001`,
      pronouns: null,
    })
    expect(rowOf(rows, 1012).display_name).toBe("Liam O'Brien")
    expect(rowOf(rows, 1028).display_name).toBe('Sam <b>Bold</b> Taylor')
  })

  it('hides student names only with allow_new_anonymous_id=true, for everyone until published', async () => {
    const w = sim.createWorld()
    const withoutFlag = await allGradeable(w, 'final_grader', 502, 'include[]=provisional_grades&per_page=100')
    expect(withoutFlag.every((r) => typeof r.id === 'number')).toBe(true)

    for (const who of ['final_grader', 'admin'] as const) {
      const rows = await allGradeable(w, who, 502)
      expect(rows).toHaveLength(20)
      for (const row of rows) {
        expect(row).not.toHaveProperty('id')
        expect(row.anonymous_id).toMatch(/^[1-9A-HJ-NP-Za-km-z]{5}$/)
        expect(row.display_name).toMatch(/^Student \d+$/)
        expect(Object.keys(row).sort()).toEqual([
          'anonymous_id',
          'avatar_image_url',
          'display_name',
          'in_moderation_set',
          'provisional_grades',
          'selected_provisional_grade_id',
        ])
      }
      const ids = rows.map((r) => r.anonymous_id)
      expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1))) // byte order
      // "Student N" follows anonymous_id order.
      expect(rows.map((r) => r.display_name)).toEqual(rows.map((_, i) => `Student ${i + 1}`))
    }
    // A grader without moderation rights sees the same anonymity (no include → allowed for a teacher).
    const teacherRows = await allGradeable(w, 'teacher', 502, 'allow_new_anonymous_id=true&per_page=100')
    expect(teacherRows.every((r) => r.id === undefined && !('provisional_grades' in r))).toBe(true)
  })

  it('shows names on an anonymous assignment once grades are published', async () => {
    const w = sim.createWorld()
    const rows = await allGradeable(w, 'final_grader', 502)
    const ids = rows
      .filter((r) => !r.in_moderation_set && r.provisional_grades!.length >= 2)
      .map((r) => r.provisional_grades![0]!.provisional_grade_id)
    await w.json('final_grader', `${A(502)}/provisional_grades/bulk_select`, {
      method: 'PUT',
      json: { provisional_grade_ids: ids },
    })
    expect((await w.fetch('final_grader', `${A(502)}/provisional_grades/publish`, { method: 'POST' })).status).toBe(200)
    const after = await allGradeable(w, 'final_grader', 502)
    expect(after.every((r) => typeof r.id === 'number')).toBe(true)
    expect(after[0]!.provisional_grades![0]).toHaveProperty('scorer_id')
  })
})

describe('§8.10 provisional grade JSON and grader anonymity', () => {
  it('has exactly the §3 keys; scorer_id when grader names are visible to the final grader', async () => {
    const w = sim.createWorld()
    const row = rowOf(await allGradeable(w, 'final_grader', 501), 1001)
    for (const pg of row.provisional_grades!) expect(Object.keys(pg).sort()).toEqual(PG_KEYS_NAMED)
    expect(row.provisional_grades![0]!.speedgrader_url).toBe(
      `${sim.origin}/courses/101/gradebook/speed_grader?assignment_id=501&student_id=1001`,
    )
  })

  it('swaps scorer_id for anonymous_grader_id when grader names are hidden from the final grader; the admin sees graders', async () => {
    const w = sim.createWorld()
    const chenRows = await allGradeable(w, 'final_grader', 502)
    const pgs = chenRows.flatMap((r) => r.provisional_grades!)
    for (const pg of pgs) expect(Object.keys(pg).sort()).toEqual(PG_KEYS_ANON)
    const graderIds = new Set(pgs.map((p) => p.anonymous_grader_id))
    // Two provisional graders + Chen's custom grades, each a stable 5-char id.
    expect(graderIds.size).toBe(3)
    for (const id of graderIds) expect(id).toMatch(/^[1-9A-HJ-NP-Za-km-z]{5}$/)
    const row = chenRows[0]!
    expect(row.provisional_grades![0]!.speedgrader_url).toBe(
      `${sim.origin}/courses/101/gradebook/speed_grader?anonymous_id=${row.anonymous_id}&assignment_id=502`,
    )

    const adminPgs = (await allGradeable(w, 'admin', 502)).flatMap((r) => r.provisional_grades!)
    expect(new Set(adminPgs.map((p) => p.scorer_id))).toEqual(new Set([1, 3, 4]))
    expect(adminPgs.every((p) => !('anonymous_grader_id' in p))).toBe(true)
  })

  it('lists PGs in created order with the final (custom) one last, and flags stale grades', async () => {
    const w = sim.createWorld()
    const rows = await allGradeable(w, 'final_grader', 501)
    const custom = rowOf(rows, 1005)
    expect(custom.provisional_grades!.map((p) => p.final)).toEqual([false, false, true])
    expect(custom.selected_provisional_grade_id).toBe(custom.provisional_grades![2]!.provisional_grade_id)
    const stale = rowOf(rows, 1017).provisional_grades!
    expect(stale.map((p) => [p.scorer_id, p.grade_matches_current_submission])).toEqual([
      [2, false],
      [4, true],
    ])
    expect(rowOf(rows, 1010).provisional_grades).toHaveLength(1)
    expect(rowOf(rows, 1003).provisional_grades).toHaveLength(3)
    const [lo, hi] = rowOf(rows, 1012).provisional_grades!.map((p) => p.score!)
    expect(Math.abs(hi! - lo!)).toBeGreaterThanOrEqual(4)
  })

  it('teachers need moderator rights for include[]=provisional_grades; students are refused outright', async () => {
    const w = sim.createWorld()
    expect((await w.fetch('teacher', `${A(501)}/gradeable_students`)).status).toBe(200)
    const refused = await w.fetch('teacher', `${A(501)}/gradeable_students?include[]=provisional_grades`)
    expect([refused.status, await refused.json()]).toEqual([401, UNAUTHORIZED_BODY])
    expect((await w.fetch(1001, `${A(501)}/gradeable_students`)).status).toBe(401)
    // Rights are checked before the assignment lookup.
    expect((await w.fetch(1001, `${A(999)}/gradeable_students`)).status).toBe(401)
    expect((await w.fetch('teacher', `${A(999)}/gradeable_students`)).status).toBe(404)
  })
})

describe('submissions endpoints (§2.8)', () => {
  it('lists submissions with provisional_grades for moderators, by user id, paginated', async () => {
    const w = sim.createWorld()
    const res = await w.fetch('final_grader', `${A(501)}/submissions?include[]=provisional_grades`)
    const subs = (await res.json()) as Array<{ user_id: number; provisional_grades: unknown[]; anonymous_id?: string }>
    expect(subs.map((s) => s.user_id)).toEqual(Array.from({ length: 10 }, (_, i) => 1001 + i))
    expect(subs[0]!.provisional_grades).toHaveLength(2)
    expect(subs[0]).not.toHaveProperty('anonymous_id')
    expect(res.headers.get('link')).toContain('rel="next"')
    // TAs see only their own PGs.
    const ta = await w.json<Array<{ provisional_grades: Array<{ scorer_id: number }> }>>(
      'ta',
      `${A(501)}/submissions?include[]=provisional_grades&per_page=100`,
    )
    expect(ta.flatMap((s) => s.provisional_grades).every((p) => p.scorer_id === 3)).toBe(true)
    // Admins also get the submission anonymous_id; no provisional_grades on non-moderated assignments.
    const admin = await w.json<Array<Record<string, unknown>>>(
      'admin',
      `${A(504)}/submissions?include[]=provisional_grades`,
    )
    expect(admin[0]).toHaveProperty('anonymous_id')
    expect(admin[0]).not.toHaveProperty('provisional_grades')
    expect((await w.fetch(1001, `${A(501)}/submissions`)).status).toBe(401)
  })

  it('shows one submission by user id or anonymous id; a student sees their own', async () => {
    const w = sim.createWorld()
    const mine = await w.json<{ user_id: number; attempt: number; submitted_at: string }>(
      1017,
      `${A(501)}/submissions/1017`,
    )
    expect(mine).toMatchObject({ user_id: 1017, attempt: 2 })
    expect((await w.fetch(1017, `${A(501)}/submissions/1018`)).status).toBe(401)
    const row = (await allGradeable(w, 'final_grader', 502))[0]!
    const anon = await w.json<Record<string, unknown>>(
      'final_grader',
      `${A(502)}/anonymous_submissions/${row.anonymous_id}?include[]=provisional_grades`,
    )
    expect(anon.anonymous_id).toBe(row.anonymous_id)
    expect(anon).not.toHaveProperty('user_id')
    expect(anon).not.toHaveProperty('preview_url') // names hidden → no preview_url
    expect(anon.provisional_grades).toEqual(row.provisional_grades)
  })
})

describe('gradeable_students read again after the course changes', () => {
  it('follows enrolment changes and new submissions between reads, in both orders', async () => {
    const w = sim.createWorld()
    const named = 'include[]=provisional_grades&per_page=7'
    const before = await allGradeable(w, 'final_grader', 501, named)
    const anonBefore = await allGradeable(w, 'final_grader', 502)
    expect(before).toHaveLength(31)
    const concludedHad502 = w.world.submissions.get(502)?.has(1003) === true

    // A student concluded (left out), one made inactive (still in: include: :inactive), and a new student with a
    // submission on both assignments.
    for (const e of w.world.enrollmentsByUser.get(1003) ?? []) e.state = 'concluded'
    for (const e of w.world.enrollmentsByUser.get(1004) ?? []) e.state = 'inactive'
    const newcomer = createUser(w.world, { name: 'Nova Newcomer' })
    enroll(w.world, w.world.courses.get(101)!, newcomer, 'student')
    for (const id of [501, 502]) createSubmission(w.world, w.world.assignments.get(id)!, newcomer.id)

    const after = await allGradeable(w, 'final_grader', 501, named)
    expect(after.map((r) => r.id)).toEqual(
      [...before.map((r) => r.id as number).filter((id) => id !== 1003), newcomer.id].sort((x, y) => x - y),
    )
    const anonAfter = await allGradeable(w, 'final_grader', 502)
    expect(anonAfter).toHaveLength(anonBefore.length + 1 - (concludedHad502 ? 1 : 0))
    // Still in anonymous-id order, byte by byte.
    const ids = anonAfter.map((r) => r.anonymous_id as string)
    expect(ids).toEqual([...ids].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)))
  })
})
