// Writes whose answer was lost, against the simulator's faults: the client says the outcome is unknown, does not
// send the write again, and never lets a gateway's HTML page into a message.
import { afterEach, describe, expect, it } from 'vitest'
import { authMode, setAuthMode } from '../../lib/auth-mode'
import type { SimWorldHandle } from '../../testing/simulator'
import { setupSimulator } from '../../testing/simulator'
import { CanvasApiError, isOutcomeUnknown } from '../errors'
import { getGradeableStudentsFirstPage } from '../gradeable-students'
import { forgetCsrfToken } from '../http'
import {
  bulkSelectProvisionalGrades,
  publishProvisionalGrades,
  readStudentModeration,
  selectProvisionalGrade,
} from '../provisional-grades'
import { postCustomGrade } from '../submissions'
import { resetThrottle } from '../throttle'
import { signInAs, signOut } from './sim-session'

const sim = setupSimulator()
afterEach(() => {
  resetThrottle()
  signOut()
  forgetCsrfToken()
  setAuthMode(null)
})

const ref = { courseId: 101, assignmentId: 501 }
const student = (userId: number) => ({ userId, anonymousId: userId.toString(36), anonymous: false })

async function fault(w: SimWorldHandle, spec: Record<string, unknown>) {
  const res = await fetch(`${sim.origin}/__sim/worlds/${w.id}/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(spec),
  })
  expect(res.status).toBe(201)
}

/** The world's log: how many requests of `route` reached the simulator. */
const sent = (w: SimWorldHandle, route: string) => w.world.requestLog.filter((r) => r.route === route).length

async function failure(promise: Promise<unknown>): Promise<CanvasApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(CanvasApiError)
  return error as CanvasApiError
}

/** A student of 501 without a selection and two provisional grades, as Canvas holds them. */
async function unselected(id: number) {
  const r = await readStudentModeration({ ...ref, student: student(id) })
  expect(r.selectedGradeId).toBeNull()
  return r.grades.filter((g) => !g.final)
}

function expectPlainWords(error: CanvasApiError, words: string) {
  expect(error.messages).toEqual([words])
  expect(error.message).not.toMatch(/[<>]|nginx/)
}

describe('isOutcomeUnknown over the simulator', () => {
  it('select, commit-then-drop: unknown; the selection was saved; the PUT went out once', async () => {
    const w = sim.createWorld()
    signInAs(w, 1)
    const [pg] = await unselected(1009)
    await fault(w, { route: 'select', kind: 'commit-then-drop' })
    const error = await failure(selectProvisionalGrade({ ...ref, provisionalGradeId: pg!.id }))
    expect([error.kind, error.status, error.method]).toEqual(['network', 0, 'PUT'])
    expect(isOutcomeUnknown(error)).toBe(true)
    expect((await readStudentModeration({ ...ref, student: student(1009) })).selectedGradeId).toBe(pg!.id)
    expect(sent(w, 'select')).toBe(1)
  })

  it('custom grade, commit-then-502: unknown, plain words instead of nginx’s page, saved, sent once', async () => {
    const w = sim.createWorld()
    signInAs(w, 1)
    await fault(w, { route: 'submissions_update', kind: 'commit-then-502' })
    const error = await failure(postCustomGrade({ ...ref, student: student(1011), postedGrade: '14' }))
    expect([error.kind, error.status]).toEqual(['server', 502])
    expectPlainWords(error, 'Canvas (or a gateway in front of it) answered 502 Bad Gateway.')
    expect(isOutcomeUnknown(error)).toBe(true)
    const held = await readStudentModeration({ ...ref, student: student(1011) })
    expect(held.grades.find((g) => g.final)).toMatchObject({ score: 14 })
    expect(sent(w, 'submissions_update')).toBe(1)
  })

  it('publish, commit-then-502: unknown and not sent again (publishing again is refused: it was done)', async () => {
    const w = sim.createWorld()
    signInAs(w, 1)
    // Every double-marked student needs a selection before publish can succeed.
    const rows = (await getGradeableStudentsFirstPage(ref)).students
    const ids = rows
      .filter((r) => r.selectedGradeId === null && r.grades.filter((g) => g.gradedAt !== null).length >= 2)
      .map((r) => r.grades[0]!.id)
    await bulkSelectProvisionalGrades({ ...ref, provisionalGradeIds: ids })
    await fault(w, { route: 'publish', kind: 'commit-then-502' })
    const error = await failure(publishProvisionalGrades(ref))
    expect([error.status, isOutcomeUnknown(error)]).toEqual([502, true])
    expect(sent(w, 'publish')).toBe(1)
    const again = await failure(publishProvisionalGrades(ref))
    expect([again.status, again.canvasMessage, isOutcomeUnknown(again)]).toEqual([
      400,
      'Assignment grades have already been published',
      false,
    ])
  })

  it('a gateway’s own 503 or 504 page (the write never ran): unknown all the same, in plain words', async () => {
    const w = sim.createWorld()
    signInAs(w, 1)
    const [a, b] = await unselected(1009)
    await fault(w, { route: 'bulk_select', kind: 'html', status: 503 })
    const e503 = await failure(bulkSelectProvisionalGrades({ ...ref, provisionalGradeIds: [a!.id] }))
    expectPlainWords(e503, 'Canvas (or a gateway in front of it) answered 503 Service Unavailable.')
    expect(isOutcomeUnknown(e503)).toBe(true)
    await fault(w, { route: 'select', kind: 'html', status: 504 })
    const e504 = await failure(selectProvisionalGrade({ ...ref, provisionalGradeId: b!.id }))
    expectPlainWords(e504, 'Canvas (or a gateway in front of it) answered 504 Gateway Timeout.')
    expect(isOutcomeUnknown(e504)).toBe(true)
    // The client cannot tell it apart from commit-then-502; here nothing was done, which a re-read shows.
    expect((await readStudentModeration({ ...ref, student: student(1009) })).selectedGradeId).toBeNull()
  })

  it('a timeout of the caller’s signal after the write went out: unknown, and Canvas did it', async () => {
    const w = sim.createWorld()
    signInAs(w, 1)
    const [pg] = await unselected(1009)
    w.world.settings.latencyMs = 150
    const error = await failure(
      selectProvisionalGrade({ ...ref, provisionalGradeId: pg!.id, signal: AbortSignal.timeout(40) }),
    )
    expect([error.kind, error.method, isOutcomeUnknown(error)]).toEqual(['timeout', 'PUT', true])
    await new Promise((r) => setTimeout(r, 200))
    w.world.settings.latencyMs = 0
    expect((await readStudentModeration({ ...ref, student: student(1009) })).selectedGradeId).toBe(pg!.id)
  })

  it('a timeout while the write still waits in the queue: not sent, so not unknown', async () => {
    const w = sim.createWorld()
    signInAs(w, 1)
    const [pg] = await unselected(1009)
    w.world.settings.latencyMs = 150
    // Ten slow reads take every slot (throttle.ts MAX_IN_FLIGHT); the write waits behind them.
    const reads = Array.from({ length: 10 }, () => getGradeableStudentsFirstPage(ref))
    const error = await selectProvisionalGrade({ ...ref, provisionalGradeId: pg!.id, signal: AbortSignal.timeout(40) })
      .then(() => null)
      .catch((e: unknown) => e)
    expect((error as Error).name).toBe('TimeoutError')
    expect(isOutcomeUnknown(error)).toBe(false)
    await Promise.all(reads)
    w.world.settings.latencyMs = 0
    expect(sent(w, 'select')).toBe(0)
    expect((await readStudentModeration({ ...ref, student: student(1009) })).selectedGradeId).toBeNull()
  })

  it('a 200 whose body cannot be read, on a write: unknown (Canvas did it; what it holds is not known)', async () => {
    const w = sim.createWorld()
    signInAs(w, 1)
    const [pg] = await unselected(1009)
    await fault(w, { route: 'select', kind: 'malformed' })
    const error = await failure(selectProvisionalGrade({ ...ref, provisionalGradeId: pg!.id }))
    expect([error.kind, error.status, isOutcomeUnknown(error)]).toEqual(['malformed-response', 200, true])
  })

  it('known outcomes: Canvas’s refusals, its 500, and every failed read', async () => {
    const w = sim.createWorld()
    signInAs(w, 1)
    // 422: publish with students still unselected; nothing published.
    const refused = await failure(publishProvisionalGrades(ref))
    expect([refused.status, isOutcomeUnknown(refused)]).toEqual([422, false])
    // A 500 with Canvas's JSON body is Canvas's own answer.
    const [pg] = await unselected(1009)
    await fault(w, { route: 'select', status: 500 })
    const e500 = await failure(selectProvisionalGrade({ ...ref, provisionalGradeId: pg!.id }))
    expect([e500.canvasMessage, isOutcomeUnknown(e500)]).toEqual(['An error occurred.', false])
    // Reads: a dropped connection, a gateway page, a garbled body.
    await fault(w, { route: 'gradeable_students', kind: 'drop' })
    const drop = await failure(getGradeableStudentsFirstPage(ref))
    expect([drop.kind, drop.method, isOutcomeUnknown(drop)]).toEqual(['network', 'GET', false])
    await fault(w, { route: 'gradeable_students', kind: 'html' })
    const page = await failure(getGradeableStudentsFirstPage(ref))
    expectPlainWords(page, 'Canvas (or a gateway in front of it) answered 502 Bad Gateway.')
    expect(isOutcomeUnknown(page)).toBe(false)
    // A teacher who is not the final grader: Canvas's 401, not unknown.
    signInAs(w, 2)
    const notAllowed = await failure(selectProvisionalGrade({ ...ref, provisionalGradeId: pg!.id }))
    expect([notAllowed.status, isOutcomeUnknown(notAllowed)]).toEqual([401, false])
  })

  it('learns the server’s mode from the GET /session it reads for the CSRF token', async () => {
    const w = sim.createWorld()
    signInAs(w, 1)
    expect(authMode()).toBeNull()
    const [pg] = await unselected(1009)
    await selectProvisionalGrade({ ...ref, provisionalGradeId: pg!.id })
    expect(authMode()).toBe('demo')
  })
})
