import { act, renderHook } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { KEPT_SNAPSHOTS, planRestore, readSnapshots, takeSnapshot, useSnapshots, writeSnapshot } from '../snapshot'

const ref = { courseId: 1, assignmentId: 2 }
const rows = (ids: (number | null)[]) =>
  ids.map((gradeId, i) => ({ key: `u:${i}`, label: `S${i}`, selectedGradeId: gradeId }))

describe('selection snapshots', () => {
  beforeEach(() => localStorage.clear())

  it('keeps the newest five, newest first, and says what each came before', () => {
    for (let i = 0; i < KEPT_SNAPSHOTS + 2; i++) writeSnapshot(ref, takeSnapshot(rows([i]), `step ${i}`))
    const list = readSnapshots(ref)
    expect(list.map((s) => s.before)).toEqual(['step 6', 'step 5', 'step 4', 'step 3', 'step 2'])
    expect(list[0]!.selections).toEqual([{ studentKey: 'u:0', label: 'S0', gradeId: 6 }])
    // Another assignment has its own.
    expect(readSnapshots({ courseId: 1, assignmentId: 3 })).toEqual([])
  })

  it('reads the single snapshot an older version stored', () => {
    localStorage.setItem('moderation-desk:snapshot:1:2', JSON.stringify(takeSnapshot(rows([7]))))
    expect(readSnapshots(ref).map((s) => s.selections[0]!.gradeId)).toEqual([7])
  })

  it('tells every reader on the page when a bulk action takes one', () => {
    const { result } = renderHook(() => useSnapshots(ref))
    expect(result.current).toEqual([])
    act(() => writeSnapshot(ref, takeSnapshot(rows([1, null]), 'accepting grades from Reyes')))
    expect(result.current.map((s) => s.before)).toEqual(['accepting grades from Reyes'])
  })

  it('plans a restore: what can be selected again, and what Canvas cannot clear', () => {
    const snap = takeSnapshot(rows([10, null, 30]))
    const now = new Map<string, number | null>([
      ['u:0', 11],
      ['u:1', 21],
      ['u:2', 30],
    ])
    expect(planRestore(snap, now)).toEqual({
      items: [{ studentKey: 'u:0', label: 'S0', gradeId: 10 }],
      cannotClear: [{ studentKey: 'u:1', label: 'S1' }],
    })
  })
})
