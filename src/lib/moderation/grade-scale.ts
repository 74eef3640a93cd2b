/**
 * How grades of an assignment are compared, from its Canvas `grading_type` and `points_possible`. Triage, the
 * reconciliation rules and grader agreement all read this, so "agree" means the same thing everywhere.
 *
 * Canvas turns every grade into a score (app/models/abstract_assignment.rb `grade_to_score`, `interpret_grade`;
 * app/models/assignment.rb in older Canvas):
 * - points, percent: the score is the grade; a difference in points is a difference in the grade.
 * - letter_grade, gpa_scale with points possible: the score is the points (a typed letter scores the top of its
 *   band), and `score_to_grade` gives the letter back from the score ÷ points possible. The spread is measured in
 *   score points; the letters are shown with it.
 * - letter_grade, gpa_scale without points possible: `interpret_grade` scores every letter
 *   `(points_possible || 0.0) * …` = 0, and `score_to_grade` keeps the given letter, so only the letters
 *   themselves can be compared.
 * - pass_fail: "complete" or "incomplete" (`grade_to_score` accepts only full points or 0). Graders agree when they
 *   give the same grade; there is nothing in between.
 * - not_graded: no grades (`grade_to_score` is nil).
 * Any grading type a newer Canvas adds is treated as points: the score is always there.
 */

import { formatNumber } from '../format'

export type ScaleKind = 'points' | 'letters' | 'categories' | 'none'

export interface GradeScale {
  kind: ScaleKind
  gradingType: string
  /** Points possible when above 0, else null: nothing divides by it then. */
  pointsPossible: number | null
}

/** What an assignment's scale is read from (a Canvas Assignment has both). */
export interface ScaleInput {
  gradingType: string
  pointsPossible: number | null
}

export const pointsScale: GradeScale = { kind: 'points', gradingType: 'points', pointsPossible: null }

export function gradeScale({ gradingType, pointsPossible }: ScaleInput): GradeScale {
  const pp = pointsPossible !== null && pointsPossible > 0 ? pointsPossible : null
  switch (gradingType) {
    case 'letter_grade':
    case 'gpa_scale':
      return { kind: pp === null ? 'categories' : 'letters', gradingType, pointsPossible: pp }
    case 'pass_fail':
      return { kind: 'categories', gradingType, pointsPossible: pp }
    case 'not_graded':
      return { kind: 'none', gradingType, pointsPossible: pp }
    default:
      return { kind: 'points', gradingType, pointsPossible: pp }
  }
}

export function isPassFail(scale: GradeScale): boolean {
  return scale.gradingType === 'pass_fail'
}

/** True where a tolerance in points (or % of points possible) decides agreement. */
export function usesTolerance(scale: GradeScale): boolean {
  return scale.kind === 'points' || scale.kind === 'letters'
}

interface GradeLike {
  grade: string | null
  score: number | null
}

/**
 * Pass/fail as Canvas reads it: the grade text first ("complete"/"pass", "incomplete"/"fail", as
 * `interpret_grade` accepts them), else the score the way `score_to_grade` does (above 0 of a pointed assignment
 * is complete). Null when neither tells (no grade text and no points possible).
 */
export function passFailOf(g: GradeLike, pointsPossible: number | null): 'complete' | 'incomplete' | null {
  const text = g.grade?.trim().toLowerCase()
  if (text === 'complete' || text === 'pass') return 'complete'
  if (text === 'incomplete' || text === 'fail') return 'incomplete'
  if (g.score === null || pointsPossible === null) return null
  return g.score > 0 ? 'complete' : 'incomplete'
}

/**
 * The value graders are compared on where the scale is categories: the same key means the same grade. Letters
 * compare as Canvas's GradingStandard#place_in_scheme matches them (case-insensitive, a trailing "−" read as "-").
 * Without a grade text the score stands in.
 */
export function categoryKey(g: GradeLike, scale: GradeScale): string {
  if (isPassFail(scale)) {
    const pf = passFailOf(g, scale.pointsPossible)
    if (pf) return pf
  } else if (g.grade !== null && g.grade.trim() !== '') {
    return g.grade.trim().toLowerCase().replace(/−$/, '-')
  }
  return `score:${g.score ?? ''}`
}

/** A category as people read it: "Complete", "Incomplete", or the letter as Canvas wrote it. */
export function categoryLabel(g: GradeLike, scale: GradeScale): string {
  if (isPassFail(scale)) {
    const pf = passFailOf(g, scale.pointsPossible)
    if (pf) return pf === 'complete' ? 'Complete' : 'Incomplete'
  }
  if (g.grade !== null && g.grade.trim() !== '') return g.grade.trim()
  return g.score === null ? 'no grade' : formatNumber(g.score)
}

export function pointsText(n: number): string {
  return `${formatNumber(n)} ${Math.abs(n) === 1 ? 'point' : 'points'}`
}

function joinLabels(labels: string[]): string {
  if (labels.length <= 2) return labels.join(' and ')
  return `${labels[0]} to ${labels.at(-1)}`
}

/**
 * How far apart the graders are, in words, or null with fewer than two marks:
 * points "5 points apart"; letters "B+ and A-, 3 points apart" (lowest to highest score; "both B+, 1 point
 * apart" when the letters are the same); categories "Complete and Incomplete", "both Complete".
 */
export function spreadSummary(
  marks: ReadonlyArray<GradeLike & { score: number }>,
  spread: number | null,
  scale: GradeScale,
): string | null {
  if (marks.length < 2 || spread === null) return null
  const apart = `${pointsText(spread)} apart`
  if (scale.kind === 'points' || scale.kind === 'none') return apart
  const ordered = [...marks].sort((a, b) => a.score - b.score)
  const seen = new Map<string, string>()
  for (const m of ordered) {
    const key = categoryKey(m, scale)
    if (!seen.has(key)) seen.set(key, categoryLabel(m, scale))
  }
  const labels = [...seen.values()]
  const grades = labels.length === 1 ? `${marks.length === 2 ? 'both' : 'all'} ${labels[0]}` : joinLabels(labels)
  return scale.kind === 'letters' ? `${grades}, ${apart}` : grades
}

/**
 * The same as a clause about the graders, for messages: "graders 5 points apart", "graders gave B+ and A-,
 * 3 points apart", "graders gave Complete and Incomplete", "graders both gave Complete"; null with fewer than two.
 */
export function gradersApart(
  c: { marks: ReadonlyArray<GradeLike & { score: number }>; spread: number | null },
  scale: ScaleInput,
): string | null {
  const sc = gradeScale(scale)
  const summary = spreadSummary(c.marks, c.spread, sc)
  if (summary === null) return null
  if (sc.kind === 'points' || sc.kind === 'none') return `graders ${summary}`
  return /^(both|all) /.test(summary)
    ? `graders ${summary.replace(/^(both|all) /, '$1 gave ')}`
    : `graders gave ${summary}`
}
