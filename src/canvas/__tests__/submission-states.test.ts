// Submission states (late, excused, missing, deductions) from the simulator, joined to the roster by row key.
import { http, HttpResponse } from 'msw'
import { afterEach, describe, expect, it } from 'vitest'
import { REALISTIC } from '../../mocks/sim/scenarios/realistic'
import { setupSimulator } from '../../testing/simulator'
import { streamGradeableStudents } from '../gradeable-students'
import { listSubmissionStates, type SubmissionState } from '../submission-states'
import { resetThrottle } from '../throttle'
import { signInAs, signOut } from './sim-session'

const sim = setupSimulator()
afterEach(() => {
  resetThrottle()
  signOut()
})

const ref = (assignmentId: number) => ({ courseId: 101, assignmentId })
const byKey = (items: SubmissionState[]) => new Map(items.map((s) => [s.key, s]))

async function rosterKeys(assignmentId: number): Promise<string[]> {
  const keys: string[] = []
  for await (const chunk of streamGradeableStudents(ref(assignmentId))) keys.push(...chunk.items.map((s) => s.key))
  return keys
}

describe('listSubmissionStates', () => {
  it('reads late, excused, never-submitted and missing work, keyed like the roster', async () => {
    signInAs(sim.createWorld({ scenario: 'realistic' }), 1)
    const states = await listSubmissionStates({ ...ref(501), anonymous: false })
    expect(states.skipped).toEqual([])
    expect(states.withheld).toBe(0)
    const of = byKey(states.items)
    expect(of.get('u:1005')).toMatchObject({
      userId: 1005,
      anonymousId: undefined,
      workflowState: 'submitted',
      late: true,
      missing: false,
      excused: false,
      secondsLate: 7200,
      pointsDeducted: null,
    })
    expect(of.get(`u:${REALISTIC.excused}`)).toMatchObject({ excused: true, late: false, missing: false, score: null })
    expect(of.get(`u:${REALISTIC.unsubmitted}`)).toMatchObject({
      submittedAt: null,
      workflowState: 'unsubmitted',
      missing: true,
      late: false,
    })
    expect(of.get(`u:${REALISTIC.unsubmitted}`)!.secondsLate).toBeGreaterThan(7 * 86_400)
    expect(of.get(`u:${REALISTIC.invited}`)).toMatchObject({ missing: true, submittedAt: null })
    expect(of.get('u:1001')).toMatchObject({ late: false, missing: false, secondsLate: 0 })
    expect(states.summary).toEqual({
      total: 38,
      unsubmitted: 2,
      excused: 1,
      late: 3,
      missing: 2,
      deducted: 0,
      pointsDeducted: 0,
      posted: 0,
      lastPostedAt: null,
    })

    // Every row matches a roster row; the roster also has the inactive student, whom the submissions list leaves out.
    const roster = await rosterKeys(501)
    expect(states.items.every((s) => roster.includes(s.key))).toBe(true)
    expect(roster.filter((k) => !of.has(k))).toEqual([`u:${REALISTIC.inactive}`])
  })

  it('reads what the late policy took off at publish (entered score before it, score after it)', async () => {
    signInAs(sim.createWorld({ scenario: 'realistic' }), 1)
    const { items, summary } = await listSubmissionStates({ ...ref(REALISTIC.assignments.lab2), anonymous: false })
    const of = byKey(items)
    const late = REALISTIC.late.map((id) => of.get(`u:${id}`)!)
    expect(late.map((s) => s.pointsDeducted)).toEqual([2, 4, expect.any(Number)])
    for (const s of late) expect(s.score).toBe(s.enteredScore! - s.pointsDeducted!)
    expect(of.get('u:1001')).toMatchObject({ pointsDeducted: null })
    expect(of.get('u:1001')!.score).toBe(of.get('u:1001')!.enteredScore)
    expect(summary.deducted).toBe(3)
    expect(summary.pointsDeducted).toBe(late.reduce((sum, s) => sum + s.pointsDeducted!, 0))
  })

  it('gives a section-limited grader their sections’ students only', async () => {
    signInAs(sim.createWorld({ scenario: 'realistic' }), REALISTIC.sectionTa)
    const { items } = await listSubmissionStates({ ...ref(501), anonymous: false })
    const lab = Array.from({ length: 12 }, (_, i) => `u:${1002 + 3 * i}`)
    expect(items.map((s) => s.key)).toEqual([...lab, `u:${REALISTIC.invited}`])
  })

  it('keeps anonymous students anonymous: a teacher’s rows (user id only) are withheld and only counted', async () => {
    signInAs(sim.createWorld(), 1)
    // Demo 502: anonymous grading, not published.
    const states = await listSubmissionStates({ ...ref(502), anonymous: true })
    expect(states.items).toEqual([])
    expect(states.withheld).toBe(20)
    expect(states.summary.total).toBe(20)
  })

  it('keys an admin’s anonymous rows by anonymous id, matching the roster, and drops the user id', async () => {
    signInAs(sim.createWorld(), 5)
    const states = await listSubmissionStates({ ...ref(502), anonymous: true })
    expect(states.withheld).toBe(0)
    expect(states.items).toHaveLength(20)
    expect(states.items.every((s) => s.userId === undefined && /^a:[1-9A-Za-z]{5}$/.test(s.key))).toBe(true)
    expect(states.items.map((s) => s.key).sort()).toEqual((await rosterKeys(502)).sort())
  })

  it('reads rows from older servers (no tardiness fields) and counts rows it cannot read', async () => {
    signInAs(sim.createWorld(), 1)
    sim.server.use(
      http.get('*/api/v1/courses/101/assignments/501/submissions', () =>
        HttpResponse.json([
          {
            id: 1,
            user_id: 1001,
            workflow_state: 'graded',
            submitted_at: '2025-10-01T10:00:00Z',
            score: 8,
            grade: '8',
          },
          { id: 2, workflow_state: 'submitted' },
          { id: 3, user_id: 1003, workflow_state: 'frozen', excused: null, late: null, points_deducted: null },
          { id: 4, user_id: 'x' },
        ]),
      ),
    )
    const states = await listSubmissionStates({ ...ref(501), anonymous: false })
    expect(states.items).toEqual([
      {
        key: 'u:1001',
        userId: 1001,
        anonymousId: undefined,
        workflowState: 'graded',
        submittedAt: '2025-10-01T10:00:00Z',
        excused: false,
        late: false,
        missing: false,
        secondsLate: 0,
        pointsDeducted: null,
        latePolicyStatus: null,
        enteredScore: 8,
        enteredGrade: '8',
        score: 8,
        grade: '8',
        postedAt: null,
      },
      expect.objectContaining({ key: 'u:1003', workflowState: 'unknown', excused: false, late: false }),
    ])
    expect(states.skipped.map((s) => [s.reason, s.id])).toEqual([
      ['unreadable', 2],
      ['unreadable', 4],
    ])
  })
})
