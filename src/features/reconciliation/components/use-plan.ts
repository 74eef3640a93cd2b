import { useEffect, useMemo, useState } from 'react'
import type { ClassifiedStudent } from '../../../lib/moderation/classify'
import {
  drain,
  planAndFiguresInSteps,
  type Plan,
  type PlanContext,
  type PlanFigures,
  type RuleSet,
} from '../utils/plan'
import { runInSteps } from '../utils/run-in-steps'

/** Up to this many students the plan is worked out at once, while rendering: a few milliseconds at most. */
export const PLAN_AT_ONCE_UP_TO = 1000

export interface PlanInputs {
  students: ClassifiedStudent[]
  rules: RuleSet
  ctx: PlanContext
}

export interface PlanState {
  /** The latest plan worked out, with its figures; null until the first is. */
  result: { plan: Plan; figures: PlanFigures } | null
  /** `result` is for the current `inputs` (false while a newer plan is being worked out). */
  current: boolean
}

/**
 * The plan for `inputs` (one object per set of choices: a new object means new choices). A large roster is planned
 * a slice at a time between frames (runInSteps), so opening the dialog or changing a rule never freezes the page
 * (issue #17); until the new plan is ready the last one is kept, with `current` false, and must not be applied.
 */
export function usePlan(inputs: PlanInputs): PlanState {
  const atOnce = inputs.students.length <= PLAN_AT_ONCE_UP_TO
  const now = useMemo(
    () => (atOnce ? drain(planAndFiguresInSteps(inputs.students, inputs.rules, inputs.ctx)) : null),
    [atOnce, inputs],
  )
  const [stepped, setStepped] = useState<{ inputs: PlanInputs; result: PlanState['result'] } | null>(null)
  useEffect(() => {
    if (atOnce) return
    const stop = new AbortController()
    void runInSteps(planAndFiguresInSteps(inputs.students, inputs.rules, inputs.ctx), stop.signal).then((result) => {
      if (result) setStepped({ inputs, result })
    })
    return () => stop.abort()
  }, [atOnce, inputs])
  if (now) return { result: now, current: true }
  return { result: stepped?.result ?? null, current: stepped?.inputs === inputs }
}
