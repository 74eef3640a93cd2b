/** How far apart two graders' scores may be and still count as agreeing, per assignment. */
export interface Tolerance {
  unit: 'points' | 'percent'
  value: number
}

export const defaultTolerance: Tolerance = { unit: 'points', value: 0 }

/** The tolerance in points. A percentage is of the points possible; without points possible it is read as points. */
export function tolerancePoints(t: Tolerance, pointsPossible: number | null): number {
  if (t.unit === 'percent' && pointsPossible && pointsPossible > 0) return (t.value / 100) * pointsPossible
  return t.value
}

/** "1.5 points", "10% (2 points)". */
export function describeTolerance(t: Tolerance, pointsPossible: number | null): string {
  const pts = round2(tolerancePoints(t, pointsPossible))
  const points = `${pts} ${pts === 1 ? 'point' : 'points'}`
  return t.unit === 'percent' && pointsPossible ? `${t.value}% (${points})` : points
}

/** Parses `?tol=2&tolUnit=percent` (or a stored value); null when missing or invalid. */
export function parseTolerance(value: string | null, unit: string | null): Tolerance | null {
  if (value === null || value.trim() === '') return null
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0 || n > 1000) return null
  return { unit: unit === 'percent' ? 'percent' : 'points', value: n }
}

export function round2(x: number): number {
  return Math.round(x * 100) / 100
}
