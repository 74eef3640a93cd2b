/**
 * Which grade boundaries the rules dialog starts from: the assignment's Canvas grading scheme, else the course's,
 * else Canvas's default scheme — and a sentence saying which.
 */
import type { GradingStandard } from '../../../canvas/grading-standards'
import { round2 } from '../../../lib/format'
import { canvasDefaultScheme, type Boundary } from './boundaries'

export type SchemeSource = { kind: 'assignment' | 'course'; standard: GradingStandard } | { kind: 'canvas-default' }

export interface DefaultBoundaries {
  scheme: Boundary[]
  source: SchemeSource
  /** "From Canvas: Degree classification (course grading scheme), set on this assignment." */
  label: string
  /** Why a scheme Canvas named could not be used, if one could not. */
  note: string | null
}

/**
 * A Canvas scheme as boundaries in fractions of the assignment's points possible. Percentage schemes already are:
 * `value` is the lower bound as a fraction. Points-based schemes store fractions too, with `scaling_factor` their
 * maximum in points: Canvas compares a score scaled to the scheme (score ÷ points possible × scaling factor) with
 * each bound in points (value × scaling factor, to 2 decimals), so the bound as a fraction of the assignment is
 * round2(value × scaling factor) ÷ scaling factor — e.g. 3.35 of 4 → 0.8375 → 16.75 of 20 points.
 */
export function schemeFromStandard(gs: GradingStandard): Boundary[] {
  const sf = gs.pointsBased ? gs.scalingFactor : 1
  return [...gs.entries]
    .map((e) => ({ name: e.name, value: gs.pointsBased ? round2(e.value * sf) / sf : e.value }))
    .sort((a, b) => b.value - a.value)
}

/** A bound in the assignment's points (for hints): 0.8375 of 20 → 16.75. */
export function boundInPoints(b: Boundary, pointsPossible: number): number {
  return round2(b.value * pointsPossible)
}

function describe(gs: GradingStandard): string {
  const where =
    gs.context === 'course'
      ? 'course grading scheme'
      : gs.context === 'account'
        ? 'account grading scheme'
        : 'grading scheme'
  const points = gs.pointsBased
    ? `; points-based, out of ${gs.scalingFactor}, shown as % of the assignment’s points`
    : ''
  return `From Canvas: ${gs.title} (${where}${points})`
}

/**
 * Assignment's scheme → course's scheme → Canvas's default. `standards` are the schemes Canvas let us read (the
 * course's own; an account scheme is not readable through the course, so it falls through with a note).
 */
export function resolveDefaultBoundaries(
  ids: { assignment: number | null; course: number | null },
  standards: readonly GradingStandard[],
): DefaultBoundaries {
  const notes: string[] = []
  const find = (id: number | null) => (id === null ? undefined : standards.find((s) => s.id === id))
  const tries: Array<['assignment' | 'course', number | null]> = [
    ['assignment', ids.assignment],
    ['course', ids.course],
  ]
  for (const [kind, id] of tries) {
    if (id === null) continue
    const gs = find(id)
    if (!gs) {
      notes.push(
        `Canvas names grading scheme ${id} for the ${kind === 'assignment' ? 'assignment' : 'course'}, but does not show it through the course (an account scheme?).`,
      )
      continue
    }
    const tail =
      kind === 'assignment'
        ? ids.course === id
          ? ', the course’s and this assignment’s.'
          : ', set on this assignment.'
        : ', the course’s default.'
    return {
      scheme: schemeFromStandard(gs),
      source: { kind, standard: gs },
      label: `${describe(gs)}${tail}`,
      note: notes.join(' ') || null,
    }
  }
  return {
    scheme: canvasDefaultScheme,
    source: { kind: 'canvas-default' },
    label:
      ids.assignment === null && ids.course === null
        ? 'Canvas’s default grading scheme: neither this assignment nor the course sets one.'
        : 'Canvas’s default grading scheme.',
    note: notes.join(' ') || null,
  }
}
