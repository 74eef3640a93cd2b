import { describe, expect, it } from 'vitest'
import { classifyAll } from '../../../../lib/moderation/classify'
import { gradeScale } from '../../../../lib/moderation/grade-scale'
import { median } from '../../../../lib/stats/summary'
import { pg, student } from '../../../../testing/moderation-fixtures'
import { bandFor, canvasDefaultScheme, distribution, formatScheme, parseScheme } from '../boundaries'
import {
  boundaryCrossings,
  distributionOf,
  pickFor,
  planReconciliation,
  postedGradeFor,
  roundToStep,
  rulesFor,
  scoresBeforeAfter,
  valuesBeforeAfter,
  type AgreedRule,
  type RuleSet,
} from '../plan'

const graders = [
  { key: 'u:2', label: 'Reyes' },
  { key: 'u:3', label: 'Natarajan' },
  { key: 'u:4', label: 'Herrera' },
]
const ctx = { graders, pointsPossible: 20, scheme: canvasDefaultScheme, canCustomGrade: true }
const rules = (agreed: AgreedRule, overwriteSelections = false): RuleSet => ({ agreed, overwriteSelections })

// Ids are fixed so actions can be asserted.
const roster = () =>
  classifyAll(
    [
      student('u:11', [pg('u:2', 17, { id: 1 }), pg('u:3', 18, { id: 2 })]), // agreed (1)
      student('u:12', [pg('u:2', 15, { id: 3 }), pg('u:3', 16, { id: 4 }), pg('u:4', 16, { id: 5 })]), // agreed, 3 marks
      student('u:13', [pg('u:2', 10, { id: 6 }), pg('u:3', 16, { id: 7 })]), // disagree
      student('u:14', [pg('u:3', 12, { id: 8 })]), // single
      student('u:15', []), // none
      student('u:16', [pg('u:2', 14, { id: 9, matchesCurrentSubmission: false }), pg('u:4', 14, { id: 10 })]), // stale
      student('u:17', [pg('u:2', 19, { id: 11 }), pg('u:3', 18, { id: 12 })], { selectedGradeId: 12 }), // agreed, selected lower
      student('u:18', [pg('u:3', 18.5, { id: 13 }), pg('u:4', 19, { id: 14 }), pg('u:9', 18, { id: 15, final: true })]), // agreed, has custom 18
    ],
    1,
  )

describe('picking a grade', () => {
  const marks = [
    { gradeId: 1, graderKey: 'u:2', score: 15, grade: '15', stale: false },
    { gradeId: 2, graderKey: 'u:3', score: 16, grade: '16', stale: false },
  ]
  it('higher, lower, named grader, closest to the mean (ties to the higher)', () => {
    expect(pickFor(marks, { kind: 'higher' })).toEqual({ mark: marks[1] })
    expect(pickFor(marks, { kind: 'lower' })).toEqual({ mark: marks[0] })
    expect(pickFor(marks, { kind: 'grader', graderKey: 'u:2' })).toEqual({ mark: marks[0] })
    expect(pickFor(marks, { kind: 'grader', graderKey: 'u:4' })).toHaveProperty('reason')
    expect(pickFor(marks, { kind: 'closest-to-mean' })).toEqual({ mark: marks[1] })
    const three = [...marks, { gradeId: 3, graderKey: 'u:4', score: 15.2, grade: '15.2', stale: false }]
    expect(pickFor(three, { kind: 'closest-to-mean' })).toEqual({ mark: three[2] }) // mean 15.4
  })
  it('mean and median rounded to a step', () => {
    expect(pickFor(marks, { kind: 'mean', step: 1 })).toEqual({ score: 16 }) // 15.5 → 16 (half up)
    expect(pickFor(marks, { kind: 'mean', step: 0.5 })).toEqual({ score: 15.5 })
    expect(
      pickFor([...marks, { gradeId: 3, graderKey: 'u:4', score: 19, grade: '19', stale: false }], {
        kind: 'median',
        step: 1,
      }),
    ).toEqual({ score: 16 })
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(roundToStep(14.25, 0.5)).toBe(14.5)
    expect(roundToStep(14.7, 0.25)).toBe(14.75)
    expect(roundToStep(1.25, 0)).toBe(1.25)
    expect(roundToStep(0.1 + 0.2, 0.1)).toBe(0.3)
  })
})

describe('planReconciliation', () => {
  it('leaves disagreements, single graders, no grades and stale grades for a person', () => {
    const plan = planReconciliation(roster(), rules({ kind: 'higher' }), ctx)
    expect(plan.left.map((l) => [l.studentKey, l.reason.split(' ')[0]])).toEqual([
      ['u:13', 'graders'],
      ['u:14', 'single'],
      ['u:15', 'no'],
      ['u:16', 'stale'],
    ])
  })
  it('higher: selects the higher grade, keeps existing selections by default', () => {
    const plan = planReconciliation(roster(), rules({ kind: 'higher' }), ctx)
    expect(plan.keptSelections).toBe(1)
    expect(plan.changes.map((c) => [c.studentKey, c.action])).toEqual([
      ['u:11', { type: 'select', gradeId: 2 }],
      ['u:12', { type: 'select', gradeId: 4 }], // first of the two 16s
      ['u:18', { type: 'select', gradeId: 14 }],
    ])
    expect(plan.changes[0]).toMatchObject({
      from: null,
      to: { score: 18, source: 'Natarajan' },
      fromBand: 'No grade',
      toBand: 'A-',
    })
  })
  it('lower with overwrite: changes a selected student, and counts one already on the lower grade as unchanged', () => {
    const plan = planReconciliation(roster(), rules({ kind: 'lower' }, true), ctx)
    expect(plan.unchanged).toBe(1) // u:17 already has 18 selected
    expect(plan.changes.find((c) => c.studentKey === 'u:17')).toBeUndefined()
    const higher = planReconciliation(roster(), rules({ kind: 'higher' }, true), ctx)
    const c17 = higher.changes.find((c) => c.studentKey === 'u:17')!
    expect(c17).toMatchObject({
      from: { score: 18, source: 'Natarajan' },
      to: { score: 19, source: 'Reyes' },
      fromBand: 'A-',
      toBand: 'A',
    })
    expect(boundaryCrossings(higher).map((c) => c.studentKey)).toEqual(['u:17'])
  })
  it('named grader: students that grader did not mark are left for a person', () => {
    const plan = planReconciliation(roster(), rules({ kind: 'grader', graderKey: 'u:4' }), ctx)
    expect(plan.changes.map((c) => c.studentKey)).toEqual(['u:12', 'u:18'])
    expect(plan.left.filter((l) => l.reason.includes('named grader')).map((l) => l.studentKey)).toEqual(['u:11'])
  })
  it('closest to the mean', () => {
    const plan = planReconciliation(roster(), rules({ kind: 'closest-to-mean' }), ctx)
    expect(plan.changes.find((c) => c.studentKey === 'u:12')!.action).toEqual({ type: 'select', gradeId: 4 }) // mean 15.67 → 16
  })
  it('mean: a custom grade only where no existing grade has that score', () => {
    const plan = planReconciliation(roster(), rules({ kind: 'mean', step: 0.5 }), ctx)
    const byKey = Object.fromEntries(plan.changes.map((c) => [c.studentKey, c]))
    expect(byKey['u:11']!.action).toEqual({ type: 'custom', score: 17.5, postedGrade: '17.5' })
    expect(byKey['u:11']!.to.source).toBe('Custom grade')
    expect(byKey['u:12']!.action).toEqual({ type: 'custom', score: 15.5, postedGrade: '15.5' }) // 15.67 → 15.5
    expect(byKey['u:18']!.action).toEqual({ type: 'select', gradeId: 14 }) // 18.75 → 19 = Herrera's
    const whole = planReconciliation(roster(), rules({ kind: 'mean', step: 1 }), ctx)
    expect(whole.changes.find((c) => c.studentKey === 'u:12')!.action).toEqual({ type: 'select', gradeId: 4 }) // 16 exists
  })
  it('median: reuses the existing custom grade when it already has the score', () => {
    const s = classifyAll(
      [
        student('u:20', [
          pg('u:2', 17.5, { id: 31 }),
          pg('u:3', 18.5, { id: 32 }),
          pg('u:9', 18, { id: 33, final: true }),
        ]),
      ],
      1,
    )
    const plan = planReconciliation(s, rules({ kind: 'median', step: 1 }), ctx)
    expect(plan.changes[0]!.action).toEqual({ type: 'select', gradeId: 33 })
  })
  it('without the right to create custom grades, those students are left for a person', () => {
    const plan = planReconciliation(roster(), rules({ kind: 'mean', step: 0.5 }), { ...ctx, canCustomGrade: false })
    expect(plan.changes.every((c) => c.action.type === 'select')).toBe(true)
    expect(plan.left.some((l) => l.studentKey === 'u:11' && /final grader/.test(l.reason))).toBe(true)
  })
  it('before/after scores for the distribution', () => {
    const all = roster()
    const plan = planReconciliation(all, rules({ kind: 'higher' }), ctx)
    const { before, after } = scoresBeforeAfter(all, plan)
    expect(before.filter((x) => x !== null)).toEqual([18])
    expect(after).toEqual([18, 16, null, null, null, null, 18, 19])
  })
})

describe('boundaries', () => {
  it("Canvas's default scheme, with percentages rounded to 2 decimals", () => {
    expect(bandFor(18.8, 20, canvasDefaultScheme)).toBe('A')
    expect(bandFor(18.79, 20, canvasDefaultScheme)).toBe('A-')
    expect(bandFor(0, 20, canvasDefaultScheme)).toBe('F')
    expect(bandFor(null, 20, canvasDefaultScheme)).toBe('No grade')
    expect(bandFor(10, null, canvasDefaultScheme)).toBe('No grade')
  })
  it('parses and formats a configurable scheme', () => {
    const r = parseScheme('First 70, 2:1 60, 2:2: 50, Third 40, Fail 0')
    expect(r).toEqual({
      ok: true,
      scheme: [
        { name: 'First', value: 0.7 },
        { name: '2:1', value: 0.6 },
        { name: '2:2', value: 0.5 },
        { name: 'Third', value: 0.4 },
        { name: 'Fail', value: 0 },
      ],
    })
    expect(formatScheme(canvasDefaultScheme)).toMatch(/^A 94, A- 90, B\+ 87/)
    expect(parseScheme('A 94')).toMatchObject({ ok: false })
    expect(parseScheme('A 94, B 80')).toMatchObject({ ok: false, message: expect.stringMatching(/start at 0/) })
    expect(parseScheme('A ninety, F 0')).toMatchObject({ ok: false })
    expect(parseScheme('A 140, F 0')).toMatchObject({ ok: false })
  })
  it('distribution per band, no grade last', () => {
    const parsed = parseScheme('Pass 40, Fail 0')
    if (!parsed.ok) throw new Error(parsed.message)
    const d = distribution([19, 18, null, 5], 20, parsed.scheme)
    expect(d).toEqual([
      { band: 'Pass', count: 2 },
      { band: 'Fail', count: 1 },
      { band: 'No grade', count: 1 },
    ])
  })
})

describe('per grading type', () => {
  const passFail = gradeScale({ gradingType: 'pass_fail', pointsPossible: 10 })
  const pfCtx = { ...ctx, pointsPossible: 10, scale: passFail }
  const pfRoster = () =>
    classifyAll(
      [
        student('u:31', [pg('u:2', 10, { id: 41, grade: 'complete' }), pg('u:3', 10, { id: 42, grade: 'complete' })]),
        student('u:32', [pg('u:2', 10, { id: 43, grade: 'complete' }), pg('u:3', 0, { id: 44, grade: 'incomplete' })]),
        student('u:33', [pg('u:2', 0, { id: 45, grade: 'incomplete' }), pg('u:3', 0, { id: 46, grade: 'incomplete' })]),
      ],
      5, // a tolerance makes no difference on pass/fail
      passFail,
    )

  it('pass/fail offers no rule that works out a grade', () => {
    expect(rulesFor(passFail)).toEqual(['agreed', 'grader'])
    expect(rulesFor(gradeScale({ gradingType: 'letter_grade', pointsPossible: null }))).toEqual(['agreed', 'grader'])
    expect(rulesFor(gradeScale({ gradingType: 'letter_grade', pointsPossible: 20 }))).toContain('mean')
  })
  it('pass/fail: selects the agreed grade, leaves different grades for a person, and counts grades not bands', () => {
    const all = pfRoster()
    const plan = planReconciliation(all, rules({ kind: 'agreed' }), pfCtx)
    expect(plan.changes.map((c) => [c.studentKey, c.action, c.toBand])).toEqual([
      ['u:31', { type: 'select', gradeId: 41 }, 'Complete'],
      ['u:33', { type: 'select', gradeId: 45 }, 'Incomplete'],
    ])
    expect(plan.left).toEqual([
      { studentKey: 'u:32', label: 'Name u:32', reason: 'graders gave different grades (Incomplete and Complete)' },
    ])
    const { before, after } = valuesBeforeAfter(all, plan)
    expect(distributionOf(before, pfCtx)).toEqual([
      { band: 'Complete', count: 0 },
      { band: 'Incomplete', count: 0 },
      { band: 'No grade', count: 3 },
    ])
    expect(distributionOf(after, pfCtx)).toEqual([
      { band: 'Complete', count: 1 },
      { band: 'Incomplete', count: 1 },
      { band: 'No grade', count: 1 },
    ])
  })
  it('pass/fail: a mean, median or higher/lower rule sent anyway creates nothing', () => {
    for (const rule of [{ kind: 'mean', step: 1 }, { kind: 'median', step: 1 }, { kind: 'higher' }] as AgreedRule[]) {
      const plan = planReconciliation(pfRoster(), rules(rule), pfCtx)
      expect(plan.changes).toEqual([])
      expect(plan.left.filter((l) => l.studentKey !== 'u:32').map((l) => l.reason)).toEqual([
        expect.stringMatching(/pass\/fail/),
        expect.stringMatching(/pass\/fail/),
      ])
    }
  })

  const lettersCtx = (pointsPossible: number, gradingType = 'letter_grade') => ({
    ...ctx,
    pointsPossible,
    scale: gradeScale({ gradingType, pointsPossible }),
  })
  it('letters: a mean is posted as a percentage Canvas reads back as exactly that score, with its letter', () => {
    const c = lettersCtx(20)
    const all = classifyAll(
      [student('u:41', [pg('u:2', 17, { id: 51, grade: 'B' }), pg('u:3', 17.5, { id: 52, grade: 'B+' })])],
      1,
      c.scale,
    )
    const plan = planReconciliation(all, rules({ kind: 'mean', step: 0.25 }), c)
    expect(plan.changes[0]).toMatchObject({
      action: { type: 'custom', score: 17.25, postedGrade: '86.25%' },
      to: { score: 17.25, grade: 'B', source: 'Custom grade' }, // 86.25% in Canvas's default scheme: B (84–87)
    })
    // Canvas: points_possible.to_f * (86.25 / 100.0)
    expect(20 * (86.25 / 100)).toBe(17.25)
  })
  it('letters: the letter comes from the scheme Canvas uses, not from boundaries being tried out', () => {
    const c = {
      ...lettersCtx(20),
      scheme: [
        { name: 'Pass', value: 0.4 },
        { name: 'Fail', value: 0 },
      ],
    }
    const all = classifyAll(
      [student('u:42', [pg('u:2', 18, { id: 53, grade: 'A-' }), pg('u:3', 19, { id: 54, grade: 'A' })])],
      1,
      c.scale,
    )
    const change = planReconciliation(all, rules({ kind: 'mean', step: 0.5 }), {
      ...c,
      canvasScheme: canvasDefaultScheme,
    }).changes[0]!
    expect(change.to).toEqual({ score: 18.5, grade: 'A-', source: 'Custom grade' })
    expect(change.toBand).toBe('Pass')
  })
  it('letters: a score that cannot go as a percentage goes as points, unless the scheme has a grade of that name', () => {
    // 1 of 3 points: no decimal percentage gives back exactly 1 in Canvas's arithmetic.
    expect(postedGradeFor(1, gradeScale({ gradingType: 'gpa_scale', pointsPossible: 3 }), canvasDefaultScheme)).toEqual(
      {
        text: '1',
      },
    )
    const gpa = [
      { name: '3.0', value: 0.9 },
      { name: '2.0', value: 0.6 },
      { name: '1.0', value: 0.3 },
      { name: '0', value: 0 },
    ]
    const scale = gradeScale({ gradingType: 'gpa_scale', pointsPossible: 3 })
    expect(postedGradeFor(1, scale, gpa)).toEqual({ reason: expect.stringMatching(/grade “1.0”/) })
    expect(postedGradeFor(1, scale, null)).toEqual({ reason: expect.stringMatching(/could not read/) })
    const all = classifyAll(
      [student('u:43', [pg('u:2', 0.5, { id: 55, grade: '1.0' }), pg('u:3', 1.5, { id: 56, grade: '2.0' })])],
      1,
      scale,
    )
    const plan = planReconciliation(all, rules({ kind: 'mean', step: 0.5 }), {
      ...ctx,
      pointsPossible: 3,
      scale,
      scheme: gpa,
      canvasScheme: gpa,
    })
    expect(plan.changes).toEqual([])
    expect(plan.left[0]!.reason).toMatch(/grade “1.0”/)
  })
  it('points and percent post the score as a number (points)', () => {
    expect(postedGradeFor(17.5, gradeScale({ gradingType: 'percent', pointsPossible: 20 }), null)).toEqual({
      text: '17.5',
    })
    expect(postedGradeFor(17.5, gradeScale({ gradingType: 'points', pointsPossible: null }), null)).toEqual({
      text: '17.5',
    })
  })
  it('letters: disagreements name the letters and the points', () => {
    const c = lettersCtx(20)
    const all = classifyAll(
      [student('u:44', [pg('u:2', 15, { grade: 'C' }), pg('u:3', 18, { grade: 'A-' })])],
      1,
      c.scale,
    )
    expect(planReconciliation(all, rules({ kind: 'higher' }), c).left[0]!.reason).toBe(
      'graders disagree beyond the tolerance (C and A-, 3 points apart)',
    )
  })
})
