import { act, renderHook } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { clearSampleReasons, readSampleReasons, recordSampleReasons, useSampleReasons } from '../sample-reasons'

const ref = { courseId: 101, assignmentId: 501 }
const at = new Date('2025-10-14T16:00:00Z')
const later = new Date('2025-10-15T09:30:00Z')

describe('sample reasons', () => {
  beforeEach(() => localStorage.clear())

  it('keeps why each student was sampled, by user id, per assignment, with no names', () => {
    recordSampleReasons(
      ref,
      [
        { userId: 1003, reasons: ['Bottom 3'], added: true },
        { userId: 1007, reasons: ['Random (seed 42)'], added: false },
      ],
      at,
    )
    expect(readSampleReasons(ref)).toEqual({
      1003: { reasons: ['Bottom 3'], sampledAt: at.toISOString(), added: true },
      1007: { reasons: ['Random (seed 42)'], sampledAt: at.toISOString(), added: false },
    })
    expect(readSampleReasons({ courseId: 101, assignmentId: 502 })).toEqual({})
    expect(localStorage.getItem('moderation-desk:sample-reasons:101:501')).not.toMatch(/name/i)
  })

  it('a later sample replaces the reasons of the students it picks again and keeps the others', () => {
    recordSampleReasons(ref, [{ userId: 1, reasons: ['Top 1'], added: true }], at)
    recordSampleReasons(
      ref,
      [
        { userId: 1, reasons: ['Across the range of marks'], added: false },
        { userId: 2, reasons: ['Bottom 1'], added: true },
      ],
      later,
    )
    const r = readSampleReasons(ref)
    // Added by the first sample: still "added" though the second found the student in the set.
    expect(r[1]).toEqual({ reasons: ['Across the range of marks'], sampledAt: later.toISOString(), added: true })
    expect(r[2]!.reasons).toEqual(['Bottom 1'])
  })

  it('ignores what it cannot read, and forgets on request', () => {
    localStorage.setItem(
      'moderation-desk:sample-reasons:101:501',
      '{"5":{"reasons":"x"},"6":{"reasons":["Top 1"],"sampledAt":"t"}}',
    )
    expect(Object.keys(readSampleReasons(ref))).toEqual(['6'])
    localStorage.setItem('moderation-desk:sample-reasons:101:501', 'not json')
    expect(readSampleReasons(ref)).toEqual({})
    clearSampleReasons(ref)
    expect(localStorage.getItem('moderation-desk:sample-reasons:101:501')).toBeNull()
  })

  it('tells every reader on the page, and returns the same object until the stored text changes', () => {
    const { result } = renderHook(() => useSampleReasons(ref))
    expect(result.current).toEqual({})
    act(() => recordSampleReasons(ref, [{ userId: 9, reasons: ['Top 1'], added: true }], at))
    const first = result.current
    expect(first[9]!.reasons).toEqual(['Top 1'])
    expect(readSampleReasons(ref)).toBe(first)
    act(() => clearSampleReasons(ref))
    expect(result.current).toEqual({})
  })
})
