import { formatNumber } from '../../../lib/format'
import type { ClassifiedStudent } from '../../../lib/moderation/classify'
import { iccComplete, iccOneWay, type OneWayIccResult } from '../../../lib/stats/icc'
import { krippendorffAlpha, type AlphaResult } from '../../../lib/stats/krippendorff'
import { mean, sampleSd } from '../../../lib/stats/summary'

export interface GraderLabel {
  key: string
  label: string
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
}

export interface Agreement {
  /** Students marked by two or more graders. */
  multiMarked: number
  alpha: AlphaResult
  icc: OneWayIccResult | null
  pairs: PairStats[]
  graders: GraderStats[]
}

const EPS = 1e-9

/** Agreement figures over the students that two or more graders marked (a student's custom grade is not a mark). */
export function computeAgreement(
  students: ClassifiedStudent[],
  graders: GraderLabel[],
  tolerancePts: number,
): Agreement {
  const multi = students.filter((s) => s.marks.length >= 2)
  const alpha = krippendorffAlpha(
    multi.map((s) => s.marks.map((m) => m.score)),
    'interval',
  )
  const icc = iccOneWay(multi.map((s) => s.marks.map((m) => m.score)))

  const pairs: PairStats[] = []
  for (let i = 0; i < graders.length; i++) {
    for (let j = i + 1; j < graders.length; j++) {
      const a = graders[i]!
      const b = graders[j]!
      const points: { x: number; y: number }[] = []
      for (const s of multi) {
        const ma = s.marks.find((m) => m.graderKey === a.key)
        const mb = s.marks.find((m) => m.graderKey === b.key)
        if (ma && mb) points.push({ x: ma.score, y: mb.score })
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
        icc21: iccComplete(points.map((p) => [p.x, p.y]))?.icc21 ?? null,
        points,
      })
    }
  }

  const graderStats: GraderStats[] = graders.map((g) => {
    const scores: number[] = []
    const deviations: number[] = []
    for (const s of students) {
      const own = s.marks.find((m) => m.graderKey === g.key)
      if (!own) continue
      scores.push(own.score)
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
    }
  })

  return { multiMarked: multi.length, alpha, icc, pairs, graders: graderStats }
}

/** "marks 1.25 points higher than the others (lenient)". */
export function describeSeverity(s: number | null): string {
  if (s === null) return 'no shared students'
  if (Math.abs(s) < 0.005) return 'marks in line with the others'
  return `marks ${formatNumber(Math.abs(s), 2)} points ${s > 0 ? 'higher' : 'lower'} than the others (${s > 0 ? 'lenient' : 'severe'})`
}

/** "Krippendorff's alpha 0.85: good agreement" — Krippendorff's own guide: ≥ .800 reliable, ≥ .667 tentative. */
export function describeAlpha(alpha: number | null): string {
  if (alpha === null) return 'not enough double-marked students with varying scores'
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
