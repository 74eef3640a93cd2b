/**
 * Grades by grading type, as Canvas computes them (app/models/abstract_assignment.rb `score_to_grade`,
 * `interpret_grade`, `grade_to_score`, `grading_standard_or_default`; app/models/grading_standard.rb; the late
 * policy of app/models/late_policy.rb).
 *
 * - points: the score as text, whole numbers without a decimal part (`round_if_whole`);
 * - percent: `score / points_possible * 100`, rounded to 2 places, with "%";
 * - letter_grade: the scheme's grade for that percentage — the assignment's scheme, else the course's, else
 *   Canvas's default (A 94, A- 90, B+ 87, …);
 * - pass_fail: "complete" for a score above 0 (of a pointed assignment), else "incomplete"; only 0 or
 *   points_possible are scores (`grade_to_score`), anything else is no score.
 */
import type { Assignment, Course, GradingStandard, LatePolicy } from './types'
import type { World } from './world'

/** `GradingStandard.default_grading_scheme`, highest first. */
export const DEFAULT_GRADING_SCHEME: ReadonlyArray<readonly [string, number]> = [
  ['A', 0.94],
  ['A-', 0.9],
  ['B+', 0.87],
  ['B', 0.84],
  ['B-', 0.8],
  ['C+', 0.77],
  ['C', 0.74],
  ['C-', 0.7],
  ['D+', 0.67],
  ['D', 0.64],
  ['D-', 0.61],
  ['F', 0],
]

interface Scheme {
  data: ReadonlyArray<readonly [string, number]>
  points_based: boolean
  scaling_factor: number
}

const DEFAULT_SCHEME: Scheme = { data: DEFAULT_GRADING_SCHEME, points_based: false, scaling_factor: 1 }

/** Floats from decimal arithmetic, cleaned the way Canvas's BigDecimal avoids (0.545 * 100 → 54.5). */
function clean(n: number): number {
  return Math.round(n * 1e9) / 1e9
}

function round2(n: number): number {
  return Math.round(n * 100) / 100
}

/** Ruby's `round_if_whole(x).to_s` for a Float: 8.0 → "8", 8.5 → "8.5". */
function numberText(n: number): string {
  return String(round2(n))
}

/** `grading_standard_or_default`: the assignment's scheme, the course's, else Canvas's default. */
export function schemeOf(world: World, a: Assignment): Scheme {
  const course: Course | undefined = world.courses.get(a.course_id)
  const active = (id: number | null | undefined): GradingStandard | undefined => {
    const gs = id === null || id === undefined ? undefined : world.gradingStandards.get(id)
    return gs?.workflow_state === 'active' ? gs : undefined
  }
  return active(a.grading_standard_id) ?? active(course?.grading_standard_id) ?? DEFAULT_SCHEME
}

/** `GradingStandard#score_to_grade(percent)`: the highest grade whose lower bound the score reaches, else the lowest. */
function schemeGrade(scheme: Scheme, percent: number): string {
  const score = Math.max(0, clean(percent))
  let best: readonly [string, number] | undefined
  for (const entry of scheme.data) {
    if (score >= clean(entry[1] * 100) && (!best || entry[1] > best[1])) best = entry
  }
  return (best ?? [...scheme.data].sort((x, y) => x[1] - y[1])[0]!)[0]
}

/**
 * `GradingStandard#grade_to_score`: the top of the grade's band, as a percentage (the first grade is 100; others
 * step one point below the next grade up, or 0.1 where the band is narrower than that).
 */
function schemeScore(scheme: Scheme, grade: string): number | null {
  const ordered = [...scheme.data].sort((x, y) => y[1] - x[1])
  const numeric = /^(\d*[.])?\d+$/
  let idx = numeric.test(grade)
    ? ordered.findIndex(([name]) => numeric.test(name) && Number(name) === Number(grade))
    : ordered.findIndex(([name]) => name.toLowerCase() === grade.toLowerCase())
  if (idx < 0 && /.+−$/.test(grade)) {
    const ascii = grade.replace(/−$/, '-').toLowerCase()
    idx = ordered.findIndex(([name]) => name.toLowerCase() === ascii)
  }
  if (idx < 0) return null
  if (idx === 0) return 100
  const above = ordered[idx - 1]![1]
  if (scheme.points_based) return clean(((above * scheme.scaling_factor - 0.1) / scheme.scaling_factor) * 100)
  const step = Math.abs(ordered[idx]![1] - above) >= 0.01 ? 1 : 0.1
  return clean(above * 100 - step)
}

/** `Assignment#uses_grading_standard`: letter grades and GPA scales read their grades from the scheme. */
function usesGradingStandard(a: Assignment): boolean {
  return a.grading_type === 'letter_grade' || a.grading_type === 'gpa_scale'
}

/** `Assignment#score_to_grade(score, given_grade)`. */
export function scoreToGrade(world: World, a: Assignment, score: number | null, givenGrade?: string): string | null {
  if (score === null) return null
  switch (a.grading_type) {
    case 'percent':
      return `${numberText(a.points_possible > 0 ? (score / a.points_possible) * 100 : score)}%`
    case 'pass_fail': {
      const passed = a.points_possible > 0 ? score > 0 : givenGrade === 'complete' || givenGrade === 'pass'
      return passed ? 'complete' : 'incomplete'
    }
    case 'letter_grade':
    case 'gpa_scale':
      if (a.points_possible > 0) return schemeGrade(schemeOf(world, a), (score / a.points_possible) * 100)
      return givenGrade ?? schemeGrade(schemeOf(world, a), score)
    default:
      return numberText(score)
  }
}

/** `Assignment#interpret_grade`: percent, number, pass/complete, fail/incomplete, or a letter of the scheme. */
function interpretGrade(world: World, a: Assignment, grade: string): number | null {
  const text = grade.trim()
  if (/^[+-]?\d*\.?\d+%$/.test(text)) return clean((a.points_possible * Number(text.slice(0, -1))) / 100)
  if (/^[+-]?\d*\.?\d+$/.test(text)) {
    const fromScheme = usesGradingStandard(a) ? schemeScore(schemeOf(world, a), text) : null
    return fromScheme === null ? Number(text) : clean((a.points_possible * fromScheme) / 100)
  }
  if (text === 'pass' || text === 'complete') return a.points_possible
  if (text === 'fail' || text === 'incomplete') return 0
  const fromScheme = usesGradingStandard(a) ? schemeScore(schemeOf(world, a), text) : null
  return fromScheme === null ? null : clean((a.points_possible * fromScheme) / 100)
}

/** `Assignment#grade_to_score`: null for a grade that is no score here (pass_fail takes only 0 or full points). */
export function gradeToScore(world: World, a: Assignment, grade: string): number | null {
  if (grade.trim() === '') return null
  const parsed = interpretGrade(world, a, grade)
  if (a.grading_type !== 'pass_fail') return parsed
  if (parsed === a.points_possible) return a.points_possible
  return parsed === 0 ? 0 : null
}

const POINT_DEDUCTIBLE: ReadonlySet<string> = new Set(['points', 'percent', 'letter_grade'])

/** `LatePolicy#points_deducted` (late_submission_deduction_enabled is implied by having a policy here). */
export function latePointsDeducted(
  policy: LatePolicy,
  a: Assignment,
  score: number | null,
  secondsLate: number,
): number {
  const possible = a.points_possible
  if (score === null || !(possible > 0) || !(secondsLate > 0) || !POINT_DEDUCTIBLE.has(a.grading_type)) return 0
  const interval = policy.late_submission_interval === 'hour' ? 3600 : 86_400
  const intervalsLate = Math.ceil(secondsLate / interval)
  const minimumPercent = policy.late_submission_minimum_percent ?? 0
  const rawScorePercent = (score * 100) / possible
  const maximumDeduct = Math.max(rawScorePercent - minimumPercent, 0)
  const latePercentDeduct = policy.late_submission_deduction * intervalsLate
  return round2((possible * Math.min(latePercentDeduct, maximumDeduct)) / 100)
}
