import { describe, expect, it } from 'vitest'
import { classifyAll } from '../../../../lib/moderation/classify'
import { gradeScale, isPassFail, type GradeScale } from '../../../../lib/moderation/grade-scale'
import { pg, student } from '../../../../testing/moderation-fixtures'
import { canvasDefaultScheme, type Boundary } from '../boundaries'
import {
  boundaryCrossings,
  distributionOf,
  drain,
  planFigures,
  planInSteps,
  planReconciliation,
  valuesBeforeAfter,
  type AgreedRule,
  type PlanContext,
} from '../plan'
import { runInSteps } from '../run-in-steps'

// A roster of every kind of student, from a fixed seed: agreeing, disagreeing, single, none, stale, selected,
// with a custom grade; the scores on a half-point grid out of 20, the grades letters where the scale has them.
function roster(n: number, scale: GradeScale) {
  let seed = 7
  const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647
  const letter = (score: number) =>
    scale.kind === 'letters'
      ? score >= 17
        ? 'A'
        : score >= 14
          ? 'B'
          : 'C'
      : isPassFail(scale)
        ? score >= 10
          ? 'complete'
          : 'incomplete'
        : String(score)
  return classifyAll(
    Array.from({ length: n }, (_, i) => {
      const base = Math.round(next() * 40) / 2
      const marks = Math.floor(next() * 4)
      const grades = Array.from({ length: marks }, (_, j) => {
        const score = Math.min(20, Math.max(0, base + (next() < 0.7 ? 0 : Math.round(next() * 6) / 2)))
        return pg(`u:${j + 2}`, score, {
          id: i * 10 + j + 1,
          grade: letter(score),
          matchesCurrentSubmission: next() > 0.05,
        })
      })
      if (next() < 0.1) grades.push(pg('u:9', base, { id: i * 10 + 8, final: true, grade: letter(base) }))
      const selected = grades.length && next() < 0.4 ? grades[Math.floor(next() * grades.length)]!.id : null
      return student(`u:${1000 + i}`, grades, { selectedGradeId: selected })
    }),
    1,
    scale,
  )
}

const graders = [
  { key: 'u:2', label: 'Reyes' },
  { key: 'u:3', label: 'Natarajan' },
  { key: 'u:4', label: 'Herrera' },
]
const rulesToTry: AgreedRule[] = [
  { kind: 'higher' },
  { kind: 'lower' },
  { kind: 'grader', graderKey: 'u:3' },
  { kind: 'closest-to-mean' },
  { kind: 'mean', step: 0.5 },
  { kind: 'median', step: 1 },
  { kind: 'agreed' },
]
// Highest band last: not in the order the boundaries are usually given.
const unsorted: Boundary[] = [
  { name: 'Fail', value: 0 },
  { name: 'Pass', value: 0.4 },
  { name: 'Merit', value: 0.6 },
]
const contexts: [string, PlanContext][] = [
  ['points', { graders, pointsPossible: 20, scheme: canvasDefaultScheme, canCustomGrade: true }],
  ['points, boundaries out of order', { graders, pointsPossible: 20, scheme: unsorted, canCustomGrade: false }],
  ['points, no points possible', { graders, pointsPossible: null, scheme: canvasDefaultScheme, canCustomGrade: true }],
  [
    'letters',
    {
      graders,
      pointsPossible: 20,
      scheme: canvasDefaultScheme,
      canCustomGrade: true,
      scale: gradeScale({ gradingType: 'letter_grade', pointsPossible: 20 }),
    },
  ],
  [
    'pass/fail',
    {
      graders,
      pointsPossible: 20,
      scheme: canvasDefaultScheme,
      canCustomGrade: true,
      scale: gradeScale({ gradingType: 'pass_fail', pointsPossible: 20 }),
    },
  ],
]

describe('the plan in steps (large rosters are planned between frames)', () => {
  for (const [name, ctx] of contexts) {
    const students = roster(400, ctx.scale ?? gradeScale({ gradingType: 'points', pointsPossible: 20 }))
    it(`${name}: the same plan, and the same figures as worked out from every student's grade now and after`, () => {
      const seen = { changes: 0, left: 0, kept: 0 }
      for (const agreed of rulesToTry)
        for (const overwriteSelections of [false, true]) {
          const rules = { agreed, overwriteSelections }
          const plan = planReconciliation(students, rules, ctx)
          seen.changes += plan.changes.length
          seen.left += plan.left.length
          seen.kept += plan.keptSelections
          expect(drain(planInSteps(students, rules, ctx, 7))).toEqual(plan)
          expect(drain(planInSteps(students, rules, ctx))).toEqual(plan)

          const { before, after } = valuesBeforeAfter(students, plan)
          expect(planFigures(students, plan, ctx)).toEqual({
            customs: plan.changes.filter((c) => c.action.type === 'custom').length,
            crossings: boundaryCrossings(plan),
            now: distributionOf(before, ctx),
            after: distributionOf(after, ctx),
          })
        }
      // The roster has students of every kind for the plan to sort.
      expect(Object.values(seen).every((n) => n > 0)).toBe(true)
    })
  }

  it('pauses after each slice of students', () => {
    const students = roster(20, gradeScale({ gradingType: 'points', pointsPossible: 20 }))
    const steps = planInSteps(students, { agreed: { kind: 'higher' }, overwriteSelections: false }, contexts[0]![1], 6)
    let pauses = 0
    while (!steps.next().done) pauses++
    expect(pauses).toBe(3) // 6, 12, 18 students; the last 2 end it
  })
})

describe('runInSteps', () => {
  function* counting(log: number[], abort?: AbortController) {
    for (let i = 1; i <= 5; i++) {
      log.push(i)
      if (i === 2) abort?.abort()
      yield
    }
    return 'done'
  }
  it('runs every step and resolves with what the steps return', async () => {
    const log: number[] = []
    await expect(runInSteps(counting(log), new AbortController().signal, 0)).resolves.toBe('done')
    expect(log).toEqual([1, 2, 3, 4, 5])
  })
  it('stops once aborted, between two tasks: the remaining steps are not run', async () => {
    const log: number[] = []
    const stop = new AbortController()
    await expect(runInSteps(counting(log, stop), stop.signal, 0)).resolves.toBeUndefined()
    expect(log).toEqual([1, 2])
  })
})
