import { formatNumber } from '../../../lib/format'
import type { ClassifiedStudent, Mark } from '../../../lib/moderation/classify'
import {
  categoryKey,
  categoryLabel,
  isPassFail,
  pointsScale,
  type GradeScale,
} from '../../../lib/moderation/grade-scale'
import { iccComplete, iccOneWay, type OneWayIccResult } from '../../../lib/stats/icc'
import { krippendorffAlpha, type AlphaMetric, type AlphaResult } from '../../../lib/stats/krippendorff'
import { mean, sampleSd } from '../../../lib/stats/summary'

export interface GraderLabel {
  key: string
  label: string
}

/**
 * Which agreement measure fits the grading type, and why (one plain sentence for the panel).
 *
 * - points, percent: Krippendorff's alpha with the interval metric, and ICC: scores are points with equal steps,
 *   so how far apart two graders are is what counts.
 * - letter_grade, gpa_scale with points possible: the ordinal metric on the scores. Canvas stores a typed letter
 *   as the top of its band (GradingStandard#grade_to_score: A 100%, A- 93.99…, B+ 89.99…), so the scores are
 *   mostly a few ordered levels with unequal gaps set by the scheme; the interval metric (and ICC) would weigh an
 *   A/A- difference as bigger than an A-/B+ one only because the A band is wider. Ordinal alpha uses just the
 *   order of the scores (Krippendorff 2011 §E), and keeps the finer order of scores typed in points. No ICC, for the
 *   same reason; differences in points are still shown, as points are what the tolerance measures.
 * - pass_fail (and letters without points possible, which Canvas all scores 0): the nominal metric on the grades
 *   themselves — graders gave the same grade or not. No ICC, no means or charts in points.
 * - not_graded: nothing to measure (null).
 */
export interface Measure {
  metric: AlphaMetric
  /** Scores in points mean something here: differences, means, scatter plots and histograms are shown. */
  scores: boolean
  /** ICC (interval data only). */
  icc: boolean
  why: string
}

export function measureFor(scale: GradeScale): Measure | null {
  switch (scale.kind) {
    case 'points':
      return {
        metric: 'interval',
        scores: true,
        icc: true,
        why: 'Krippendorff’s alpha for interval data, because scores in points have equal steps: graders 4 points apart disagree more than graders 1 point apart.',
      }
    case 'letters':
      return {
        metric: 'ordinal',
        scores: true,
        icc: false,
        why: 'Krippendorff’s alpha for ordinal data on the scores, because letter grades are in order but their steps are not equal (each band of the scheme has its own width), so only the order of the scores counts.',
      }
    case 'categories':
      return {
        metric: 'nominal',
        scores: false,
        icc: false,
        why: isPassFail(scale)
          ? 'Krippendorff’s alpha for nominal data, because a pass/fail grade is complete or incomplete: graders either give the same grade or they do not.'
          : 'Krippendorff’s alpha for nominal data on the letters, because with no points possible Canvas scores every letter 0, so only whether graders gave the same letter can be compared.',
      }
    case 'none':
      return null
  }
}

export interface PairStats {
  a: GraderLabel
  b: GraderLabel
  /** Students both graders scored. */
  n: number
  /** Mean of (a − b): positive when a marks higher. */
  meanDiff: number | null
  meanAbsDiff: number | null
  /** Share (0..1) of shared students whose two scores are within the tolerance. */
  withinTolerance: number | null
  /** Share (0..1) of shared students given the same grade (the same letter, the same pass/fail grade). */
  sameGrade: number | null
  /** ICC(2,1) on the shared students (crossed design; absolute agreement; see lib/stats/icc.ts). */
  icc21: number | null
  points: { x: number; y: number }[]
}

export interface GraderStats {
  grader: GraderLabel
  /** Students this grader scored. */
  n: number
  mean: number | null
  /** Sample standard deviation of the grader's scores. */
  sd: number | null
  /** Mean of (own score − mean of the other graders' scores) on students marked by 2+ graders; + = lenient. */
  severity: number | null
  shared: number
  scores: number[]
  /** How many students the grader gave each grade, in the order of Agreement.categories. */
  counts: number[]
}

export interface Agreement {
  /** Students marked by two or more graders. */
  multiMarked: number
  alpha: AlphaResult
  icc: OneWayIccResult | null
  pairs: PairStats[]
  graders: GraderStats[]
  /** The measure used; null when there is nothing to measure (not graded). */
  measure: Measure | null
  /** The grades seen, as labels (pass/fail: Complete, Incomplete), for the per-grader counts. */
  categories: string[]
}

const EPS = 1e-9

/**
 * Agreement figures over the students that two or more graders marked (a student's custom grade is not a mark),
 * with the measure that fits the grading type (measureFor).
 */
export function computeAgreement(
  students: ClassifiedStudent[],
  graders: GraderLabel[],
  tolerancePts: number,
  scale: GradeScale = pointsScale,
): Agreement {
  const measure = measureFor(scale)
  const multi = students.filter((s) => s.marks.length >= 2)
  // Grades as categories: one number per distinct grade, for nominal alpha and the per-grader counts.
  const categoryIds = new Map<string, number>()
  const categories: string[] = isPassFail(scale) ? ['Complete', 'Incomplete'] : []
  if (isPassFail(scale)) categoryIds.set('complete', 0).set('incomplete', 1)
  const categoryOf = (m: Mark) => {
    const key = categoryKey(m, scale)
    let id = categoryIds.get(key)
    if (id === undefined) {
      id = categories.push(categoryLabel(m, scale)) - 1
      categoryIds.set(key, id)
    }
    return id
  }
  const valueOf = measure?.metric === 'nominal' ? categoryOf : (m: Mark) => m.score
  const alpha = measure
    ? krippendorffAlpha(
        multi.map((s) => s.marks.map(valueOf)),
        measure.metric,
      )
    : krippendorffAlpha([])
  const icc = measure?.icc ? iccOneWay(multi.map((s) => s.marks.map((m) => m.score))) : null

  const pairs: PairStats[] = []
  for (let i = 0; i < graders.length; i++) {
    for (let j = i + 1; j < graders.length; j++) {
      const a = graders[i]!
      const b = graders[j]!
      const points: { x: number; y: number }[] = []
      let same = 0
      for (const s of multi) {
        const ma = s.marks.find((m) => m.graderKey === a.key)
        const mb = s.marks.find((m) => m.graderKey === b.key)
        if (!ma || !mb) continue
        points.push({ x: ma.score, y: mb.score })
        if (categoryKey(ma, scale) === categoryKey(mb, scale)) same++
      }
      const diffs = points.map((p) => p.x - p.y)
      pairs.push({
        a,
        b,
        n: points.length,
        meanDiff: mean(diffs),
        meanAbsDiff: mean(diffs.map(Math.abs)),
        withinTolerance: points.length
          ? diffs.filter((d) => Math.abs(d) <= tolerancePts + EPS).length / points.length
          : null,
        sameGrade: points.length ? same / points.length : null,
        icc21: measure?.icc ? (iccComplete(points.map((p) => [p.x, p.y]))?.icc21 ?? null) : null,
        points,
      })
    }
  }

  // Every grade gets its category first, so each grader's counts cover all of them.
  for (const s of students) for (const m of s.marks) categoryOf(m)
  const graderStats: GraderStats[] = graders.map((g) => {
    const scores: number[] = []
    const deviations: number[] = []
    const counts = categories.map(() => 0)
    for (const s of students) {
      const own = s.marks.find((m) => m.graderKey === g.key)
      if (!own) continue
      scores.push(own.score)
      counts[categoryOf(own)]!++
      const others = s.marks.filter((m) => m.graderKey !== g.key)
      const othersMean = mean(others.map((m) => m.score))
      if (othersMean !== null) deviations.push(own.score - othersMean)
    }
    return {
      grader: g,
      n: scores.length,
      mean: mean(scores),
      sd: sampleSd(scores),
      severity: mean(deviations),
      shared: deviations.length,
      scores,
      counts,
    }
  })

  return { multiMarked: multi.length, alpha, icc, pairs, graders: graderStats, measure, categories }
}

/** "marks 1.25 points higher than the others (lenient)". */
export function describeSeverity(s: number | null): string {
  if (s === null) return 'no shared students'
  if (Math.abs(s) < 0.005) return 'marks in line with the others'
  return `marks ${formatNumber(Math.abs(s), 2)} points ${s > 0 ? 'higher' : 'lower'} than the others (${s > 0 ? 'lenient' : 'severe'})`
}

/** "Krippendorff's alpha 0.85: good agreement" — Krippendorff's own guide: ≥ .800 reliable, ≥ .667 tentative. */
export function describeAlpha(alpha: number | null): string {
  if (alpha === null) return 'not enough double-marked students with varying grades'
  if (alpha >= 0.8) return 'reliable (α ≥ 0.800)'
  if (alpha >= 0.667) return 'tentative conclusions only (0.667 ≤ α < 0.800)'
  return 'unreliable (α < 0.667)'
}

/** Histogram bins over [0, max] with `count` equal bins; the top edge is inclusive. */
export function histogram(scores: number[], max: number, count = 10): { from: number; to: number; n: number }[] {
  const top = max > 0 ? max : Math.max(1, ...scores)
  const width = top / count
  const bins = Array.from({ length: count }, (_, i) => ({ from: i * width, to: (i + 1) * width, n: 0 }))
  for (const s of scores) {
    const i = Math.min(count - 1, Math.max(0, Math.floor(s / width)))
    bins[i]!.n++
  }
  return bins
}
