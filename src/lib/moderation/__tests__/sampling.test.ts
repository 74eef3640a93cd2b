import { describe, expect, it } from 'vitest'
import { createRng } from '../../../mocks/sim/prng'
import { pg, student } from '../../../testing/moderation-fixtures'
import { classifyStudent, type ClassifiedStudent } from '../classify'
import {
  boundariesInPoints,
  lowestPassingBoundary,
  mulberry32,
  planSample,
  rangeSizeFor,
  sampleMark,
  seededDraw,
  skippedRules,
  type SampleContext,
} from '../sampling'

const points20: SampleContext = {
  scale: { gradingType: 'points', pointsPossible: 20 },
  // The demo's "Degree classification", highest first as Canvas lists it.
  scheme: [
    { name: 'First', value: 0.7 },
    { name: '2:1', value: 0.6 },
    { name: '2:2', value: 0.5 },
    { name: 'Third', value: 0.4 },
    { name: 'Fail', value: 0 },
  ],
}

/** A named student with one score per grader (null: graded by nobody). */
function s(id: number, ...scores: number[]): ClassifiedStudent {
  return classifyStudent(
    student(
      `u:${id}`,
      scores.map((score, i) => pg(`u:${i + 1}`, score)),
      { displayName: `S${id}` },
    ),
    1,
  )
}

/** 20 students marked 1..20 (student id 100 + mark), two graders agreeing. */
const cohort = Array.from({ length: 20 }, (_, i) => s(101 + i, i + 1, i + 1))

const keysOf = (picks: { studentKey: string }[]) => picks.map((p) => p.studentKey).sort((a, b) => a.localeCompare(b))
const reasonsOf = (plan: ReturnType<typeof planSample>) =>
  Object.fromEntries(plan.picks.map((p) => [p.studentKey, p.reasons]))

describe('the mark and the population', () => {
  it('samples only students a grader has scored; the mark is the mean of the graders’ scores', () => {
    const ungraded = s(1)
    const customOnly = classifyStudent(student('u:2', [pg('u:9', 15, { final: true })]), 1)
    const one = s(3, 12)
    const two = s(4, 12, 15)
    expect(sampleMark(one)).toBe(12)
    expect(sampleMark(two)).toBe(13.5)
    expect(sampleMark(ungraded)).toBeNull()
    expect(sampleMark(customOnly)).toBeNull()
    const plan = planSample([ungraded, customOnly, one, two], { random: { count: 10, seed: 1 } }, points20)
    expect(plan.graded).toBe(2)
    expect(keysOf(plan.picks)).toEqual(['u:3', 'u:4'])
    expect(plan.picks.find((p) => p.studentKey === 'u:4')!.mark).toBe(13.5)
  })
})

describe('each rule', () => {
  it('fails: strictly below the pass mark in points', () => {
    const plan = planSample(cohort, { fails: { passMark: 8 } }, points20)
    expect(plan.picks.map((p) => p.mark)).toEqual([7, 6, 5, 4, 3, 2, 1])
    expect(plan.picks[0]!.reasons).toEqual(['Below the pass mark (8)'])
  })

  it('fails on pass/fail: every student a grader marked incomplete', () => {
    const ctx: SampleContext = { scale: { gradingType: 'pass_fail', pointsPossible: 10 } }
    const grade = (score: number) => ({ grade: score ? 'complete' : 'incomplete' })
    const pf = (id: number, ...scores: number[]) =>
      classifyStudent(
        student(
          `u:${id}`,
          scores.map((x, i) => pg(`u:${i + 1}`, x, grade(x))),
        ),
        0,
        ctx.scale,
      )
    const plan = planSample([pf(1, 10, 10), pf(2, 10, 0), pf(3, 0)], { fails: { passMark: 0 } }, ctx)
    expect(keysOf(plan.picks)).toEqual(['u:2', 'u:3'])
    expect(plan.picks[0]!.reasons).toEqual(['Marked incomplete'])
  })

  it('near a boundary: within the margin either side, naming the nearest boundary', () => {
    expect(boundariesInPoints(points20.scheme!, 20)).toEqual([
      { name: 'First', points: 14 },
      { name: '2:1', points: 12 },
      { name: '2:2', points: 10 },
      { name: 'Third', points: 8 },
    ])
    const students = [s(1, 13.5), s(2, 12), s(3, 11), s(4, 9.5, 10.5), s(5, 18)]
    const plan = planSample(students, { nearBoundary: { margin: 0.5 } }, points20)
    expect(reasonsOf(plan)).toEqual({
      'u:1': ['0.5 points below the First boundary (14)'],
      'u:2': ['On the 2:1 boundary (12)'],
      'u:4': ['On the 2:2 boundary (10)'],
    })
  })

  it('top and bottom k: exactly k, equal marks by label; a student two rules pick has both reasons', () => {
    const plan = planSample(cohort, { top: 2, bottom: 3, fails: { passMark: 2 } }, points20)
    expect(reasonsOf(plan)).toEqual({
      'u:120': ['Top 2'],
      'u:119': ['Top 2'],
      'u:103': ['Bottom 3'],
      'u:102': ['Bottom 3'],
      'u:101': ['Below the pass mark (2)', 'Bottom 3'],
    })
    const tied = [s(1, 5), s(3, 5), s(2, 5)]
    expect(planSample(tied, { bottom: 2 }, points20).picks.map((p) => p.label)).toEqual(['S1', 'S2'])
  })

  it('across the range: the size rules, then evenly spaced among the students no targeted rule picked', () => {
    expect(rangeSizeFor({ kind: 'sqrt' }, 20)).toBe(6)
    expect(rangeSizeFor({ kind: 'sqrt' }, 50)).toBe(8)
    expect(rangeSizeFor({ kind: 'sqrt' }, 121)).toBe(11)
    expect(rangeSizeFor({ kind: 'sqrt' }, 4)).toBe(4)
    expect(rangeSizeFor({ kind: 'percent', percent: 10 }, 29)).toBe(3)
    expect(rangeSizeFor({ kind: 'percent', percent: 10 }, 30)).toBe(3)
    expect(rangeSizeFor({ kind: 'count', count: 50 }, 20)).toBe(20)

    const alone = planSample(cohort, { range: { kind: 'count', count: 4 } }, points20)
    // 20 marks, 4 picks: positions 2, 7, 12, 17 (0-based) → marks 3, 8, 13, 18.
    expect(alone.picks.map((p) => p.mark)).toEqual([18, 13, 8, 3])
    expect(alone.picks[0]!.reasons).toEqual(['Across the range of marks'])

    // With the bottom 5 taken, the range spreads over marks 6..20.
    const withBottom = planSample(cohort, { bottom: 5, range: { kind: 'count', count: 3 } }, points20)
    const range = withBottom.picks.filter((p) => p.reasons.includes('Across the range of marks'))
    expect(range.map((p) => p.mark)).toEqual([18, 13, 8])
    expect(withBottom.picks).toHaveLength(8)
    expect(withBottom.rangeSize).toBe(3)
  })

  it('random: the same seed gives the same students whatever the roster order; it draws only students no other rule picked', () => {
    const rules = { top: 3, random: { count: 4, seed: 20251014 } }
    const a = planSample(cohort, rules, points20)
    const b = planSample([...cohort].reverse(), rules, points20)
    expect(keysOf(a.picks)).toEqual(keysOf(b.picks))
    const random = a.picks.filter((p) => p.reasons[0] === 'Random (seed 20251014)')
    expect(random).toHaveLength(4)
    expect(random.every((p) => p.mark <= 17)).toBe(true)
    const other = planSample(cohort, { ...rules, random: { count: 4, seed: 7 } }, points20)
    expect(keysOf(other.picks)).not.toEqual(keysOf(a.picks))
    // Asking for more than there are gives everyone left.
    expect(planSample(cohort, { top: 3, random: { count: 99, seed: 1 } }, points20).picks).toHaveLength(20)
  })
})

describe('the seeded PRNG', () => {
  it('is mulberry32, the simulator’s generator, value for value', () => {
    const mine = mulberry32(42)
    const sim = createRng(42)
    for (let i = 0; i < 5; i++) expect(mine()).toBe(sim.next())
  })

  it('draws without replacement', () => {
    const drawn = seededDraw([1, 2, 3, 4, 5, 6], 6, 99)
    expect([...drawn].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6])
    expect(seededDraw([1, 2, 3], 2, 99)).toEqual(seededDraw([1, 2, 3], 2, 99))
  })
})

describe('grading types and schemes', () => {
  it('the scheme’s lowest passing boundary is its lowest above 0', () => {
    expect(lowestPassingBoundary(points20.scheme!)).toEqual({ name: 'Third', value: 0.4 })
    expect(lowestPassingBoundary([{ name: 'F', value: 0 }])).toBeNull()
  })

  it('says which rules cannot apply, and leaves them out', () => {
    expect(skippedRules(points20)).toEqual([])
    expect(skippedRules({ scale: points20.scale }).map((x) => x.rule)).toEqual(['nearBoundary'])
    expect(skippedRules({ scale: { gradingType: 'pass_fail', pointsPossible: 10 } }).map((x) => x.rule)).toEqual([
      'nearBoundary',
      'top',
      'bottom',
    ])
    const letters = { scale: { gradingType: 'letter_grade', pointsPossible: null }, scheme: points20.scheme }
    expect(skippedRules(letters).map((x) => x.rule)).toEqual(['fails', 'nearBoundary', 'top', 'bottom'])
    expect(planSample(cohort, { top: 3, nearBoundary: { margin: 1 } }, { scale: points20.scale }).picks).toHaveLength(3)
  })

  it('anonymous rows are picked by key and label, with no user id', () => {
    const anon = classifyStudent(student('a:Xy12z', [pg('a:g1', 4)], { displayName: 'Student 7' }), 1)
    const plan = planSample([anon], { bottom: 1 }, points20)
    expect(plan.picks).toEqual([{ studentKey: 'a:Xy12z', label: 'Student 7', mark: 4, reasons: ['Bottom 1'] }])
  })
})
