// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { setupSimulator, type SimWorldHandle } from '../../testing/simulator'
import { A } from '../../testing/canvas-json'
import { removeSelectionRow } from '../sim/moderation'

const sim = setupSimulator()
const URL = `${A(501)}/moderated_students`
const INTERNAL_ERROR_BODY = { errors: [{ message: 'An error occurred.', error_code: 'internal_server_error' }] }

const setIds = async (w: SimWorldHandle) =>
  (await w.json<Array<{ id: number }>>('final_grader', `${URL}?per_page=100`)).map((u) => u.id)

async function post(w: SimWorldHandle, body: unknown) {
  const res = await w.fetch('final_grader', URL, { method: 'POST', json: body })
  return { status: res.status, body: (await res.json()) as unknown }
}
const ids = (body: unknown) => (body as Array<{ id: number }>).map((u) => u.id)

/** ModerationSetController#create (app/controllers/moderation_set_controller.rb), as sampling relies on it. */
describe('POST moderated_students (the sample’s write)', () => {
  it('is idempotent: adding twice leaves one row per student, and both answers list the students', async () => {
    const w = sim.createWorld()
    for (const id of [1009, 1010, 1011]) removeSelectionRow(w.world, 501, id)
    const first = await post(w, { student_ids: [1009, 1010] })
    expect([first.status, ids(first.body)]).toEqual([200, [1009, 1010]])
    const rows = w.world.selections.get(501)!.size
    const again = await post(w, { student_ids: [1010, 1009, 1010] })
    expect([again.status, ids(again.body)]).toEqual([200, [1009, 1010]])
    const set = await setIds(w)
    expect(set.filter((id) => id === 1009 || id === 1010)).toEqual([1009, 1010])
    expect(set).not.toContain(1011)
    expect(w.world.selections.get(501)!.size).toBe(rows)
  })

  it('answers with every requested visible student, those already in the set included', async () => {
    const w = sim.createWorld()
    removeSelectionRow(w.world, 501, 1012)
    const res = await post(w, { student_ids: [1001, 1012, 1031] })
    // 1001 was in the set already; 1031 is inactive, which Canvas counts (include: :inactive).
    expect(ids(res.body)).toEqual([1001, 1012, 1031])
    expect(Object.keys((res.body as object[])[0]!).sort()).toEqual([
      'created_at',
      'id',
      'name',
      'short_name',
      'sortable_name',
    ])
  })

  it('drops unknown and invisible ids silently: a concluded student, a teacher, a user of no course', async () => {
    const w = sim.createWorld()
    const before = await setIds(w)
    const res = await post(w, { student_ids: [1032, 2, 424242, 1002] })
    expect([res.status, ids(res.body)]).toEqual([200, [1002]])
    expect(await setIds(w)).toEqual(before)
  })

  it('reads ids with Ruby’s to_i: leading digits count, an anonymous id matches nobody, or someone else', async () => {
    const w = sim.createWorld()
    for (const id of [1003, 1004]) removeSelectionRow(w.world, 501, id)
    const form = await w.fetch('final_grader', URL, {
      method: 'POST',
      form: { 'student_ids[]': [' 1003abc', 'aB3xY', '4Xb9k'] },
    })
    // " 1003abc" is 1003; "aB3xY" is 0 (nobody); "4Xb9k" is 4, a TA, not a student: dropped.
    expect(ids(await form.json())).toEqual([1003])
    // A JSON number is truncated (Float#to_i); Rails drops a null from the list (deep_munge).
    expect(ids((await post(w, { student_ids: [1004.7, null] })).body)).toEqual([1004])
    expect(await setIds(w)).toContain(1003)
  })

  it('400 [] with no ids; 500 for an element without to_i (true, a hash, a list)', async () => {
    const w = sim.createWorld()
    for (const body of [{}, { student_ids: [] }, { student_ids: '' }, { student_ids: [null] }])
      expect(await post(w, body)).toEqual({ status: 400, body: [] })
    for (const bad of [true, { a: 1 }, [1001]])
      expect(await post(w, { student_ids: [1001, bad] })).toEqual({ status: 500, body: INTERNAL_ERROR_BODY })
  })

  it('takes a long list in one request (Canvas sets no maximum)', async () => {
    const w = sim.createWorld()
    for (let id = 1001; id <= 1031; id++) removeSelectionRow(w.world, 501, id)
    const all = Array.from({ length: 31 }, (_, i) => 1001 + i)
    const res = await post(w, { student_ids: [...all, ...Array.from({ length: 200 }, (_, i) => 500_000 + i)] })
    expect(ids(res.body)).toEqual(all)
    expect(await setIds(w)).toEqual(all)
  })
})
