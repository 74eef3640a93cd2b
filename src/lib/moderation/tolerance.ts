import { round2 } from '../format'
import { gradeScale, usesTolerance, type ScaleInput } from './grade-scale'

/** How far apart two graders' scores may be and still count as agreeing, per assignment. */
export interface Tolerance {
  unit: 'points' | 'percent'
  value: number
}

export const defaultTolerance: Tolerance = { unit: 'points', value: 0 }

/**
 * The tolerance suggested before the moderator picks one: 5 % of the points possible (1 point of 20, 5 of 100) —
 * a difference most marking schemes accept between two careful markers — or 0 points where there are no points
 * possible. The moderator confirms it or changes it; either is remembered for the assignment.
 */
export function suggestedTolerance(pointsPossible: number | null): Tolerance {
  return percentUsable(pointsPossible) ? { unit: 'percent', value: 5 } : defaultTolerance
}

/** A percentage of the points possible needs points possible above 0; nothing is divided by 0 or null. */
export function percentUsable(pointsPossible: number | null): pointsPossible is number {
  return pointsPossible !== null && pointsPossible > 0
}

/** The tolerance in points. A percentage is of the points possible; without points possible it is read as points. */
export function tolerancePoints(t: Tolerance, pointsPossible: number | null): number {
  if (t.unit === 'percent' && percentUsable(pointsPossible)) return (t.value / 100) * pointsPossible
  return t.value
}

/**
 * "1.5 points", "10% (2 points)". Where the grading type compares grades rather than scores (pass/fail, letters
 * without points possible) no tolerance applies: "none: graders agree when they give the same grade".
 */
export function describeTolerance(t: Tolerance, pointsPossible: number | null, gradingType: string = 'points'): string {
  const scale = gradeScale({ gradingType, pointsPossible } satisfies ScaleInput)
  if (scale.kind === 'none') return 'none: the assignment is not graded'
  if (!usesTolerance(scale)) return 'none: graders agree when they give the same grade'
  const pts = round2(tolerancePoints(t, pointsPossible))
  const points = `${pts} ${pts === 1 ? 'point' : 'points'}`
  return t.unit === 'percent' && percentUsable(pointsPossible) ? `${t.value}% (${points})` : points
}

/** Parses `?tol=2&tolUnit=percent` (or a stored value); null when missing or invalid. */
export function parseTolerance(value: string | null, unit: string | null): Tolerance | null {
  if (value === null || value.trim() === '') return null
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0 || n > 1000) return null
  return { unit: unit === 'percent' ? 'percent' : 'points', value: n }
}
