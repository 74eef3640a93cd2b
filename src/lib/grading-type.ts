/**
 * Canvas's grading types as the dashboard treats them. Canvas formats a grade by the assignment's `grading_type`
 * (app/models/abstract_assignment.rb `score_to_grade`): points → the score; percent → "85%"; letter_grade and
 * gpa_scale → the grading scheme's name for the percentage (`uses_grading_standard` covers both); pass_fail →
 * "complete"/"incomplete"; not_graded → nothing to grade.
 */
import { formatNumber } from './format'

export type GradeKind = 'points' | 'percent' | 'scheme' | 'pass_fail' | 'not_graded'

export function gradeKind(gradingType: string): GradeKind {
  switch (gradingType) {
    case 'percent':
      return 'percent'
    case 'letter_grade':
    case 'gpa_scale':
      return 'scheme'
    case 'pass_fail':
      return 'pass_fail'
    case 'not_graded':
      return 'not_graded'
    // 'points', and any type a newer Canvas adds: the score is always meaningful.
    default:
      return 'points'
  }
}

/** "Complete" / "Incomplete" for Canvas's pass_fail grades (it also accepts "pass"/"fail" as input). */
export function passFailLabel(grade: string | null, score: number | null): string | null {
  const g = grade?.trim().toLowerCase()
  if (g === 'complete' || g === 'pass') return 'Complete'
  if (g === 'incomplete' || g === 'fail') return 'Incomplete'
  if (score === null) return grade
  return score > 0 ? 'Complete' : 'Incomplete'
}

/**
 * A grade as Canvas formats it, with the score where it adds information:
 * points "17", percent "85%", letter "B+ (17)", pass/fail "Complete". A grade with no score shows its text.
 */
export function gradeDisplay(
  g: { grade: string | null; score: number | null },
  kind: GradeKind,
  /** null when the assignment has no points possible: a letter's score (always 0 then) says nothing. */
  pointsPossible?: number | null,
): string {
  const score = g.score === null || (kind === 'scheme' && pointsPossible === null) ? null : formatNumber(g.score)
  switch (kind) {
    case 'pass_fail':
      return passFailLabel(g.grade, g.score) ?? 'no grade'
    case 'percent':
      return g.grade ?? (score === null ? 'no score' : score)
    case 'scheme':
      if (g.grade && score !== null && g.grade !== score) return `${g.grade} (${score})`
      return g.grade ?? score ?? 'no score'
    default:
      if (score === null) return g.grade ?? 'no score'
      // A points grade whose text is not the score (an old or hand-entered grade): show both.
      if (g.grade && g.grade !== score && Number(g.grade) !== g.score) return `${score} (${g.grade})`
      return score
  }
}
