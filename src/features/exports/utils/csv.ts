import type { AgreementClass, ClassifiedStudent } from '../../../lib/moderation/classify'
import { round2 } from '../../../lib/format'
import { gradeDisplay, type GradeKind } from '../../../lib/grading-type'
import type { GradeBands } from './bands'

/**
 * CSV of the moderation, RFC 4180: comma-separated, CRLF line ends, fields with a comma, quote, CR or LF are
 * quoted and quotes doubled. Text cells that a spreadsheet would run as a formula get a leading single quote
 * (OWASP "CSV injection", ASVS 5.0 V1.2.10): see guardFormula. Numbers are written as numbers.
 *
 * Anonymity: for an anonymous assignment no name and no user id (Canvas, SIS or login) and no section is ever written —
 * only Canvas's anonymous label ("Student 4"), or a generated one if a row somehow carries a name.
 *
 * One header row (spreadsheets read the first row as the column names): what a column depends on is said in its
 * header ("Class (tolerance 2 points)", "Band (Degree classification)").
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

/** A student's SIS and login ids, as Canvas shows them to the caller (null when it does not, or there is none). */
export interface StudentIds {
  sis: string | null
  login: string | null
}

/** SIS and login ids by student key (`u:<user id>`), from the course's student list. */
export function studentIdsByKey(
  students: readonly { userId: number; sisUserId: string | null; loginId: string | null }[],
): ReadonlyMap<string, StudentIds> {
  return new Map(students.map((s) => [`u:${s.userId}`, { sis: s.sisUserId, login: s.loginId }]))
}

export interface CsvOptions {
  graders: { key: string; label: string }[]
  /** The assignment is anonymous to the caller (Canvas `anonymize_students`). */
  anonymous: boolean
  /** Sections by student key; a Section column when given (never for anonymous students). */
  sections?: ReadonlyMap<string, readonly string[]>
  /** Grades that are not points (letters, pass/fail, percent) are written as Canvas formats them, not as scores. */
  gradeKind?: GradeKind
  /**
   * SIS and login ids by student key: a "SIS user id" and a "Login id" column, each when Canvas showed at least one
   * such id (never for anonymous students).
   */
  ids?: ReadonlyMap<string, StudentIds>
  /** The scheme the selected grade is placed in: a "Band (<scheme>)" column after the selected grade. */
  bands?: GradeBands
  /** The tolerance the classes depend on, as the triage says it ("2 points"): in the Class column's header. */
  tolerance?: string
  /** Student keys in the grid's order; students not in it follow in name order. Default: name order. */
  order?: readonly string[]
}

/** The grid's name order (grid-rows.ts): numbers in names by value, case and accents ignored. */
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })

/**
 * `students` in `order` (by key), then the others by name; the input is not changed. With `anonymous`, a row that
 * carries a name (it should not) goes last, where it was: neither its name nor its place in the grid orders it.
 */
export function inGridOrder(
  students: readonly ClassifiedStudent[],
  order?: readonly string[],
  anonymous = false,
): ClassifiedStudent[] {
  const rank = new Map((order ?? []).map((key, i) => [key, i]))
  const named = (s: ClassifiedStudent) => anonymous && !s.anonymous
  return [...students].sort((a, b) => {
    if (named(a) || named(b)) return Number(named(a)) - Number(named(b))
    const ra = rank.get(a.key) ?? Infinity
    const rb = rank.get(b.key) ?? Infinity
    if (ra !== rb) return ra - rb
    return collator.compare(a.label, b.label)
  })
}

const noIds: StudentIds = { sis: null, login: null }

export function moderationCsv(students: ClassifiedStudent[], opts: CsvOptions): string {
  const anonymous = opts.anonymous || students.some((s) => s.anonymous)
  const graderLabel = new Map(opts.graders.map((g) => [g.key, g.label]))
  const withSections = !anonymous && opts.sections !== undefined
  const ids = anonymous ? undefined : opts.ids
  const shown = (pick: (i: StudentIds) => string | null) =>
    ids !== undefined && students.some((s) => pick(ids.get(s.key) ?? noIds) !== null)
  const withSis = shown((i) => i.sis)
  const withLogin = shown((i) => i.login)
  const bands = opts.bands
  const kind = opts.gradeKind ?? 'points'
  const cell = (g: { score: number | null; grade: string | null } | null | undefined): Cell =>
    !g ? null : kind === 'points' ? g.score : g.grade === null && g.score === null ? null : gradeDisplay(g, kind)
  const header: Cell[] = [
    'Student',
    ...(anonymous ? [] : ['Canvas user id']),
    ...(withSis ? ['SIS user id'] : []),
    ...(withLogin ? ['Login id'] : []),
    ...(withSections ? ['Section'] : []),
    ...opts.graders.map((g) => g.label),
    'Spread',
    opts.tolerance === undefined ? 'Class' : `Class (tolerance ${opts.tolerance})`,
    'Stale',
    'Selected grade',
    ...(bands ? [`Band (${bands.name})`] : []),
    'Selected source',
    'Custom grade',
  ]
  const rows: Cell[][] = [header]
  inGridOrder(students, opts.order, anonymous).forEach((s, i) => {
    const label = anonymous ? (s.anonymous ? s.label : `Student ${i + 1}`) : s.label
    const source = !s.selected
      ? ''
      : s.selected.graderKey === null
        ? 'Custom grade'
        : (graderLabel.get(s.selected.graderKey) ?? 'Unknown grader')
    const own = ids?.get(s.key) ?? noIds
    const score = s.selected?.score ?? null
    rows.push([
      label,
      ...(anonymous ? [] : [s.userId ?? null]),
      ...(withSis ? [own.sis] : []),
      ...(withLogin ? [own.login] : []),
      ...(withSections ? [opts.sections!.get(s.key)?.join('; ') ?? null] : []),
      ...opts.graders.map((g) => cell(s.marks.find((m) => m.graderKey === g.key))),
      s.spread,
      classLabel[s.cls],
      s.stale ? 'yes' : 'no',
      cell(s.selected),
      ...(bands ? [score === null ? null : bands.bandOf(score)] : []),
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
