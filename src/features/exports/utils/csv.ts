import type { AgreementClass, ClassifiedStudent } from '../../../lib/moderation/classify'
import { round2 } from '../../../lib/format'
import { gradeDisplay, type GradeKind } from '../../../lib/grading-type'

/**
 * CSV of the moderation, RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote, CR or LF are
 * quoted and quotes doubled. Text cells that a spreadsheet would run as a formula get a leading single quote
 * (OWASP "CSV injection", ASVS 5.0 V1.2.10): see guardFormula. Numbers are written as numbers.
 *
 * Anonymity: for an anonymous assignment no name and no user id is ever written — only Canvas's anonymous label
 * ("Student 4"), or a generated one if a row somehow carries a name.
 */
export type Cell = string | number | null

const FORMULA_CHARS = new Set(['=', '+', '-', '@'])

/** U+0000 to U+001F, by code point: in a regular expression a control character reads as a mistake. */
const isControl = (code: number) => code <= 0x1f

/**
 * Starts with = + - @ (also after leading whitespace, which spreadsheets skip before a formula: spaces, NBSP,
 * a BOM), or with a control character: tab, CR and LF (a cell may begin with a line break) and NUL, which
 * some readers drop, making the next character the first.
 */
export function guardFormula(text: string): string {
  if (text.length > 0 && isControl(text.charCodeAt(0))) return `'${text}`
  let i = 0
  while (i < text.length && (isControl(text.charCodeAt(i)) || /\s/.test(text[i]!))) i++
  return FORMULA_CHARS.has(text[i] ?? '') ? `'${text}` : text
}

export function csvCell(value: Cell): string {
  if (value === null) return ''
  // Numbers to Canvas's two decimals, without a display placeholder: an empty score is an empty cell.
  const text = typeof value === 'number' ? String(round2(value)) : guardFormula(value)
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function toCsv(rows: Cell[][]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
}

export const classLabel: Record<AgreementClass, string> = {
  agreed: 'Agreed',
  disagree: 'Disagree',
  single: 'Single grader',
  none: 'No grade',
}

export interface CsvOptions {
  graders: { key: string; label: string }[]
  /** The assignment is anonymous to the caller (Canvas `anonymize_students`). */
  anonymous: boolean
  /** Sections by student key; a Section column when given (never for anonymous students). */
  sections?: ReadonlyMap<string, readonly string[]>
  /** Grades that are not points (letters, pass/fail, percent) are written as Canvas formats them, not as scores. */
  gradeKind?: GradeKind
}

export function moderationCsv(students: ClassifiedStudent[], opts: CsvOptions): string {
  const anonymous = opts.anonymous || students.some((s) => s.anonymous)
  const graderLabel = new Map(opts.graders.map((g) => [g.key, g.label]))
  const withSections = !anonymous && opts.sections !== undefined
  const kind = opts.gradeKind ?? 'points'
  const cell = (g: { score: number | null; grade: string | null } | null | undefined): Cell =>
    !g ? null : kind === 'points' ? g.score : g.grade === null && g.score === null ? null : gradeDisplay(g, kind)
  const header: Cell[] = [
    'Student',
    ...(anonymous ? [] : ['Canvas user id']),
    ...(withSections ? ['Section'] : []),
    ...opts.graders.map((g) => g.label),
    'Spread',
    'Class',
    'Stale',
    'Selected grade',
    'Selected source',
    'Custom grade',
  ]
  const rows: Cell[][] = [header]
  students.forEach((s, i) => {
    const label = anonymous ? (s.anonymous ? s.label : `Student ${i + 1}`) : s.label
    const source = !s.selected
      ? ''
      : s.selected.graderKey === null
        ? 'Custom grade'
        : (graderLabel.get(s.selected.graderKey) ?? 'Unknown grader')
    rows.push([
      label,
      ...(anonymous ? [] : [s.userId ?? null]),
      ...(withSections ? [opts.sections!.get(s.key)?.join('; ') ?? null] : []),
      ...opts.graders.map((g) => cell(s.marks.find((m) => m.graderKey === g.key))),
      s.spread,
      classLabel[s.cls],
      s.stale ? 'yes' : 'no',
      cell(s.selected),
      source,
      cell(s.custom),
    ])
  })
  return toCsv(rows)
}

/** Students whose selected grade is a custom grade that matches none of the graders' marks. */
export function decisionsAgainstGraders(students: ClassifiedStudent[]): ClassifiedStudent[] {
  return students.filter(
    (s) =>
      s.selected &&
      s.selected.graderKey === null &&
      s.selected.score !== null &&
      s.marks.length > 0 &&
      s.marks.every((m) => m.score !== s.selected!.score),
  )
}
