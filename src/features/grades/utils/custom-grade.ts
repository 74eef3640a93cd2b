/**
 * What a moderator may type as a custom grade, per grading type, and the `posted_grade` Canvas is sent for it.
 * Canvas reads `posted_grade` with Assignment#interpret_grade / #grade_to_score (app/models/abstract_assignment.rb):
 * "85%" is a percentage of points possible; a bare number is points, unless it is the name of a grade in the
 * scheme (letter_grade/gpa_scale); "complete"/"pass" is full points and "incomplete"/"fail" 0; a scheme grade's
 * name (case-insensitive) is the top of its band. A value it cannot read leaves no score, and a provisional grade
 * without a score is refused with PROVISIONAL_GRADE_INVALID_SCORE (Assignment#save_grade_to_submission) — whose
 * body names no reason (`{"error":"Assignment::GradeError"}`), so the checks here come first.
 */
import { formatNumber } from '../../../lib/format'
import type { GradeKind } from '../../../lib/grading-type'

/** A grade of the assignment's scheme: `value` is its lower bound as a fraction of points possible. */
export interface SchemeGrade {
  name: string
  value: number
}

export interface CustomGradeContext {
  kind: GradeKind
  pointsPossible: number | null
  /** The assignment's grading scheme, highest first; null when it is not known (Canvas then decides). */
  scheme: readonly SchemeGrade[] | null
  /**
   * The scheme is surely the one Canvas applies (the assignment's or the course's). Canvas's default scheme is a
   * guess (an account may set another default): a letter outside it is then left for Canvas to judge.
   */
  schemeStrict?: boolean
}

export type CustomGradeCheck =
  | {
      ok: true
      /** Sent as `submission[posted_grade]`. */
      value: string
      /** What will be recorded, in words: "B+ (87% to 90%)", "17 points". */
      summary: string
      /** Worth saying before saving (e.g. more than the points possible). */
      note?: string
    }
  | { ok: false; message: string }

const NUMBER = /^\d+(\.\d+)?$/

/** "15,5" → "15.5": a decimal comma is read as a point (one comma, no point). */
function normaliseNumber(text: string): string {
  return /^-?\d+,\d+$/.test(text) ? text.replace(',', '.') : text
}

/** Letters compared as Canvas does (case-insensitive), with the typographic minus read as a hyphen. */
function letterKey(text: string): string {
  return text
    .trim()
    .replace(/\u2212/g, '-')
    .toLowerCase()
}

function percentText(fraction: number): string {
  return `${formatNumber(Math.round(fraction * 10000) / 100)}%`
}

/** "A (94% and above)", "B+ (87% to 90%)", for the scheme list and summaries. */
export function schemeBand(scheme: readonly SchemeGrade[], index: number): string {
  const g = scheme[index]!
  const above = index > 0 ? scheme[index - 1] : undefined
  return above
    ? `${g.name} (${percentText(g.value)} to ${percentText(above.value)})`
    : `${g.name} (${percentText(g.value)} and above)`
}

function pointsRange(pointsPossible: number | null): { max: number; words: string } {
  if (pointsPossible !== null && pointsPossible > 0) {
    const max = pointsPossible * 2
    return { max, words: `from 0 to ${formatNumber(max)} (the assignment is worth ${formatNumber(pointsPossible)})` }
  }
  return { max: 1000, words: 'from 0 to 1000' }
}

function checkPoints(text: string, pointsPossible: number | null): CustomGradeCheck {
  const { max, words } = pointsRange(pointsPossible)
  const n = normaliseNumber(text)
  if (text === '') return { ok: false, message: `Enter a score ${words}.` }
  if (/^-\d/.test(n)) return { ok: false, message: `A score cannot be negative. Enter a score ${words}.` }
  if (!NUMBER.test(n))
    return { ok: false, message: `“${text}” is not a number. Enter a score ${words}, e.g. 17 or 16.5.` }
  if (!/^\d+(\.\d{1,2})?$/.test(n))
    return { ok: false, message: `Use at most two decimal places, e.g. 16.75. Enter a score ${words}.` }
  const value = Number(n)
  if (value > max) return { ok: false, message: `${text} is more than Canvas allows here. Enter a score ${words}.` }
  const over =
    pointsPossible !== null && pointsPossible > 0 && value > pointsPossible
      ? `This is ${formatNumber(value - pointsPossible)} more than the ${formatNumber(pointsPossible)} points possible (extra credit).`
      : undefined
  return { ok: true, value: String(value), summary: `${formatNumber(value)} points`, ...(over ? { note: over } : {}) }
}

function checkPercent(text: string, pointsPossible: number | null): CustomGradeCheck {
  const words = 'from 0% to 200%'
  if (text === '') return { ok: false, message: `Enter a percentage ${words}, e.g. 85%.` }
  const n = normaliseNumber(text.replace(/\s*%$/, ''))
  if (/^-\d/.test(n)) return { ok: false, message: `A percentage cannot be negative. Enter one ${words}.` }
  if (!NUMBER.test(n) || !/^\d+(\.\d{1,2})?$/.test(n))
    return { ok: false, message: `“${text}” is not a percentage. Enter one ${words}, e.g. 85% or 72.5%.` }
  const value = Number(n)
  if (value > 200)
    return { ok: false, message: `${text} is more than Canvas allows here. Enter a percentage ${words}.` }
  const points =
    pointsPossible !== null && pointsPossible > 0
      ? ` (${formatNumber(Math.round(value * pointsPossible) / 100)} of ${formatNumber(pointsPossible)} points)`
      : ''
  return {
    ok: true,
    // A bare number would be read as points (interpret_grade); the % makes it a percentage.
    value: `${formatNumber(value)}%`,
    summary: `${formatNumber(value)}%${points}`,
    ...(value > 100 ? { note: 'This is more than 100% (extra credit).' } : {}),
  }
}

function checkScheme(text: string, ctx: CustomGradeContext): CustomGradeCheck {
  const scheme = ctx.scheme
  const letters = scheme ? scheme.map((g) => g.name).join(', ') : null
  const hint = letters ? `Enter one of ${letters}` : 'Enter a grade from the grading scheme'
  if (text === '') return { ok: false, message: `${hint}, or a percentage such as 88%.` }
  if (scheme) {
    const index = scheme.findIndex((g) => letterKey(g.name) === letterKey(text))
    if (index >= 0) return { ok: true, value: scheme[index]!.name, summary: schemeBand(scheme, index) }
  }
  if (text.endsWith('%')) {
    const pct = checkPercent(text, ctx.pointsPossible)
    return pct.ok ? { ...pct, summary: `${pct.summary}; Canvas shows the scheme’s grade for it` } : pct
  }
  if (/^-?\d/.test(text)) {
    const pts = checkPoints(text, ctx.pointsPossible)
    return pts.ok ? { ...pts, summary: `${pts.summary}; Canvas shows the scheme’s grade for it` } : pts
  }
  if (!scheme || ctx.schemeStrict === false) {
    // Without the scheme, Canvas is the judge: a grade it cannot read is refused (see the module comment).
    return /^[\p{L}\p{N}+\-\u2212. ]{1,20}$/u.test(text)
      ? { ok: true, value: text, summary: `${text} (if it is a grade of the assignment’s scheme)` }
      : { ok: false, message: `“${text}” is not a grade. ${hint}.` }
  }
  return { ok: false, message: `“${text}” is not a grade of this scheme. ${hint}, or a percentage such as 88%.` }
}

/** Check a custom grade for the assignment's grading type; never sends what Canvas would refuse. */
export function validateCustomGrade(input: string, ctx: CustomGradeContext): CustomGradeCheck {
  const text = input.trim()
  switch (ctx.kind) {
    case 'percent':
      return checkPercent(text, ctx.pointsPossible)
    case 'scheme':
      return checkScheme(text, ctx)
    case 'pass_fail': {
      const key = text.toLowerCase()
      if (key === 'complete' || key === 'pass') return { ok: true, value: 'complete', summary: 'Complete' }
      if (key === 'incomplete' || key === 'fail') return { ok: true, value: 'incomplete', summary: 'Incomplete' }
      return { ok: false, message: 'Choose Complete or Incomplete.' }
    }
    case 'not_graded':
      return { ok: false, message: 'This assignment is not graded, so it takes no grade.' }
    default:
      return checkPoints(text, ctx.pointsPossible)
  }
}

/** The text the input starts with: the current custom grade as the moderator would type it again. */
export function initialCustomText(
  current: { grade: string | null; score: number | null } | undefined,
  kind: GradeKind,
): string {
  if (!current) return ''
  switch (kind) {
    case 'percent':
    case 'scheme':
      return current.grade ?? (current.score === null ? '' : String(current.score))
    case 'pass_fail':
      return current.grade ?? ''
    default:
      return current.score === null ? '' : String(current.score)
  }
}
