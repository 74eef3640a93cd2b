// @vitest-environment node
// PROVISIONAL_GRADE_MODIFY_SELECTED (app/models/submission.rb `update_provisional_grade`): a selected provisional grade
// can only be regraded while its scorer so far is the assignment's final grader.
import { describe, expect, it } from 'vitest'
import { createAssignment } from '../sim/assignments'
import { seedGrade } from '../sim/scenarios/common'
import { createSubmission } from '../sim/submissions'
import { setupSimulator, type SimWorldHandle } from '../../testing/simulator'
import { A, allGradeable, rowOf, type PgJson } from '../../testing/canvas-json'

const sim = setupSimulator()
/** GradeError.new(error_code: PROVISIONAL_GRADE_MODIFY_SELECTED) has no message: `e.to_s` is the class name. */
const MODIFY_SELECTED = { error: 'Assignment::GradeError' }

type Who = Parameters<SimWorldHandle['fetch']>[0]

function grade(w: SimWorldHandle, who: Who, assignmentId: number, studentId: number, posted: string, final = false) {
  return w.fetch(who, `${A(assignmentId)}/submissions/${studentId}`, {
    method: 'PUT',
    json: { submission: { posted_grade: posted, provisional: true, ...(final ? { final: true } : {}) } },
  })
}

async function pgsOf(w: SimWorldHandle, assignmentId: number, studentId: number, who: Who = 'admin') {
  return rowOf(await allGradeable(w, who, assignmentId, 'include[]=provisional_grades&per_page=100'), studentId)
}

async function select(w: SimWorldHandle, who: Who, assignmentId: number, pgId: number) {
  await w.json(who, `${A(assignmentId)}/provisional_grades/${pgId}/select`, { method: 'PUT' })
}

describe('PROVISIONAL_GRADE_MODIFY_SELECTED', () => {
  it('a provisional grader cannot regrade their selected grade: 400 {"error":"Assignment::GradeError"}, nothing saved', async () => {
    const w = sim.createWorld()
    // Demo 501: Natarajan's 16 on 1002 is the selected grade.
    const before = await pgsOf(w, 501, 1002)
    const hers = before.provisional_grades!.find((pg) => pg.scorer_id === 3)!
    expect(before.selected_provisional_grade_id).toBe(hers.provisional_grade_id)

    const res = await grade(w, 'ta', 501, 1002, '19')
    expect([res.status, await res.json()]).toEqual([400, MODIFY_SELECTED])
    const anonymousId = w.world.submissions.get(501)!.get(1002)!.anonymous_id
    const byAnonymousId = await w.fetch('ta', `${A(501)}/anonymous_submissions/${anonymousId}`, {
      method: 'PUT',
      json: { submission: { posted_grade: '', provisional: true } },
    })
    expect([byAnonymousId.status, await byAnonymousId.json()]).toEqual([400, MODIFY_SELECTED])
    expect((await pgsOf(w, 501, 1002)).provisional_grades).toEqual(before.provisional_grades)

    // A comment carries no grade or score: not checked. Her unselected grade on 1011 can still change.
    const comment = await w.fetch('ta', `${A(501)}/submissions/1002`, {
      method: 'PUT',
      json: { comment: { text_comment: 'Checked the units again.' }, submission: { provisional: true } },
    })
    expect(comment.status).toBe(200)
    expect((await grade(w, 'ta', 501, 1011, '12')).status).toBe(200)

    // Once another grade is selected, hers is free again.
    const other = before.provisional_grades!.find((pg) => pg.scorer_id === 4)!
    await select(w, 'final_grader', 501, other.provisional_grade_id)
    expect((await grade(w, 'ta', 501, 1002, '19')).status).toBe(200)
  })

  it('checks the scorer so far: the final grader may change their selected custom grade; an admin who does takes it over', async () => {
    const w = sim.createWorld()
    // Room for a fourth grader, so that the admin (no slot, not the final grader) may grade at all (MAX_GRADERS_REACHED).
    w.world.assignments.get(501)!.grader_count = 4
    // Demo 501: Chen's custom (final) 16 on 1005 is selected.
    const custom = (): Promise<PgJson> =>
      pgsOf(w, 501, 1005).then((row) => row.provisional_grades!.find((pg) => pg.final)!)
    expect((await pgsOf(w, 501, 1005)).selected_provisional_grade_id).toBe((await custom()).provisional_grade_id)

    expect((await grade(w, 'final_grader', 501, 1005, '17', true)).status).toBe(200)
    expect(await custom()).toMatchObject({ score: 17, scorer_id: 1 })
    // Its scorer so far is the final grader, so the admin may change it; it is then the admin's.
    expect((await grade(w, 'admin', 501, 1005, '18', true)).status).toBe(200)
    expect(await custom()).toMatchObject({ score: 18, scorer_id: 5 })
    // Now nobody can: its scorer is no longer the final grader.
    for (const who of ['final_grader', 'admin'] as const) {
      const res = await grade(w, who, 501, 1005, '15', true)
      expect([res.status, await res.json()]).toEqual([400, MODIFY_SELECTED])
    }
    expect(await custom()).toMatchObject({ score: 18, scorer_id: 5 })
  })

  it('an old assignment without a final grader (NULL final_grader_id): a selected custom grade cannot be changed by anyone', async () => {
    const w = sim.createWorld()
    // An old row as realistic 502, but with a grader_count (a NULL one makes every provisional grade a 500 first).
    const a = createAssignment(w.world, w.world.courses.get(101)!, {
      id: 591,
      name: 'Old moderated essay',
      points_possible: 10,
      assignment_group_id: 202,
      legacy: true,
      moderated_grading: true,
      grader_count: 3,
    })
    const submission = createSubmission(w.world, a, 1001, { submitted_at: w.world.nowMs - 86_400_000 })
    seedGrade(w.world, a, submission, 2, 6, w.world.nowMs - 7_200_000)
    seedGrade(w.world, a, submission, 3, 8, w.world.nowMs - 3_600_000)
    expect(await w.json('admin', A(591))).toMatchObject({ final_grader_id: null, moderated_grading: true })

    const first = await grade(w, 'admin', 591, 1001, '7', true)
    expect(first.status).toBe(200)
    const custom = ((await first.json()) as { provisional_grades: PgJson[] }).provisional_grades.find((pg) => pg.final)!
    // Not selected yet: the admin may change it.
    expect((await grade(w, 'admin', 591, 1001, '7.5', true)).status).toBe(200)
    await select(w, 'admin', 591, custom.provisional_grade_id)
    // `pg.scorer_id != nil` always holds, so now nobody can, the admin who wrote it included.
    const res = await grade(w, 'admin', 591, 1001, '9', true)
    expect([res.status, await res.json()]).toEqual([400, MODIFY_SELECTED])
    // The graders' own grades are not selected and stay editable.
    expect((await grade(w, 'teacher', 591, 1001, '6.5')).status).toBe(200)
  })
})
