// Re-reading one student after a write whose answer was lost: what Canvas holds, from the status endpoint.
import { afterEach, describe, expect, it } from 'vitest'
import { setupSimulator } from '../../testing/simulator'
import { readStudentModeration, selectProvisionalGrade } from '../provisional-grades'
import { resetThrottle } from '../throttle'
import { signInAs, signOut } from './sim-session'

const sim = setupSimulator()
afterEach(() => {
  resetThrottle()
  signOut()
})
const ref = { courseId: 101, assignmentId: 501 }

describe('readStudentModeration', () => {
  it('returns every provisional grade (the custom one too) and the selected one, as Canvas holds them', async () => {
    const w = sim.createWorld()
    signInAs(w, 1)
    const student = { userId: 1005, anonymousId: (1005).toString(36), anonymous: false }
    const before = await readStudentModeration({ ...ref, student })
    expect(before.grades.some((g) => g.final)).toBe(true)
    const other = before.grades.find((g) => !g.final && g.id !== before.selectedGradeId)!
    await selectProvisionalGrade({ ...ref, provisionalGradeId: other.id })
    const after = await readStudentModeration({ ...ref, student })
    expect(after.selectedGradeId).toBe(other.id)
    expect(after.grades.map((g) => g.id).sort((a, b) => a - b)).toEqual(
      before.grades.map((g) => g.id).sort((a, b) => a - b),
    )
  })

  it('reads an anonymous student by the submission anonymous id', async () => {
    const w = sim.createWorld()
    signInAs(w, 1)
    const sub = [...w.world.submissions.get(502)!.values()][0]!
    const r = await readStudentModeration({
      courseId: 101,
      assignmentId: 502,
      student: { anonymousId: sub.anonymous_id, anonymous: true },
    })
    expect(r.grades.length).toBeGreaterThan(0)
    expect(r.grades.every((g) => g.scorerId === undefined || typeof g.scorerId === 'number')).toBe(true)
  })
})
