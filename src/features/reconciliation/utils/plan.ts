import type { ClassifiedStudent, Mark } from '../../../lib/moderation/classify'
import {
  categoryKey,
  categoryLabel,
  gradeScale,
  isPassFail,
  spreadSummary,
  usesTolerance,
  type GradeScale,
} from '../../../lib/moderation/grade-scale'
import { round2 } from '../../../lib/format'
import { mean, median } from '../../../lib/stats/summary'
import { bandFor, distribution, NO_GRADE, type Boundary } from './boundaries'

/**
 * Reconciliation rules → a plan. Pure: the preview shows exactly this plan, and applying sends exactly this plan.
 *
 * A rule applies only where the graders agree within the tolerance (two or more scored grades, none stale) — on
 * pass/fail, where they gave the same grade. Everything else — disagreements, single-grader students, students
 * without grades and stale grades — is left for a person, with the reason.
 */
export type AgreedRule =
  | { kind: 'higher' }
  | { kind: 'lower' }
  | { kind: 'grader'; graderKey: string }
  | { kind: 'closest-to-mean' }
  | { kind: 'mean'; step: number }
  | { kind: 'median'; step: number }
  /** Grades compared as grades (pass/fail): every grader gave the same one; select the first grader's. */
  | { kind: 'agreed' }

export type RuleKind = AgreedRule['kind']

/**
 * The rules that make sense on a scale. Where scores decide, all of them. Where grades are compared as grades
 * (pass/fail; letters without points possible) nothing can be computed from them: a mean or median of complete
 * and incomplete is no grade Canvas has, and a "closest to the mean" needs a mean. Higher and lower ("complete
 * wins", "incomplete wins") would choose between different grades — but rules apply only where the graders
 * agree, which there means they gave the same grade, so both would pick the grade they agree on: one rule,
 * named for what it does, and a student with one complete and one incomplete is always left for a person.
 */
export function rulesFor(scale: GradeScale): RuleKind[] {
  return usesTolerance(scale)
    ? ['higher', 'lower', 'grader', 'closest-to-mean', 'mean', 'median']
    : ['agreed', 'grader']
}

export interface RuleSet {
  agreed: AgreedRule
  /** Also change students who already have a selection (off: only students without one). */
  overwriteSelections: boolean
}

export interface GraderLabel {
  key: string
  label: string
}

/** `postedGrade` is sent as Canvas's `submission[posted_grade]` (see postedGradeFor). */
export type PlanAction = { type: 'select'; gradeId: number } | { type: 'custom'; score: number; postedGrade: string }

/** A grade in the plan: its score, Canvas's grade text (for a new custom grade: the one Canvas will give it). */
export interface PlanValue {
  score: number | null
  grade: string | null
  source: string
}

export interface PlanChange {
  studentKey: string
  label: string
  /** The current selection; null when nothing is selected. */
  from: PlanValue | null
  to: PlanValue & { score: number }
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
  /** The boundaries the preview sorts grades into (the moderator may edit them). */
  scheme: Boundary[]
  /** Only the final grader (or an admin moderator) may create custom grades. */
  canCustomGrade: boolean
  /** How grades compare; points on `pointsPossible` when left out. */
  scale?: GradeScale
  /**
   * The grading scheme Canvas itself turns scores into letters with (the assignment's, the course's or Canvas's
   * default); null when it could not be read (an account scheme). Left out: `scheme`.
   */
  canvasScheme?: Boundary[] | null
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
    case 'agreed':
      return { mark: marks[0]! }
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

const DECIMAL = /^\d*\.?\d+$/

/**
 * What to send as `submission[posted_grade]` so that Canvas stores exactly `score` as the custom grade, or why
 * that cannot be done. Canvas reads the text with Assignment#interpret_grade (app/models/abstract_assignment.rb):
 * - "N%" is a percentage: `points_possible.to_f * (N.to_f / 100.0)`, whatever the grading type;
 * - a bare number is points — except on letter_grade and gpa_scale, where it is first looked up as a grade name of
 *   the scheme (GradingStandard#place_in_scheme compares numerically with names such as "4.0" or "3"), and a match
 *   scores the top of that grade's band instead. (Older Canvas rejected a bare number on gpa_scale outright.)
 * So points and percent send the number; letters send the percentage when Canvas's own arithmetic on it gives back
 * exactly the score (the same IEEE doubles as Ruby's Float), else the number when the scheme has no grade of that
 * name, else nothing: the student is left for a person rather than given a different score.
 */
export function postedGradeFor(
  score: number,
  scale: GradeScale,
  canvasScheme: Boundary[] | null,
): { text: string } | { reason: string } {
  if (scale.kind === 'points') return { text: String(score) }
  const pp = scale.pointsPossible
  if (scale.kind !== 'letters' || pp === null) return { reason: 'this grading type has no computed grades' }
  const pct = (score / pp) * 100
  const candidates = [String(pct), ...Array.from({ length: 11 }, (_, k) => String(Number(pct.toFixed(k))))]
  for (const t of candidates) if (DECIMAL.test(t) && pp * (Number(t) / 100) === score) return { text: `${t}%` }
  const text = String(score)
  if (canvasScheme && DECIMAL.test(text)) {
    const clash = canvasScheme.find((b) => DECIMAL.test(b.name) && Number(b.name) === score)
    if (!clash) return { text }
    return {
      reason: `Canvas would read the score ${text} as the grade “${clash.name}” of its grading scheme, and the exact score cannot be sent as a percentage`,
    }
  }
  return {
    reason: `the exact score ${text} cannot be sent as a percentage, and as a number Canvas might read it as a grade of a scheme this page could not read`,
  }
}

function leaveReason(c: ClassifiedStudent, scale: GradeScale): string | null {
  if (c.stale) return 'stale grade: regraded work needs a person'
  if (c.cls === 'disagree') {
    const apart = spreadSummary(c.marks, c.spread, scale)
    return usesTolerance(scale)
      ? `graders disagree beyond the tolerance (${apart})`
      : `graders gave different grades (${apart})`
  }
  if (c.cls === 'single') return 'single grader'
  if (c.cls === 'none') return 'no grade yet'
  return null
}

function notOffered(rule: AgreedRule, scale: GradeScale): string {
  if (usesTolerance(scale)) return 'this rule is only for grades compared as grades (pass/fail)'
  const what = isPassFail(scale) ? 'pass/fail grades' : 'letters without points possible'
  return rule.kind === 'higher' || rule.kind === 'lower'
    ? `a higher or lower grade is no rule for ${what}: graders who agree gave the same grade`
    : `${what} cannot be averaged`
}

/** The band a grade falls in: the boundaries where scores decide, the grade itself where grades are compared. */
export type BandContext = Pick<PlanContext, 'pointsPossible' | 'scheme' | 'scale'>

export function bandOf(v: { score: number | null; grade: string | null } | null, ctx: BandContext): string {
  const scale = scaleOf(ctx)
  if (!v || v.score === null) return NO_GRADE
  if (!usesTolerance(scale)) return categoryLabel(v, scale)
  return bandFor(v.score, ctx.pointsPossible, ctx.scheme)
}

function scaleOf(ctx: BandContext): GradeScale {
  return ctx.scale ?? gradeScale({ gradingType: 'points', pointsPossible: ctx.pointsPossible })
}

export function planReconciliation(students: ClassifiedStudent[], rules: RuleSet, ctx: PlanContext): Plan {
  const add = planner(rules, ctx)
  const plan = emptyPlan()
  for (const c of students) add(plan, c)
  return plan
}

/** How many students one step of planInSteps plans: a few milliseconds of work on a slow laptop. */
export const STUDENTS_PER_STEP = 250

/**
 * The same plan as planReconciliation, worked out a slice of students at a time: the generator pauses after each
 * slice, so a caller can let the browser paint and handle input in between (see runInSteps), and returns the plan.
 */
export function* planInSteps(
  students: ClassifiedStudent[],
  rules: RuleSet,
  ctx: PlanContext,
  perStep = STUDENTS_PER_STEP,
): Generator<void, Plan, void> {
  const add = planner(rules, ctx)
  const plan = emptyPlan()
  for (let i = 0; i < students.length; i++) {
    add(plan, students[i]!)
    if ((i + 1) % perStep === 0 && i + 1 < students.length) yield
  }
  return plan
}

function emptyPlan(): Plan {
  return { changes: [], unchanged: 0, keptSelections: 0, left: [] }
}

/** What the rules do with one student, added to a plan; what does not depend on the student is worked out once. */
function planner(rules: RuleSet, ctx: PlanContext): (plan: Plan, c: ClassifiedStudent) => void {
  const scale = scaleOf(ctx)
  const offered = rulesFor(scale).includes(rules.agreed.kind)
  const canvasScheme = ctx.canvasScheme === undefined ? ctx.scheme : ctx.canvasScheme
  const label = new Map(ctx.graders.map((g) => [g.key, g.label]))
  const sourceOf = (graderKey: string | null) =>
    graderKey === null ? CUSTOM_SOURCE : (label.get(graderKey) ?? 'Unknown grader')
  const max = ctx.pointsPossible && ctx.pointsPossible > 0 ? ctx.pointsPossible * 2 : Infinity

  return (plan, c) => {
    const reason = leaveReason(c, scale)
    if (reason) {
      plan.left.push({ studentKey: c.key, label: c.label, reason })
      return
    }
    if (c.selected && !rules.overwriteSelections) {
      plan.keptSelections++
      return
    }
    const pick: RuleChoice = offered ? pickFor(c.marks, rules.agreed) : { reason: notOffered(rules.agreed, scale) }
    if ('reason' in pick) {
      plan.left.push({ studentKey: c.key, label: c.label, reason: pick.reason })
      return
    }
    let action: PlanAction
    let to: PlanChange['to']
    if ('mark' in pick) {
      action = { type: 'select', gradeId: pick.mark.gradeId }
      to = { score: pick.mark.score, grade: pick.mark.grade, source: sourceOf(pick.mark.graderKey) }
    } else {
      // A grader already gave exactly this score, or the custom grade already has it: select that, create nothing.
      const same = c.marks.find((m) => m.score === pick.score)
      if (same) {
        action = { type: 'select', gradeId: same.gradeId }
        to = { score: same.score, grade: same.grade, source: sourceOf(same.graderKey) }
      } else if (c.custom && c.custom.score === pick.score && !c.custom.stale) {
        action = { type: 'select', gradeId: c.custom.gradeId }
        to = { score: pick.score, grade: c.custom.grade, source: CUSTOM_SOURCE }
      } else if (!ctx.canCustomGrade) {
        plan.left.push({
          studentKey: c.key,
          label: c.label,
          reason: 'needs a custom grade, which only the final grader can create',
        })
        return
      } else if (pick.score < 0 || pick.score > max) {
        plan.left.push({ studentKey: c.key, label: c.label, reason: `custom grade ${pick.score} is out of range` })
        return
      } else {
        const posted = postedGradeFor(pick.score, scale, canvasScheme)
        if ('reason' in posted) {
          plan.left.push({ studentKey: c.key, label: c.label, reason: posted.reason })
          return
        }
        action = { type: 'custom', score: pick.score, postedGrade: posted.text }
        // The grade Canvas will write for the score (Assignment#score_to_grade): the letter of its scheme.
        const grade =
          scale.kind === 'letters' ? bandFor(pick.score, ctx.pointsPossible, canvasScheme ?? ctx.scheme) : null
        to = { score: pick.score, grade, source: CUSTOM_SOURCE }
      }
    }
    if (action.type === 'select' && action.gradeId === c.selectedGradeId) {
      plan.unchanged++
      return
    }
    const from = c.selected
      ? { score: c.selected.score, grade: c.selected.grade, source: sourceOf(c.selected.graderKey) }
      : null
    plan.changes.push({
      studentKey: c.key,
      label: c.label,
      from,
      to,
      action,
      fromBand: bandOf(from, ctx),
      toBand: bandOf(to, ctx),
    })
  }
}

/** Changes that move a student across a grade boundary (from a selected grade to a different band). */
export function boundaryCrossings(plan: Plan): PlanChange[] {
  return plan.changes.filter((c) => c.from !== null && c.from.score !== null && c.fromBand !== c.toBand)
}

type Value = { score: number | null; grade: string | null } | null

/** Grades per student now (selected grade) and after the plan, for the distribution comparison. */
export function valuesBeforeAfter(students: ClassifiedStudent[], plan: Plan): { before: Value[]; after: Value[] } {
  const byKey = new Map(plan.changes.map((c) => [c.studentKey, c.to]))
  const before = students.map((s) => s.selected)
  const after = students.map((s) => byKey.get(s.key) ?? s.selected)
  return { before, after }
}

/** Scores per student now (selected grade) and after the plan. */
export function scoresBeforeAfter(
  students: ClassifiedStudent[],
  plan: Plan,
): { before: (number | null)[]; after: (number | null)[] } {
  const { before, after } = valuesBeforeAfter(students, plan)
  return { before: before.map((v) => v?.score ?? null), after: after.map((v) => v?.score ?? null) }
}

/**
 * Count of students per band, "No grade" last (only if any). Where scores decide, the bands are the boundaries in
 * their order; where grades are compared as grades, they are the grades (pass/fail: Complete, then Incomplete).
 */
export function distributionOf(values: Value[], ctx: BandContext): { band: string; count: number }[] {
  const scale = scaleOf(ctx)
  if (usesTolerance(scale))
    return distribution(
      values.map((v) => v?.score ?? null),
      ctx.pointsPossible,
      ctx.scheme,
    )
  const counts = new Map<string, number>(
    isPassFail(scale)
      ? [
          ['Complete', 0],
          ['Incomplete', 0],
        ]
      : [],
  )
  const keys = new Map<string, string>()
  let none = 0
  for (const v of values) {
    if (!v || v.score === null) {
      none++
      continue
    }
    // One band per grade, however Canvas spelled it ("b+" and "B+" are one letter).
    const key = categoryKey(v, scale)
    const band = keys.get(key) ?? categoryLabel(v, scale)
    keys.set(key, band)
    counts.set(band, (counts.get(band) ?? 0) + 1)
  }
  const out = [...counts].map(([band, count]) => ({ band, count }))
  if (none > 0) out.push({ band: NO_GRADE, count: none })
  return out
}

/** What the preview shows besides the plan itself; worked out once per plan, not on every render. */
export interface PlanFigures {
  /** Changes that create a custom grade. */
  customs: number
  crossings: PlanChange[]
  /** Distribution of the selected grades now and after the plan (distributionOf). */
  now: { band: string; count: number }[]
  after: { band: string; count: number }[]
}

export function planFigures(students: ClassifiedStudent[], plan: Plan, ctx: BandContext): PlanFigures {
  return drain(figuresInSteps(students, plan, ctx))
}

/** planFigures, pausing between its passes over the roster (each is one pass over every student). */
export function* figuresInSteps(
  students: ClassifiedStudent[],
  plan: Plan,
  ctx: BandContext,
): Generator<void, PlanFigures, void> {
  const customs = plan.changes.filter((c) => c.action.type === 'custom').length
  const crossings = boundaryCrossings(plan)
  if (!usesTolerance(scaleOf(ctx))) {
    const { before, after } = valuesBeforeAfter(students, plan)
    yield
    const now = distributionOf(before, ctx)
    yield
    return { customs, crossings, now, after: distributionOf(after, ctx) }
  }
  // Where the boundaries decide, a change moves its student from the band of the selection (fromBand) to that of
  // the new grade (toBand), the same bands distributionOf gives them: "after" is "now" with those moves, and no
  // second pass over the whole roster is needed.
  const now = distribution(
    students.map((s) => s.selected?.score ?? null),
    ctx.pointsPossible,
    ctx.scheme,
  )
  yield
  const counts = new Map(now.map((d) => [d.band, d.count]))
  for (const c of plan.changes) {
    counts.set(c.fromBand, (counts.get(c.fromBand) ?? 0) - 1)
    counts.set(c.toBand, (counts.get(c.toBand) ?? 0) + 1)
  }
  const none = counts.get(NO_GRADE) ?? 0
  counts.delete(NO_GRADE)
  const after = [...counts].map(([band, count]) => ({ band, count }))
  if (none > 0) after.push({ band: NO_GRADE, count: none })
  return { customs, crossings, now, after }
}

/** The plan and its figures, in steps (planInSteps, then figuresInSteps). */
export function* planAndFiguresInSteps(
  students: ClassifiedStudent[],
  rules: RuleSet,
  ctx: PlanContext,
): Generator<void, { plan: Plan; figures: PlanFigures }, void> {
  const plan = yield* planInSteps(students, rules, ctx)
  yield
  const figures = yield* figuresInSteps(students, plan, ctx)
  return { plan, figures }
}

/** Runs steps to the end at once. */
export function drain<T>(steps: Generator<void, T, void>): T {
  for (;;) {
    const r = steps.next()
    if (r.done) return r.value
  }
}
