import { describe, expect, it } from 'vitest'
import { classifyAll } from '../../../../lib/moderation/classify'
import { gradeScale } from '../../../../lib/moderation/grade-scale'
import { krippendorffAlpha } from '../../../../lib/stats/krippendorff'
import { pg, student } from '../../../../testing/moderation-fixtures'
import { computeAgreement, describeAlpha, describeSeverity, histogram, measureFor } from '../agreement'

const graders = [
  { key: 'u:2', label: 'A' },
  { key: 'u:3', label: 'B' },
  { key: 'u:4', label: 'C' },
]

describe('computeAgreement', () => {
  const students = classifyAll(
    [
      student('u:11', [pg('u:2', 10), pg('u:3', 8)]),
      student('u:12', [pg('u:2', 14), pg('u:3', 13)]),
      student('u:13', [pg('u:2', 18), pg('u:3', 15), pg('u:4', 16)]),
      student('u:14', [pg('u:3', 6), pg('u:4', 7)]),
      student('u:15', [pg('u:2', 12)]), // single: not in agreement figures, but in A's distribution
      student('u:16', [pg('u:2', 9), pg('u:3', 9), pg('u:9', 12, { final: true })]),
    ],
    1,
  )
  const r = computeAgreement(students, graders, 1)
  it('uses students marked by two or more graders', () => {
    expect(r.multiMarked).toBe(5)
    expect(r.alpha.pairable).toBe(11)
    expect(r.alpha.alpha).toBeGreaterThan(0.8)
    expect(r.icc!.n).toBe(5)
  })
  it('pairs: shared students, mean difference (who marks higher), mean absolute difference, within tolerance', () => {
    const ab = r.pairs.find((p) => p.a.key === 'u:2' && p.b.key === 'u:3')!
    // diffs: 2, 1, 3, 0
    expect(ab.n).toBe(4)
    expect(ab.meanDiff).toBeCloseTo(1.5)
    expect(ab.meanAbsDiff).toBeCloseTo(1.5)
    expect(ab.withinTolerance).toBeCloseTo(0.5)
    expect(ab.points).toContainEqual({ x: 18, y: 15 })
    expect(ab.icc21).not.toBeNull()
    const ac = r.pairs.find((p) => p.a.key === 'u:2' && p.b.key === 'u:4')!
    expect(ac.n).toBe(1)
    expect(ac.icc21).toBeNull()
  })
  it('per grader: severity relative to the others on shared students, spread, scores', () => {
    const a = r.graders[0]!
    // A vs others: 10−8=2, 14−13=1, 18−15.5=2.5, 9−9=0 → 1.375; A scored 5 students
    expect(a.severity).toBeCloseTo(1.375)
    expect(a.shared).toBe(4)
    expect(a.n).toBe(5)
    expect(a.scores).toEqual([10, 14, 18, 12, 9])
    expect(a.sd).toBeCloseTo(3.5777, 3) // mean 12.6, Σ(x−m)² = 51.2, √(51.2/4)
    expect(describeSeverity(a.severity)).toBe('marks 1.38 points higher than the others (lenient)')
    expect(describeSeverity(-0.5)).toMatch(/lower .*severe/)
  })
})

describe('helpers', () => {
  it("describes alpha on Krippendorff's scale", () => {
    expect(describeAlpha(0.85)).toMatch(/reliable/)
    expect(describeAlpha(0.7)).toMatch(/tentative/)
    expect(describeAlpha(0.2)).toMatch(/unreliable/)
    expect(describeAlpha(null)).toMatch(/not enough/)
  })
  it('histogram bins with an inclusive top', () => {
    const h = histogram([0, 1.9, 2, 20], 20, 10)
    expect(h.map((b) => b.n)).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 0, 1])
  })
})

describe('per grading type', () => {
  it('pass/fail: nominal alpha on the grades, the share of same grades, counts per grader; no ICC', () => {
    const scale = gradeScale({ gradingType: 'pass_fail', pointsPossible: 10 })
    const c = (g: string) => pg('u:2', g === 'complete' ? 10 : 0, { grade: g })
    const d = (g: string) => pg('u:3', g === 'complete' ? 10 : 0, { grade: g })
    const students = classifyAll(
      [
        student('u:11', [c('complete'), d('complete')]),
        student('u:12', [c('complete'), d('incomplete')]),
        student('u:13', [c('incomplete'), d('incomplete')]),
        student('u:14', [c('complete'), d('complete')]),
      ],
      0,
      scale,
    )
    const r = computeAgreement(students, graders.slice(0, 2), 0, scale)
    expect(r.measure).toMatchObject({ metric: 'nominal', icc: false, scores: false })
    expect(r.measure!.why).toMatch(/nominal data, because a pass\/fail grade is complete or incomplete/)
    // Nominal alpha by hand: 8 values, 5 complete and 3 incomplete; one of 4 units disagrees.
    // D_o = (1/8)·(2/1) = 0.25; D_e = 2·5·3/(8·7) = 0.5357 → α = 1 − 0.25/0.5357 = 0.5333
    expect(r.alpha.alpha).toBeCloseTo(0.5333, 4)
    expect(r.icc).toBeNull()
    expect(r.pairs[0]).toMatchObject({ n: 4, sameGrade: 0.75, icc21: null })
    expect(r.categories).toEqual(['Complete', 'Incomplete'])
    expect(r.graders.map((g) => g.counts)).toEqual([
      [3, 1],
      [2, 2],
    ])
  })
  it('letters with points possible: ordinal alpha on the scores, the share of same letters; no ICC', () => {
    const scale = gradeScale({ gradingType: 'letter_grade', pointsPossible: 100 })
    const students = classifyAll(
      [
        student('u:11', [pg('u:2', 100, { grade: 'A' }), pg('u:3', 93.99, { grade: 'A-' })]),
        student('u:12', [pg('u:2', 89.99, { grade: 'B+' }), pg('u:3', 89.99, { grade: 'B+' })]),
        student('u:13', [pg('u:2', 86.99, { grade: 'B' }), pg('u:3', 89.99, { grade: 'B+' })]),
      ],
      1,
      scale,
    )
    const r = computeAgreement(students, graders.slice(0, 2), 1, scale)
    expect(r.measure).toMatchObject({ metric: 'ordinal', icc: false, scores: true })
    expect(r.alpha.alpha).toBeCloseTo(
      krippendorffAlpha(
        students.map((s) => s.marks.map((m) => m.score)),
        'ordinal',
      ).alpha!,
      12,
    )
    expect(r.icc).toBeNull()
    expect(r.pairs[0]).toMatchObject({ n: 3, icc21: null })
    expect(r.pairs[0]!.sameGrade).toBeCloseTo(1 / 3)
    expect(r.pairs[0]!.meanDiff).toBeCloseTo((6.01 + 0 - 3) / 3)
  })
  it('points: interval alpha and ICC, as before; not graded: nothing to measure', () => {
    expect(measureFor(gradeScale({ gradingType: 'points', pointsPossible: 20 }))).toMatchObject({
      metric: 'interval',
      icc: true,
    })
    expect(measureFor(gradeScale({ gradingType: 'not_graded', pointsPossible: null }))).toBeNull()
    const r = computeAgreement([], graders, 0, gradeScale({ gradingType: 'not_graded', pointsPossible: null }))
    expect([r.measure, r.alpha.alpha, r.icc]).toEqual([null, null, null])
  })
})
