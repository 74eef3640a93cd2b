import { renderHook, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { classifyAll } from '../../../../lib/moderation/classify'
import { pg, student } from '../../../../testing/moderation-fixtures'
import { canvasDefaultScheme } from '../../utils/boundaries'
import { planFigures, planReconciliation, type AgreedRule } from '../../utils/plan'
import { PLAN_AT_ONCE_UP_TO, usePlan, type PlanInputs } from '../use-plan'

const graders = [
  { key: 'u:2', label: 'Reyes' },
  { key: 'u:3', label: 'Natarajan' },
]
const ctx = { graders, pointsPossible: 20, scheme: canvasDefaultScheme, canCustomGrade: true }
// Two graders a point apart, or not at all: half agree (within 1 point), a quarter disagree, a quarter single.
const roster = (n: number) =>
  classifyAll(
    Array.from({ length: n }, (_, i) => {
      const s = (i % 37) / 2
      const second = i % 4 === 3 ? [] : [pg('u:3', i % 4 === 2 ? Math.max(0, s - 5) : Math.min(20, s + 1))]
      return student(`u:${1000 + i}`, [pg('u:2', s), ...second])
    }),
    1,
  )
const inputsFor = (students: PlanInputs['students'], agreed: AgreedRule): PlanInputs => ({
  students,
  rules: { agreed, overwriteSelections: false },
  ctx,
})
const expected = (inputs: PlanInputs) => {
  const plan = planReconciliation(inputs.students, inputs.rules, inputs.ctx)
  return { plan, figures: planFigures(inputs.students, plan, inputs.ctx) }
}

describe('usePlan', () => {
  it('plans a small roster at once', () => {
    const inputs = inputsFor(roster(40), { kind: 'higher' })
    const { result } = renderHook(() => usePlan(inputs))
    expect(result.current).toEqual({ result: expected(inputs), current: true })
  })

  it('plans a large roster in steps, keeping the last plan (not current) until the new one is ready', async () => {
    const students = roster(PLAN_AT_ONCE_UP_TO + 500)
    const higher = inputsFor(students, { kind: 'higher' })
    const { result, rerender } = renderHook((inputs: PlanInputs) => usePlan(inputs), { initialProps: higher })
    expect(result.current).toEqual({ result: null, current: false })
    await waitFor(() => expect(result.current.current).toBe(true))
    expect(result.current.result).toEqual(expected(higher))
    expect(result.current.result!.plan.changes.length).toBeGreaterThan(0)

    const first = result.current.result
    const lower = inputsFor(students, { kind: 'lower' })
    rerender(lower)
    // The plan on screen is still the one for "higher", and says so: it must not be applied for "lower".
    expect(result.current.result).toBe(first)
    expect(result.current.current).toBe(false)
    await waitFor(() => expect(result.current.current).toBe(true))
    expect(result.current.result).toEqual(expected(lower))
  })
})
