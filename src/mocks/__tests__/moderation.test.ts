// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { setupSimulator } from '../../testing/simulator'
import { removeSelectionRow } from '../sim/moderation'
import { A, allGradeable, rowOf, UNAUTHORIZED_BODY, NOT_FOUND_BODY } from '../../testing/canvas-json'

const sim = setupSimulator()

describe('§8.1/§8.2 moderator-only actions', () => {
  it('refuses the other teacher and a TA on select, bulk_select, publish, moderated_students and gradeable_students+provisional_grades', async () => {
    const w = sim.createWorld()
    const rows = await allGradeable(w, 'final_grader', 501)
    const pgId = rowOf(rows, 1003).provisional_grades![0]!.provisional_grade_id
    for (const who of ['teacher', 'ta'] as const) {
      const calls = [
        w.fetch(who, `${A(501)}/provisional_grades/${pgId}/select`, { method: 'PUT' }),
        w.fetch(who, `${A(501)}/provisional_grades/bulk_select`, {
          method: 'PUT',
          json: { provisional_grade_ids: [pgId] },
        }),
        w.fetch(who, `${A(501)}/provisional_grades/publish`, { method: 'POST' }),
        w.fetch(who, `${A(501)}/moderated_students`),
        w.fetch(who, `${A(501)}/moderated_students`, { method: 'POST', form: { 'student_ids[]': ['1001'] } }),
        w.fetch(who, `${A(501)}/gradeable_students?include[]=provisional_grades`),
      ]
      for (const res of await Promise.all(calls)) {
        expect(res.status).toBe(401)
        expect(await res.json()).toEqual(UNAUTHORIZED_BODY)
      }
    }
    // Nothing was selected by the refused calls.
    expect(rowOf(await allGradeable(w, 'final_grader', 501), 1003).in_moderation_set).toBe(false)
  })

  it('lets the final grader and the admin with select_final_grade moderate', async () => {
    const w = sim.createWorld()
    const rows = await allGradeable(w, 'admin', 501)
    const [pg1, pg2] = rowOf(rows, 1003).provisional_grades!
    const byAdmin = await w.fetch('admin', `${A(501)}/provisional_grades/${pg1!.provisional_grade_id}/select`, {
      method: 'PUT',
    })
    expect(byAdmin.status).toBe(200)
    const byChen = await w.fetch('final_grader', `${A(501)}/provisional_grades/${pg2!.provisional_grade_id}/select`, {
      method: 'PUT',
    })
    expect(await byChen.json()).toEqual({
      assignment_id: 501,
      student_id: 1003,
      selected_provisional_grade_id: pg2!.provisional_grade_id,
    })
  })

  it('answers 403 with the same body when the world flips unauthorizedStatus (api_auth_error_updates)', async () => {
    const w = sim.createWorld()
    const cfg = await fetch(`${sim.origin}/__sim/worlds/${w.id}/config`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ unauthorizedStatus: 403 }),
    })
    expect(cfg.status).toBe(200)
    const res = await w.fetch('teacher', `${A(501)}/provisional_grades/publish`, { method: 'POST' })
    expect(res.status).toBe(403)
    expect(await res.json()).toEqual(UNAUTHORIZED_BODY)
  })

  it('404s unknown courses and assignments before checking rights', async () => {
    const w = sim.createWorld()
    for (const path of [
      '/api/v1/courses/999/assignments/501/provisional_grades/publish',
      `${A(999)}/provisional_grades/publish`,
      '/api/v1/courses/abc/assignments/501/provisional_grades/publish',
    ]) {
      const res = await w.fetch('teacher', path, { method: 'POST' })
      expect(res.status).toBe(404)
      expect(await res.json()).toEqual(NOT_FOUND_BODY)
    }
  })
})

describe('§8.3 moderation set', () => {
  it('has a selection row for every assigned student from the start; in_moderation_set means "has a selected PG"', async () => {
    const w = sim.createWorld()
    const res = await w.fetch('final_grader', `${A(501)}/moderated_students?per_page=100`)
    const students = (await res.json()) as Array<{
      id: number
      name: string
      sortable_name: string
      short_name: string
    }>
    // 30 active + 1 inactive; the concluded student (1032) is not visible.
    expect(students.map((s) => s.id)).toEqual(Array.from({ length: 31 }, (_, i) => 1001 + i))
    expect(Object.keys(students[0]!).sort()).toEqual(['created_at', 'id', 'name', 'short_name', 'sortable_name'])
    const rows = await allGradeable(w, 'final_grader', 501)
    expect(rowOf(rows, 1024)).toMatchObject({
      in_moderation_set: false,
      selected_provisional_grade_id: null,
      provisional_grades: [],
    })
    expect(rowOf(rows, 1001).in_moderation_set).toBe(true)
    expect(rows.filter((r) => r.in_moderation_set).map((r) => r.id)).toEqual([
      1001, 1002, 1004, 1005, 1006, 1007, 1008, 1031,
    ])
  })

  it('POST moderated_students: 400 [] without ids; returns every requested visible student; re-creates a missing row', async () => {
    const w = sim.createWorld()
    const empty = await w.fetch('final_grader', `${A(501)}/moderated_students`, { method: 'POST' })
    expect(empty.status).toBe(400)
    expect(await empty.json()).toEqual([])
    removeSelectionRow(w.world, 501, 1009)
    const before = (
      await w.json<Array<{ id: number }>>('final_grader', `${A(501)}/moderated_students?per_page=100`)
    ).map((s) => s.id)
    expect(before).not.toContain(1009)
    const res = await w.fetch('final_grader', `${A(501)}/moderated_students`, {
      method: 'POST',
      json: { student_ids: [1009, 1002, 1002, 424242] },
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as Array<{ id: number }>).map((s) => s.id)).toEqual([1002, 1009])
    const after = (
      await w.json<Array<{ id: number }>>('final_grader', `${A(501)}/moderated_students?per_page=100`)
    ).map((s) => s.id)
    expect(after).toContain(1009)
  })
})

describe('§8.4 bulk_select', () => {
  it('ignores foreign and unknown ids, lets the last id per student win, and returns only changed rows', async () => {
    const w = sim.createWorld()
    const rows = await allGradeable(w, 'final_grader', 501)
    const essay = await allGradeable(w, 'final_grader', 502)
    const foreign = essay[0]!.provisional_grades![0]!.provisional_grade_id
    const [a1, a2, a3] = rowOf(rows, 1003).provisional_grades!
    const b = rowOf(rows, 1009).provisional_grades![1]!
    const already = rowOf(rows, 1001).selected_provisional_grade_id!
    const res = await w.fetch('final_grader', `${A(501)}/provisional_grades/bulk_select`, {
      method: 'PUT',
      json: {
        provisional_grade_ids: [
          a1!.provisional_grade_id,
          foreign,
          99999999,
          b.provisional_grade_id,
          a3!.provisional_grade_id,
          already,
        ],
      },
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual([
      { assignment_id: 501, student_id: 1009, selected_provisional_grade_id: b.provisional_grade_id },
      { assignment_id: 501, student_id: 1003, selected_provisional_grade_id: a3!.provisional_grade_id },
    ])
    expect(a2).toBeDefined()
    const after = await allGradeable(w, 'final_grader', 501)
    expect(rowOf(after, 1003).selected_provisional_grade_id).toBe(a3!.provisional_grade_id)
    // The essay's grade was not selected through 501.
    expect(
      (await allGradeable(w, 'final_grader', 502)).find((r) =>
        r.provisional_grades!.some((p) => p.provisional_grade_id === foreign),
      )!.selected_provisional_grade_id,
    ).not.toBe(foreign)
    // Same request again: nothing changes, nothing is returned.
    const again = await w.fetch('final_grader', `${A(501)}/provisional_grades/bulk_select`, {
      method: 'PUT',
      form: { 'provisional_grade_ids[]': [String(a3!.provisional_grade_id), String(b.provisional_grade_id)] },
    })
    expect(await again.json()).toEqual([])
  })

  it('anonymizes the response on an anonymous assignment (anonymous_id instead of student_id)', async () => {
    const w = sim.createWorld()
    const rows = await allGradeable(w, 'final_grader', 502)
    const row = rows.find((r) => !r.in_moderation_set && r.provisional_grades!.length >= 2)!
    const pg = row.provisional_grades![1]!
    const res = await w.json<Array<Record<string, unknown>>>(
      'final_grader',
      `${A(502)}/provisional_grades/bulk_select`,
      {
        method: 'PUT',
        json: { provisional_grade_ids: [pg.provisional_grade_id] },
      },
    )
    expect(res).toEqual([
      { assignment_id: 502, anonymous_id: row.anonymous_id, selected_provisional_grade_id: pg.provisional_grade_id },
    ])
  })

  it('is a server error without provisional_grade_ids (inferred from Canvas)', async () => {
    const w = sim.createWorld()
    const res = await w.fetch('final_grader', `${A(501)}/provisional_grades/bulk_select`, { method: 'PUT' })
    expect(res.status).toBe(500)
  })
})

describe('§8.5 select', () => {
  it('400s a student without a selection row, 404s a PG of another assignment, and selects otherwise', async () => {
    const w = sim.createWorld()
    const rows = await allGradeable(w, 'final_grader', 501)
    const pg = rowOf(rows, 1011).provisional_grades![0]!
    removeSelectionRow(w.world, 501, 1011)
    const res = await w.fetch('final_grader', `${A(501)}/provisional_grades/${pg.provisional_grade_id}/select`, {
      method: 'PUT',
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ message: 'student not in moderation set' })

    const essayPg = (await allGradeable(w, 'final_grader', 502))[0]!.provisional_grades![0]!
    const foreign = await w.fetch(
      'final_grader',
      `${A(501)}/provisional_grades/${essayPg.provisional_grade_id}/select`,
      { method: 'PUT' },
    )
    expect(foreign.status).toBe(404)

    const ok = await w.fetch(
      'final_grader',
      `${A(501)}/provisional_grades/${rowOf(rows, 1013).provisional_grades![1]!.provisional_grade_id}/select`,
      { method: 'PUT' },
    )
    expect(ok.status).toBe(200)
    expect(rowOf(await allGradeable(w, 'final_grader', 501), 1013).in_moderation_set).toBe(true)
  })

  it('a custom (final) grade is not auto-selected; selecting it puts the student in the set', async () => {
    const w = sim.createWorld()
    const row = rowOf(await allGradeable(w, 'final_grader', 501), 1019)
    const custom = row.provisional_grades!.at(-1)!
    expect(custom).toMatchObject({ final: true, scorer_id: 1 })
    expect(row.in_moderation_set).toBe(false)
    await w.json('final_grader', `${A(501)}/provisional_grades/${custom.provisional_grade_id}/select`, {
      method: 'PUT',
    })
    expect(rowOf(await allGradeable(w, 'final_grader', 501), 1019).selected_provisional_grade_id).toBe(
      custom.provisional_grade_id,
    )
  })
})

describe('§8.6 publish', () => {
  it('checks in order: unauthorized → not moderated → already published → ambiguous (422) → OK', async () => {
    const w = sim.createWorld()
    const publish = (who: 'final_grader' | 'teacher' | 'admin', id: number) =>
      w.fetch(who, `${A(id)}/provisional_grades/publish`, { method: 'POST' })

    expect((await publish('teacher', 504)).status).toBe(401) // ordinary teacher on a non-moderated assignment
    expect((await publish('final_grader', 504)).status).toBe(401) // Chen is not the final grader of 504
    const notModerated = await publish('admin', 504)
    expect([notModerated.status, await notModerated.json()]).toEqual([
      400,
      { message: 'Assignment does not use moderated grading' },
    ])
    const published = await publish('final_grader', 503)
    expect([published.status, await published.json()]).toEqual([
      400,
      { message: 'Assignment grades have already been published' },
    ])
    const ambiguous = await publish('final_grader', 501)
    expect([ambiguous.status, await ambiguous.json()]).toEqual([
      422,
      { message: 'All submissions must have a selected grade' },
    ])
    // 422 publishes nothing.
    const untouched = await w.json<{ grade: string | null }>('final_grader', `${A(501)}/submissions/1001`)
    expect(untouched.grade).toBeNull()

    // Select one grade for every student that has two or more graded PGs and no selection.
    const rows = await allGradeable(w, 'final_grader', 501)
    const ids = rows
      .filter((r) => !r.in_moderation_set && r.provisional_grades!.filter((p) => p.graded_at).length >= 2)
      .map((r) => r.provisional_grades![0]!.provisional_grade_id)
    await w.json('final_grader', `${A(501)}/provisional_grades/bulk_select`, {
      method: 'PUT',
      json: { provisional_grade_ids: ids },
    })
    const ok = await publish('final_grader', 501)
    expect([ok.status, await ok.json()]).toEqual([200, { message: 'OK' }])
    expect((await publish('final_grader', 501)).status).toBe(400) // irreversible

    const subs = await w.json<
      Array<{
        user_id: number
        grade: string | null
        score: number | null
        grader_id: number | null
        workflow_state: string
        grade_matches_current_submission: boolean
      }>
    >('final_grader', `${A(501)}/submissions?per_page=100`)
    const byUser = new Map(subs.map((s) => [s.user_id, s]))
    const selected1001 = rowOf(rows, 1001).provisional_grades!.find(
      (p) => p.provisional_grade_id === rowOf(rows, 1001).selected_provisional_grade_id,
    )!
    expect(byUser.get(1001)).toMatchObject({
      score: selected1001.score,
      grade: selected1001.grade,
      grader_id: selected1001.scorer_id,
      workflow_state: 'graded',
      grade_matches_current_submission: true,
    })
    // The custom grade chosen for 1005 was scored by Chen.
    expect(byUser.get(1005)!.grader_id).toBe(1)
    // A single graded PG is used without a selection.
    const single = rowOf(rows, 1010).provisional_grades![0]!
    expect(byUser.get(1010)).toMatchObject({ score: single.score, grader_id: 3 })
    // No PG → untouched.
    expect(byUser.get(1024)!.grade).toBeNull()

    const groups = await w.json<Array<{ assignments: Array<{ id: number; grades_published: boolean }> }>>(
      'final_grader',
      '/api/v1/courses/101/assignment_groups?include[]=assignments&include[]=grades_published',
    )
    expect(groups.flatMap((g) => g.assignments).find((a) => a.id === 501)!.grades_published).toBe(true)
  })

  it('does not apply PGs of concluded students, and publish still succeeds', async () => {
    const w = sim.createWorld()
    const rows = await allGradeable(w, 'final_grader', 501)
    const ids = rows
      .filter((r) => !r.in_moderation_set && r.provisional_grades!.length >= 2)
      .map((r) => r.provisional_grades![0]!.provisional_grade_id)
    await w.json('final_grader', `${A(501)}/provisional_grades/bulk_select`, {
      method: 'PUT',
      json: { provisional_grade_ids: ids },
    })
    expect((await w.fetch('admin', `${A(501)}/provisional_grades/publish`, { method: 'POST' })).status).toBe(200)
    const concluded = await w.json<{ grade: string | null }>('final_grader', `${A(501)}/submissions/1032`)
    expect(concluded.grade).toBeNull()
  })
})

describe('§8.7 Submissions API grading', () => {
  const put = (body: Record<string, unknown>) => ({ method: 'PUT', json: body })

  it('a non-provisional grade on an unpublished moderated assignment is unauthorized, even for the final grader', async () => {
    const w = sim.createWorld()
    const res = await w.fetch('final_grader', `${A(501)}/submissions/1024`, put({ submission: { posted_grade: '15' } }))
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual(UNAUTHORIZED_BODY)
  })

  it('writes a provisional grade and returns only the caller’s own PGs to a non-moderator', async () => {
    const w = sim.createWorld()
    const res = await w.fetch('teacher', `${A(501)}/submissions/1024`, {
      method: 'PUT',
      form: { 'submission[posted_grade]': '17.5', 'submission[provisional]': 'true' },
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      user_id: number
      grade: string | null
      provisional_grades: Array<{ score: number; scorer_id: number; final: boolean }>
      all_submissions: unknown[]
      submission_comments: unknown[]
    }
    expect(body.user_id).toBe(1024)
    expect(body.grade).toBeNull() // the submission itself stays ungraded
    expect(body.provisional_grades).toEqual([
      expect.objectContaining({ score: 17.5, grade: '17.5', scorer_id: 2, final: false }),
    ])
    expect(body.all_submissions).toHaveLength(1)
    expect(body.submission_comments).toEqual([])

    // Reyes grading a student already graded by others still sees only his own PG.
    const other = await w.json<{ provisional_grades: Array<{ scorer_id: number }> }>(
      'teacher',
      `${A(501)}/submissions/1002`,
      put({ submission: { posted_grade: '80%', provisional: true } }),
    )
    expect(other.provisional_grades).toEqual([expect.objectContaining({ scorer_id: 2, score: 16 })])
  })

  it('silently treats final=true from a non-moderator as the caller’s own non-final grade', async () => {
    const w = sim.createWorld()
    // 1011: Natarajan's grade there is not selected (a selected one she could not change, PROVISIONAL_GRADE_MODIFY_SELECTED).
    const body = await w.json<{ provisional_grades: Array<{ final: boolean; scorer_id: number; score: number }> }>(
      'ta',
      `${A(501)}/submissions/1011`,
      put({ submission: { posted_grade: '12', provisional: true, final: true } }),
    )
    expect(body.provisional_grades).toEqual([expect.objectContaining({ final: false, scorer_id: 3, score: 12 })])
  })

  it('final grades: need another PG; otherwise saved as the one final PG, shared by moderators and not auto-selected', async () => {
    const w = sim.createWorld()
    const none = await w.fetch(
      'final_grader',
      `${A(501)}/submissions/1024`,
      put({ submission: { posted_grade: '15', provisional: true, final: true } }),
    )
    expect([none.status, await none.json()]).toEqual([
      400,
      { error: 'Cannot give a final mark for a student with no other provisional grades' },
    ])

    const first = await w.json<{
      provisional_grades: Array<{ final: boolean; scorer_id: number; provisional_grade_id: number }>
    }>(
      'final_grader',
      `${A(501)}/submissions/1011`,
      put({ submission: { posted_grade: '14', provisional: true, final: true } }),
    )
    const finalPg = first.provisional_grades.at(-1)!
    expect(finalPg).toMatchObject({ final: true, scorer_id: 1 })
    // The admin is a moderator but holds no slot: with every slot taken Canvas refuses them too.
    const blocked = await w.fetch(
      'admin',
      `${A(501)}/submissions/1011`,
      put({ submission: { posted_grade: '14.5', provisional: true, final: true } }),
    )
    expect([blocked.status, await blocked.json()]).toEqual([
      400,
      { error: 'The maximum number of graders has been reached for this assignment.' },
    ])
    w.world.assignments.get(501)!.grader_count = 4
    const second = await w.json<{
      provisional_grades: Array<{ final: boolean; scorer_id: number; provisional_grade_id: number; score: number }>
    }>(
      'admin',
      `${A(501)}/submissions/1011`,
      put({ submission: { posted_grade: '14.5', provisional: true, final: true } }),
    )
    expect(second.provisional_grades.filter((p) => p.final)).toEqual([
      expect.objectContaining({ provisional_grade_id: finalPg.provisional_grade_id, scorer_id: 5, score: 14.5 }),
    ])
    expect(rowOf(await allGradeable(w, 'final_grader', 501), 1011).in_moderation_set).toBe(false)
  })

  it('grade errors are 400 {"error": …}: invalid score', async () => {
    const w = sim.createWorld()
    const res = await w.fetch(
      'ta',
      `${A(501)}/submissions/1024`,
      put({ submission: { posted_grade: 'excellent', provisional: true } }),
    )
    expect([res.status, await res.json()]).toEqual([400, { error: 'Assignment::GradeError' }])
  })

  it('grades by anonymous id and answers with anonymous_id instead of user_id', async () => {
    const w = sim.createWorld()
    const row = (await allGradeable(w, 'final_grader', 502)).find((r) => r.provisional_grades!.length === 0)!
    const res = await w.json<Record<string, unknown>>(
      'ta',
      `${A(502)}/anonymous_submissions/${row.anonymous_id}`,
      put({ submission: { posted_grade: '77', provisional: true } }),
    )
    expect(res.anonymous_id).toBe(row.anonymous_id)
    expect(res).not.toHaveProperty('user_id')
    expect(res.provisional_grades).toEqual([expect.objectContaining({ score: 77, final: false })])
    expect(
      (
        await w.fetch(
          'ta',
          `${A(502)}/anonymous_submissions/zzzzz`,
          put({ submission: { posted_grade: '1', provisional: true } }),
        )
      ).status,
    ).toBe(404)
  })

  it('non-moderated assignments take real grades', async () => {
    const w = sim.createWorld()
    const body = await w.json<{ grade: string; score: number; grader_id: number; workflow_state: string }>(
      'teacher',
      `${A(504)}/submissions/1029`,
      put({ submission: { posted_grade: '9' } }),
    )
    expect(body).toMatchObject({ grade: '9', score: 9, grader_id: 2, workflow_state: 'graded' })
  })

  it('students cannot grade; unknown students 404; unassigned students are unauthorized', async () => {
    const w = sim.createWorld()
    expect(
      (await w.fetch(1001, `${A(501)}/submissions/1002`, put({ submission: { posted_grade: '1', provisional: true } })))
        .status,
    ).toBe(401)
    expect(
      (
        await w.fetch(
          'ta',
          `${A(501)}/submissions/77777`,
          put({ submission: { posted_grade: '1', provisional: true } }),
        )
      ).status,
    ).toBe(404)
    expect(
      (await w.fetch('ta', `${A(502)}/submissions/1025`, put({ submission: { posted_grade: '1', provisional: true } })))
        .status,
    ).toBe(401)
  })
})

describe('§8.8 grader_count slots', () => {
  it('a third provisional grader on a 2-grader assignment gets 400 MAX_GRADERS; the final grader never does', async () => {
    const w = sim.createWorld()
    const row = (await allGradeable(w, 'final_grader', 502)).find((r) => r.provisional_grades!.length === 0)!
    const reyes = await w.fetch('teacher', `${A(502)}/anonymous_submissions/${row.anonymous_id}`, {
      method: 'PUT',
      json: { submission: { posted_grade: '70', provisional: true } },
    })
    expect([reyes.status, await reyes.json()]).toEqual([
      400,
      { error: 'The maximum number of graders has been reached for this assignment.' },
    ])
    const chen = await w.fetch('final_grader', `${A(502)}/anonymous_submissions/${row.anonymous_id}`, {
      method: 'PUT',
      json: { submission: { posted_grade: '70', provisional: true } },
    })
    expect(chen.status).toBe(200)
    // A slot holder may grade any number of students.
    const priya = await w.fetch('ta', `${A(502)}/anonymous_submissions/${row.anonymous_id}`, {
      method: 'PUT',
      json: { submission: { posted_grade: '71', provisional: true } },
    })
    expect(priya.status).toBe(200)
  })

  it('status: needs_provisional_grade tells whether the caller can still grade', async () => {
    const w = sim.createWorld()
    const status = (who: 'teacher' | 'ta' | 'final_grader') =>
      w.json<{ needs_provisional_grade: boolean }>(who, `${A(502)}/provisional_grades/status?student_id=1001`)
    expect(await status('teacher')).toEqual({ needs_provisional_grade: false })
    expect(await status('ta')).toEqual({ needs_provisional_grade: true })
    expect(await status('final_grader')).toEqual({ needs_provisional_grade: true })
  })
})

describe('provisional grade status (§2.3)', () => {
  it('checks in order: student_id missing (400) → unknown (404) → rights → moderated → published', async () => {
    const w = sim.createWorld()
    const missing = await w.fetch('final_grader', `${A(501)}/provisional_grades/status`)
    expect([missing.status, await missing.json()]).toEqual([400, { errors: [{ message: 'student_id is missing' }] }])
    expect((await w.fetch('final_grader', `${A(501)}/provisional_grades/status?student_id=4242`)).status).toBe(404)
    expect((await w.fetch(1002, `${A(501)}/provisional_grades/status?student_id=1001`)).status).toBe(401)
    expect(await (await w.fetch('final_grader', `${A(504)}/provisional_grades/status?student_id=1001`)).json()).toEqual(
      { message: 'Assignment does not use moderated grading' },
    )
    expect(await (await w.fetch('final_grader', `${A(503)}/provisional_grades/status?student_id=1001`)).json()).toEqual(
      { message: 'Assignment grades have already been published' },
    )
  })

  it('with a stale last_updated_at, moderators get the PGs (selected/readonly/scorer_name); others are unauthorized', async () => {
    const w = sim.createWorld()
    const body = await w.json<{
      provisional_grades: Array<Record<string, unknown>>
      final_provisional_grade?: Record<string, unknown>
    }>('final_grader', `${A(501)}/provisional_grades/status?student_id=1005&last_updated_at=2000-01-01T00:00:00Z`)
    expect(body.provisional_grades).toHaveLength(2)
    expect(body.provisional_grades[0]).toMatchObject({
      selected: false,
      readonly: true,
      scorer_name: expect.any(String),
      submission_comments: [],
    })
    expect(body.final_provisional_grade).toMatchObject({
      final: true,
      selected: true,
      readonly: false,
      scorer_name: 'Dr. Maya Chen',
    })
    expect(
      (await w.fetch('ta', `${A(501)}/provisional_grades/status?student_id=1005&last_updated_at=2000-01-01T00:00:00Z`))
        .status,
    ).toBe(401)
    const anon = await w.json<{ provisional_grades: Array<Record<string, unknown>> }>(
      'final_grader',
      `${A(502)}/anonymous_provisional_grades/status?anonymous_id=${(await allGradeable(w, 'final_grader', 502))[0]!.anonymous_id}&last_updated_at=2000-01-01T00:00:00Z`,
    )
    // Grader names hidden from the final grader on 502: no scorer_name, anonymous_grader_id instead of scorer_id.
    expect(anon.provisional_grades[0]).not.toHaveProperty('scorer_name')
    expect(anon.provisional_grades[0]).not.toHaveProperty('scorer_id')
    expect(
      (await w.fetch('final_grader', `${A(502)}/anonymous_provisional_grades/status?anonymous_id=nope1`)).status,
    ).toBe(404)
  })
})
