import type { ClassifiedStudent, Mark } from '../../../lib/moderation/classify'
import { round2 } from '../../../lib/moderation/tolerance'
import { mean, median } from '../../../lib/stats/summary'
import { bandFor, type Boundary } from './boundaries'

/**
 * Reconciliation rules → a plan. Pure: the preview shows exactly this plan, and applying sends exactly this plan.
 *
 * A rule applies only where the graders agree within the tolerance (two or more scored grades, none stale).
 * Everything else — disagreements beyond tolerance, single-grader students, students without grades and stale
 * grades — is left for a person, with the reason.
 */
export type AgreedRule =
  | { kind: 'higher' }
  | { kind: 'lower' }
  | { kind: 'grader'; graderKey: string }
  | { kind: 'closest-to-mean' }
  | { kind: 'mean'; step: number }
  | { kind: 'median'; step: number }

export interface RuleSet {
  agreed: AgreedRule
  /** Also change students who already have a selection (off: only students without one). */
  overwriteSelections: boolean
}

export interface GraderLabel {
  key: string
  label: string
}

export type PlanAction = { type: 'select'; gradeId: number } | { type: 'custom'; score: number }

export interface PlanChange {
  studentKey: string
  label: string
  /** The current selection; null when nothing is selected. */
  from: { score: number | null; source: string } | null
  to: { score: number; source: string }
  action: PlanAction
  fromBand: string
  toBand: string
}

export interface Plan {
  changes: PlanChange[]
  /** The rule would choose what is already selected. */
  unchanged: number
  /** Already selected and overwriting is off. */
  keptSelections: number
  left: { studentKey: string; label: string; reason: string }[]
}

export interface PlanContext {
  graders: GraderLabel[]
  pointsPossible: number | null
  scheme: Boundary[]
  /** Only the final grader (or an admin moderator) may create custom grades. */
  canCustomGrade: boolean
}

export const CUSTOM_SOURCE = 'Custom grade'

export function roundToStep(x: number, step: number): number {
  if (!(step > 0)) return round2(x)
  // Half up on the step grid (scores are never negative); round2 removes float noise such as 14.499999.
  return round2(Math.round(round2(x / step)) * step)
}

/** A grader's mark to select, a score for a custom grade, or why the student is left for a person. */
export type RuleChoice = { mark: Mark } | { score: number } | { reason: string }

/**
 * What the rule picks for one agreeing student (two or more marks, so every mean and median exists). Ties on
 * "closest to the mean" go to the higher grade.
 */
export function pickFor(marks: Mark[], rule: AgreedRule): RuleChoice {
  switch (rule.kind) {
    case 'higher':
      return { mark: marks.reduce((a, b) => (b.score > a.score ? b : a)) }
    case 'lower':
      return { mark: marks.reduce((a, b) => (b.score < a.score ? b : a)) }
    case 'grader': {
      const m = marks.find((x) => x.graderKey === rule.graderKey)
      return m ? { mark: m } : { reason: 'the named grader did not grade this student' }
    }
    case 'closest-to-mean': {
      const mu = mean(marks.map((m) => m.score))!
      return {
        mark: marks.reduce((a, b) => {
          const da = Math.abs(a.score - mu)
          const db = Math.abs(b.score - mu)
          return db < da - 1e-9 || (Math.abs(db - da) <= 1e-9 && b.score > a.score) ? b : a
        }),
      }
    }
    case 'mean':
      return { score: roundToStep(mean(marks.map((m) => m.score))!, rule.step) }
    case 'median':
      return { score: roundToStep(median(marks.map((m) => m.score))!, rule.step) }
  }
}

function leaveReason(c: ClassifiedStudent): string | null {
  if (c.stale) return 'stale grade: regraded work needs a person'
  if (c.cls === 'disagree') return `graders disagree beyond the tolerance (spread ${round2(c.spread!)})`
  if (c.cls === 'single') return 'single grader'
  if (c.cls === 'none') return 'no grade yet'
  return null
}

export function planReconciliation(students: ClassifiedStudent[], rules: RuleSet, ctx: PlanContext): Plan {
  const label = new Map(ctx.graders.map((g) => [g.key, g.label]))
  const sourceOf = (graderKey: string | null) =>
    graderKey === null ? CUSTOM_SOURCE : (label.get(graderKey) ?? 'Unknown grader')
  const max = ctx.pointsPossible && ctx.pointsPossible > 0 ? ctx.pointsPossible * 2 : Infinity
  const plan: Plan = { changes: [], unchanged: 0, keptSelections: 0, left: [] }

  for (const c of students) {
    const reason = leaveReason(c)
    if (reason) {
      plan.left.push({ studentKey: c.key, label: c.label, reason })
      continue
    }
    if (c.selected && !rules.overwriteSelections) {
      plan.keptSelections++
      continue
    }
    const pick = pickFor(c.marks, rules.agreed)
    if ('reason' in pick) {
      plan.left.push({ studentKey: c.key, label: c.label, reason: pick.reason })
      continue
    }
    let action: PlanAction
    let to: PlanChange['to']
    if ('mark' in pick) {
      action = { type: 'select', gradeId: pick.mark.gradeId }
      to = { score: pick.mark.score, source: sourceOf(pick.mark.graderKey) }
    } else {
      // A grader already gave exactly this score, or the custom grade already has it: select that, create nothing.
      const same = c.marks.find((m) => m.score === pick.score)
      if (same) {
        action = { type: 'select', gradeId: same.gradeId }
        to = { score: same.score, source: sourceOf(same.graderKey) }
      } else if (c.custom && c.custom.score === pick.score && !c.custom.stale) {
        action = { type: 'select', gradeId: c.custom.gradeId }
        to = { score: pick.score, source: CUSTOM_SOURCE }
      } else if (!ctx.canCustomGrade) {
        plan.left.push({
          studentKey: c.key,
          label: c.label,
          reason: 'needs a custom grade, which only the final grader can create',
        })
        continue
      } else if (pick.score < 0 || pick.score > max) {
        plan.left.push({ studentKey: c.key, label: c.label, reason: `custom grade ${pick.score} is out of range` })
        continue
      } else {
        action = { type: 'custom', score: pick.score }
        to = { score: pick.score, source: CUSTOM_SOURCE }
      }
    }
    if (action.type === 'select' && action.gradeId === c.selectedGradeId) {
      plan.unchanged++
      continue
    }
    const from = c.selected ? { score: c.selected.score, source: sourceOf(c.selected.graderKey) } : null
    plan.changes.push({
      studentKey: c.key,
      label: c.label,
      from,
      to,
      action,
      fromBand: bandFor(from?.score ?? null, ctx.pointsPossible, ctx.scheme),
      toBand: bandFor(to.score, ctx.pointsPossible, ctx.scheme),
    })
  }
  return plan
}

/** Changes that move a student across a grade boundary (from a selected grade to a different band). */
export function boundaryCrossings(plan: Plan): PlanChange[] {
  return plan.changes.filter((c) => c.from !== null && c.from.score !== null && c.fromBand !== c.toBand)
}

/** Scores per student now (selected grade) and after the plan, for the distribution comparison. */
export function scoresBeforeAfter(
  students: ClassifiedStudent[],
  plan: Plan,
): { before: (number | null)[]; after: (number | null)[] } {
  const byKey = new Map(plan.changes.map((c) => [c.studentKey, c.to.score]))
  const before = students.map((s) => s.selected?.score ?? null)
  const after = students.map((s) => (byKey.has(s.key) ? byKey.get(s.key)! : (s.selected?.score ?? null)))
  return { before, after }
}
