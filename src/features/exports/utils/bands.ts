/**
 * Final marks by the assignment's grade bands, for the report and the CSV. The bands are the assignment's Canvas
 * grading scheme (else the course's, else Canvas's default): the app reads it and places scores with the
 * reconciliation feature's `bandFor`, handed in here, so both features place a score the same way.
 */
import type { ClassifiedStudent } from '../../../lib/moderation/classify'

export interface SchemeBand {
  name: string
  /** Lower bound as a fraction of the points possible, 0..1 (Canvas's `grading_scheme` value). */
  value: number
}

/** Where a score falls in a scheme: the reconciliation feature's `bandFor` fits. */
export type PlaceScore = (score: number, pointsPossible: number, scheme: SchemeBand[]) => string

/** The grading scheme a final mark is placed in. */
export interface GradeBands {
  /** The scheme's name, for headers: "Degree classification", "Canvas’s default scheme". */
  name: string
  /** Where it comes from, in a sentence: "From Canvas: Degree classification (course grading scheme), …". */
  label: string
  /** The bands from the highest. */
  bands: readonly SchemeBand[]
  pointsPossible: number
  /** The band of a score in points. */
  bandOf: (score: number) => string
}

/** A scheme as the reconciliation feature's default-boundaries query gives it (structurally). */
export interface SchemeInput {
  scheme: readonly SchemeBand[]
  source: { kind: 'canvas-default' } | { kind: string; standard: { title: string } }
  label: string
}

/**
 * The bands of `scheme` for an assignment's points possible; undefined without a scheme or without points possible
 * (a score cannot be placed then).
 */
export function gradeBands(
  scheme: SchemeInput | undefined,
  pointsPossible: number | null,
  place: PlaceScore,
): GradeBands | undefined {
  if (!scheme || scheme.scheme.length === 0 || pointsPossible === null || !(pointsPossible > 0)) return undefined
  const bands = [...scheme.scheme].sort((a, b) => b.value - a.value)
  const name = 'standard' in scheme.source ? scheme.source.standard.title : 'Canvas’s default scheme'
  return { name, label: scheme.label, bands, pointsPossible, bandOf: (score) => place(score, pointsPossible, bands) }
}

export interface BandCounts {
  /** Every band of the scheme, from the highest, with how many final marks fall in it (0 included). */
  rows: { name: string; value: number; count: number }[]
  /** Students without a final mark: nothing selected, or a selected grade without a score. */
  noFinalMark: number
  total: number
}

/** A student's final mark is the selected grade's score. */
export function finalMarksByBand(students: readonly ClassifiedStudent[], bands: GradeBands): BandCounts {
  const counts = new Map(bands.bands.map((b) => [b.name, 0]))
  let noFinalMark = 0
  for (const s of students) {
    const score = s.selected?.score ?? null
    if (score === null) {
      noFinalMark++
      continue
    }
    const band = bands.bandOf(score)
    counts.set(band, (counts.get(band) ?? 0) + 1)
  }
  const rows = bands.bands.map((b) => ({ ...b, count: counts.get(b.name) ?? 0 }))
  // A band the placement names that the scheme does not list (none today): shown, not dropped.
  for (const [name, count] of counts)
    if (!bands.bands.some((b) => b.name === name)) rows.push({ name, value: Number.NaN, count })
  return { rows, noFinalMark, total: students.length }
}
