import { describe, expect, it } from 'vitest'
import {
  classifyAll,
  classifyStudent,
  countChips,
  decisionQueue,
  matchesChips,
  nextInQueue,
  type ChipId,
} from '../classify'
import { describeTolerance, parseTolerance, tolerancePoints } from '../tolerance'
import { pg, student } from '../../../testing/moderation-fixtures'

describe('tolerance', () => {
  it('points or percent of points possible', () => {
    expect(tolerancePoints({ unit: 'points', value: 2 }, 20)).toBe(2)
    expect(tolerancePoints({ unit: 'percent', value: 10 }, 20)).toBe(2)
    expect(tolerancePoints({ unit: 'percent', value: 10 }, null)).toBe(10)
    expect(describeTolerance({ unit: 'percent', value: 5 }, 20)).toBe('5% (1 point)')
  })
  it('parses URL values and rejects nonsense', () => {
    expect(parseTolerance('1.5', null)).toEqual({ unit: 'points', value: 1.5 })
    expect(parseTolerance('10', 'percent')).toEqual({ unit: 'percent', value: 10 })
    for (const bad of [null, '', '-1', 'abc', '1e9']) expect(parseTolerance(bad, null)).toBeNull()
  })
})

describe('classification', () => {
  it('agreed within tolerance (inclusive), disagree beyond it', () => {
    const s = student('u:1', [pg('u:2', 14), pg('u:3', 15.5)])
    expect(classifyStudent(s, 1.5).cls).toBe('agreed')
    expect(classifyStudent(s, 1.49).cls).toBe('disagree')
    expect(classifyStudent(s, 1.5).spread).toBe(1.5)
  })
  it('single grader, no grade (blank comment-only grades do not count)', () => {
    expect(classifyStudent(student('u:1', [pg('u:2', 12)]), 0).cls).toBe('single')
    expect(classifyStudent(student('u:1', [pg('u:2', null)]), 0).cls).toBe('none')
    expect(classifyStudent(student('u:1', []), 0).cls).toBe('none')
  })
  it('the custom grade is not a grader mark', () => {
    const c = classifyStudent(student('u:1', [pg('u:2', 10), pg('u:3', 18), pg('u:9', 14, { final: true, id: 77 })]), 1)
    expect(c.cls).toBe('disagree')
    expect(c.marks).toHaveLength(2)
    expect(c.custom).toEqual({ gradeId: 77, score: 14, stale: false })
  })
  it('stale, selected and needs-decision', () => {
    const a = pg('u:2', 10, { id: 1, matchesCurrentSubmission: false })
    const b = pg('u:3', 11, { id: 2 })
    const unselected = classifyStudent(student('u:1', [a, b]), 5)
    expect(unselected.stale).toBe(true)
    expect(unselected.needsDecision).toBe(true)
    const staleSelected = classifyStudent(student('u:1', [a, b], { selectedGradeId: 1 }), 5)
    expect(staleSelected.selected).toMatchObject({ gradeId: 1, score: 10, graderKey: 'u:2', stale: true })
    expect(staleSelected.needsDecision).toBe(true)
    const freshSelected = classifyStudent(student('u:1', [a, b], { selectedGradeId: 2 }), 5)
    expect(freshSelected.needsDecision).toBe(false)
    // One unselected grade is published by Canvas as is; nothing to decide. No grade: nothing to decide yet.
    expect(classifyStudent(student('u:1', [pg('u:2', 9)]), 0).needsDecision).toBe(false)
    expect(classifyStudent(student('u:1', []), 0).needsDecision).toBe(false)
  })
  it('anonymous rows never carry a user id', () => {
    expect(classifyStudent(student('a:xYz12', [pg('a:G1', 5)]), 0).userId).toBeUndefined()
  })
})

describe('chips and the decision queue', () => {
  const all = classifyAll(
    [
      student('u:1', [pg('u:2', 10), pg('u:3', 10)]), // agreed
      student('u:2', [pg('u:2', 10), pg('u:3', 16)]), // disagree 6
      student('u:3', [pg('u:2', 10), pg('u:3', 13)]), // disagree 3
      student('u:4', [pg('u:2', 10)]), // single
      student('u:5', []), // none
      student('u:6', [pg('u:2', 4, { id: 61 }), pg('u:3', 12)], { selectedGradeId: 61 }), // disagree 8, selected
      student('u:7', [pg('u:2', 10, { matchesCurrentSubmission: false }), pg('u:3', 10)]), // agreed, stale
    ],
    1,
  )
  it('counts every chip', () => {
    expect(countChips(all)).toEqual({
      agreed: 2,
      disagree: 3,
      single: 1,
      none: 1,
      stale: 1,
      custom: 0,
      selected: 1,
      unselected: 6,
    })
  })
  it('OR within a group, AND across groups', () => {
    const keys = (chips: ChipId[]) => all.filter((c) => matchesChips(c, new Set(chips))).map((c) => c.key)
    expect(keys([])).toHaveLength(7)
    expect(keys(['disagree', 'single'])).toEqual(['u:2', 'u:3', 'u:4', 'u:6'])
    expect(keys(['disagree', 'unselected'])).toEqual(['u:2', 'u:3'])
    expect(keys(['agreed', 'stale'])).toEqual(['u:7'])
  })
  it('queue: needing a decision, largest spread first', () => {
    expect(decisionQueue(all).map((c) => c.key)).toEqual(['u:2', 'u:3', 'u:1', 'u:7'])
  })
  it('next walks the queue, then starts a new pass', () => {
    const q = decisionQueue(all)
    expect(nextInQueue(q, new Set())!.student.key).toBe('u:2')
    expect(nextInQueue(q, new Set(['u:2']))!.student.key).toBe('u:3')
    expect(nextInQueue(q, new Set(q.map((c) => c.key)))).toEqual({ student: q[0], newPass: true })
    expect(nextInQueue([], new Set())).toBeNull()
  })
})
