/**
 * Sample moderation (UK double-marking practice): the moderator combines rules, and the sample is the union of the
 * students each rule picks, each with its reasons. Pure: the sampling panel previews it, and what it picks is what
 * is written to Canvas's moderation set.
 *
 * Decisions, so that a sample can be explained and reproduced:
 * - Only students graded so far are sampled: those with at least one scored provisional grade from a grader (the
 *   final grader's custom grade is not a grader's mark and does not count).
 * - A student's mark is the mean of the graders' scores: the only grader's score when there is one. The mean does
 *   not depend on which grader Canvas happens to list first, which "the first marker" would.
 * - The targeted rules (fails, near a boundary, top, bottom) each pick on their own; a student two of them pick
 *   has both reasons.
 * - "Across the range" (a count, a percentage or MAX(6, ⌈√n⌉), n = students graded so far) then adds that many
 *   students that no targeted rule picked, evenly spaced through the marks from lowest to highest, so the sample
 *   covers the whole range rather than piling up where other rules already looked.
 * - "Random" comes last and draws from the graded students no other rule picked, so it always adds new students.
 *   It shuffles them in the order of their row keys (not names or the grid's sort) with a seeded PRNG, so the same
 *   seed, rules and grades give the same sample in any browser.
 */
import { formatNumber, round2 } from '../format'
import type { ClassifiedStudent } from './classify'
import { gradeScale, isPassFail, passFailOf, pointsText, usesTolerance, type ScaleInput } from './grade-scale'

/** A grading scheme entry as Canvas lists it: `value` is the lower bound as a fraction of points possible. */
export interface SchemeBoundary {
  name: string
  value: number
}

export type RangeSize = { kind: 'count'; count: number } | { kind: 'percent'; percent: number } | { kind: 'sqrt' }

export interface SampleRules {
  /** A sample spread across the range of marks, of this size. */
  range?: RangeSize
  /** Everyone below the pass mark, in points. Pass/fail: everyone a grader marked incomplete (no pass mark). */
  fails?: { passMark: number }
  /** Everyone within `margin` points of a grade boundary of the scheme. */
  nearBoundary?: { margin: number }
  top?: number
  bottom?: number
  random?: { count: number; seed: number }
}

export interface SampleContext {
  scale: ScaleInput
  /** The assignment's grading scheme (any order), for "near a boundary". */
  scheme?: readonly SchemeBoundary[] | null
}

export interface SamplePick {
  studentKey: string
  /** Absent for anonymous rows: Canvas hides the user id until grades are published. */
  userId?: number
  label: string
  /** The mean of the graders' scores (points). */
  mark: number
  reasons: string[]
}

export type SampleRuleId = keyof SampleRules

export interface SamplePlan {
  /** Highest mark first, then by label. */
  picks: SamplePick[]
  /** Students graded so far: the population every rule draws from. */
  graded: number
  /** How many "across the range" was asked for (before running out of students). */
  rangeSize: number
  /** Rules that cannot apply to this assignment, and why. */
  skipped: { rule: SampleRuleId; why: string }[]
}

const EPS = 1e-9
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })

/** mulberry32: a small seeded PRNG (uniform floats in [0, 1)); the same seed gives the same sequence everywhere. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A new seed to show (six digits, easy to read out and type back). */
export function newSeed(random: () => number = Math.random): number {
  return 100_000 + Math.floor(random() * 900_000)
}

/** The student's mark for sampling: the mean of the graders' scores; null when no grader has scored them. */
export function sampleMark(c: Pick<ClassifiedStudent, 'marks'>): number | null {
  if (c.marks.length === 0) return null
  return c.marks.reduce((sum, m) => sum + m.score, 0) / c.marks.length
}

/** How many "across the range" means for `graded` students (at most `graded`). */
export function rangeSizeFor(size: RangeSize, graded: number): number {
  const n =
    size.kind === 'count'
      ? Math.floor(size.count)
      : size.kind === 'percent'
        ? Math.ceil((size.percent / 100) * graded - EPS)
        : Math.max(6, Math.ceil(Math.sqrt(graded) - EPS))
  return Math.max(0, Math.min(graded, n))
}

/** The boundaries a mark can be near: every lower bound above 0, in points, highest first. */
export function boundariesInPoints(
  scheme: readonly SchemeBoundary[],
  pointsPossible: number,
): { name: string; points: number }[] {
  return scheme
    .filter((b) => b.value > EPS)
    .map((b) => ({ name: b.name, points: round2(b.value * pointsPossible) }))
    .sort((a, b) => b.points - a.points)
}

/** The lowest passing grade of a scheme: the lowest boundary above 0 (below it is the scheme's lowest band). */
export function lowestPassingBoundary(scheme: readonly SchemeBoundary[]): SchemeBoundary | null {
  let low: SchemeBoundary | null = null
  for (const b of scheme) if (b.value > EPS && (low === null || b.value < low.value)) low = b
  return low
}

interface Graded {
  c: ClassifiedStudent
  mark: number
  /** Position in gradedByMark's order. */
  rank: number
}

// Sorting by label is the costly part (Intl.Collator on every tie, and marks tie a lot); the roster array is the
// same object until a grade changes, so each rule change re-plans without sorting again.
const sortedCache = new WeakMap<readonly ClassifiedStudent[], Graded[]>()

/** Graded students, lowest mark first; equal marks by label, then key, so "bottom 3" is the same three every time. */
function gradedByMark(students: readonly ClassifiedStudent[]): Graded[] {
  const hit = sortedCache.get(students)
  if (hit) return hit
  const graded: Omit<Graded, 'rank'>[] = []
  for (const c of students) {
    const mark = sampleMark(c)
    if (mark !== null) graded.push({ c, mark })
  }
  graded.sort((a, b) => a.mark - b.mark || collator.compare(a.c.label, b.c.label) || (a.c.key < b.c.key ? -1 : 1))
  const out = graded.map((g, rank) => ({ ...g, rank }))
  sortedCache.set(students, out)
  return out
}

function nearestBoundary(mark: number, bounds: { name: string; points: number }[]) {
  let best: { name: string; points: number; dist: number } | null = null
  for (const b of bounds) {
    const dist = Math.abs(mark - b.points)
    if (best === null || dist < best.dist - EPS) best = { ...b, dist }
  }
  return best
}

function boundaryReason(mark: number, b: { name: string; points: number; dist: number }): string {
  const where = `the ${b.name} boundary (${formatNumber(b.points)})`
  if (b.dist < EPS) return `On ${where}`
  return `${pointsText(round2(b.dist))} ${mark < b.points ? 'below' : 'above'} ${where}`
}

/** `k` of `pool` (sorted by mark) evenly spaced from lowest to highest: position ⌊(i + ½)·m / k⌋ for i < k. */
function evenlySpaced<T>(pool: readonly T[], k: number): T[] {
  const out: T[] = []
  for (let i = 0; i < k; i++) out.push(pool[Math.floor(((i + 0.5) * pool.length) / k)]!)
  return out
}

/** `k` of `pool` drawn without replacement (a partial Fisher–Yates shuffle driven by mulberry32(seed)). */
export function seededDraw<T>(pool: readonly T[], k: number, seed: number): T[] {
  const items = [...pool]
  const next = mulberry32(seed)
  const n = Math.min(k, items.length)
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(next() * (items.length - i))
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
  return items.slice(0, n)
}

/** Which rules this assignment's grading type allows, and why the others do not apply. */
export function skippedRules(ctx: SampleContext): SamplePlan['skipped'] {
  const scale = gradeScale(ctx.scale)
  const skipped: SamplePlan['skipped'] = []
  const byScore = usesTolerance(scale)
  if (!byScore && !isPassFail(scale))
    skipped.push({ rule: 'fails', why: 'Letter grades without points possible have no pass mark to compare with.' })
  if (!byScore || scale.pointsPossible === null)
    skipped.push({
      rule: 'nearBoundary',
      why: 'Grade boundaries need scores and points possible, which this assignment does not have.',
    })
  else if (!ctx.scheme || boundariesInPoints(ctx.scheme, scale.pointsPossible).length === 0)
    skipped.push({ rule: 'nearBoundary', why: 'No grading scheme with boundaries is known for this assignment.' })
  if (!byScore) {
    const why = 'Marks on this assignment are grades, not scores, so there is no top or bottom.'
    skipped.push({ rule: 'top', why }, { rule: 'bottom', why })
  }
  return skipped
}

/** The union of the students each rule picks, with every reason it was picked. */
export function planSample(students: readonly ClassifiedStudent[], rules: SampleRules, ctx: SampleContext): SamplePlan {
  const scale = gradeScale(ctx.scale)
  const skipped = skippedRules(ctx)
  const applies = (rule: SampleRuleId) => rules[rule] !== undefined && !skipped.some((s) => s.rule === rule)
  const byMark = gradedByMark(students)
  const reasons = new Map<string, { g: Graded; reasons: string[] }>()
  const pick = (g: Graded, reason: string) => {
    const hit = reasons.get(g.c.key)
    if (hit) hit.reasons.push(reason)
    else reasons.set(g.c.key, { g, reasons: [reason] })
  }

  if (applies('fails')) {
    if (isPassFail(scale)) {
      for (const g of byMark)
        if (g.c.marks.some((m) => passFailOf(m, scale.pointsPossible) === 'incomplete')) pick(g, 'Marked incomplete')
    } else {
      const passMark = rules.fails!.passMark
      for (const g of byMark) if (g.mark < passMark - EPS) pick(g, `Below the pass mark (${formatNumber(passMark)})`)
    }
  }
  if (applies('nearBoundary') && scale.pointsPossible !== null) {
    const bounds = boundariesInPoints(ctx.scheme!, scale.pointsPossible)
    const margin = rules.nearBoundary!.margin
    for (const g of byMark) {
      const b = nearestBoundary(g.mark, bounds)
      if (b && b.dist <= margin + EPS) pick(g, boundaryReason(g.mark, b))
    }
  }
  if (applies('bottom')) for (const g of byMark.slice(0, Math.max(0, rules.bottom!))) pick(g, `Bottom ${rules.bottom}`)
  if (applies('top'))
    for (const g of byMark.slice(Math.max(0, byMark.length - rules.top!)).reverse()) pick(g, `Top ${rules.top}`)

  let rangeSize = 0
  if (applies('range')) {
    rangeSize = rangeSizeFor(rules.range!, byMark.length)
    const pool = byMark.filter((g) => !reasons.has(g.c.key))
    for (const g of evenlySpaced(pool, Math.min(rangeSize, pool.length))) pick(g, 'Across the range of marks')
  }
  if (applies('random')) {
    const { count, seed } = rules.random!
    const pool = byMark.filter((g) => !reasons.has(g.c.key)).sort((a, b) => (a.c.key < b.c.key ? -1 : 1))
    for (const g of seededDraw(pool, Math.max(0, Math.floor(count)), seed)) pick(g, `Random (seed ${seed})`)
  }

  const picks = [...reasons.values()]
    .sort((a, b) => b.g.mark - a.g.mark || a.g.rank - b.g.rank)
    .map(({ g, reasons: why }) => ({
      studentKey: g.c.key,
      ...(g.c.userId !== undefined ? { userId: g.c.userId } : {}),
      label: g.c.label,
      mark: g.mark,
      reasons: why,
    }))
  return { picks, graded: byMark.length, rangeSize, skipped }
}
