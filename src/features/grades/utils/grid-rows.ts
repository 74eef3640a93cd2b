import type { GradeableStudent, GraderKey, ProvisionalGrade } from '../../../canvas/types'
import { gradeDisplay, type GradeKind } from '../../../lib/grading-type'
import { classifyCached, type ClassifiedStudent, type Mark } from '../../../lib/moderation/classify'
import { pointsScale, usesTolerance, type GradeScale } from '../../../lib/moderation/grade-scale'
import { markersOf, type Marker, type StudentFacts } from './student-facts'

export interface Grader {
  key: GraderKey
  /**
   * The grader's name; "User N" for a grader whose name the caller cannot read (a section-limited TA does not see
   * teachers of other sections in the course's users); "Grader N" when the caller may not see grader identities.
   */
  label: string
  /** For a cell's small space: a name's last word ("Reyes"), else the whole label ("User 2", "Grader 1"). */
  short: string
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })

/**
 * Grader columns from the provisional grades themselves (scorer_id or anonymous_grader_id; final grades go to
 * the "Final grade" column). Named graders use the course's teacher/TA names; anonymous ones are numbered in
 * the order of their anonymous ids, as Canvas's Grade Summary does (contract §7.1).
 */
export function deriveGraders(students: GradeableStudent[], names: ReadonlyMap<number, string>): Grader[] {
  const keys = new Map<GraderKey, ProvisionalGrade>()
  for (const s of students) for (const g of s.grades) if (!g.final && !keys.has(g.graderKey)) keys.set(g.graderKey, g)
  return deriveGradersFromFirstGrades(keys, names)
}

/** Grader columns from each grader's first provisional grade (see deriveGraders). */
export function deriveGradersFromFirstGrades(
  keys: ReadonlyMap<GraderKey, ProvisionalGrade>,
  names: ReadonlyMap<number, string>,
): Grader[] {
  const named: Grader[] = []
  const anonymous: string[] = []
  for (const [key, g] of keys) {
    if (g.scorerId === undefined) {
      anonymous.push(key)
      continue
    }
    const name = names.get(g.scorerId)
    const label = name ?? `User ${g.scorerId}`
    named.push({ key, label, short: (name && name.trim().split(/\s+/).at(-1)) || label })
  }
  named.sort((a, b) => collator.compare(a.label, b.label))
  anonymous.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return [...named, ...anonymous.map((key, i) => ({ key, label: `Grader ${i + 1}`, short: `Grader ${i + 1}` }))]
}

export interface GridRow {
  key: string
  student: GradeableStudent
  /** The student's classification: the same object the chips, the queue, rules and exports read. */
  c: ClassifiedStudent
  label: string
  /** Name (without accents, lower case), user id and SIS id, for search (searchKey). */
  searchText: string
  byGrader: Record<GraderKey, ProvisionalGrade>
  /** The custom (final) grade, if any. */
  finalGrade: ProvisionalGrade | undefined
  /** The selected grade, whoever gave it: what publishing would copy. */
  selectedGrade: ProvisionalGrade | undefined
  selectedGradeId: number | null
  /** max − min of the graders' scores; null with fewer than two. */
  spread: number | null
  /** Mean of the graders' scores; null with none, and where only grades compare (pass/fail). */
  mean: number | null
  /** Graders disagree beyond the tolerance (or give different grades, where grades compare). */
  disagree: boolean
  /** Graders whose score lies beyond the tolerance from the others' median: their cells are marked. */
  outliers: ReadonlySet<GraderKey>
  stale: boolean
  hasSelection: boolean
  /** Enrolment, sections and submission facts, when known (student-facts.ts). */
  facts: StudentFacts | undefined
  /** What the row header says about the student besides the name ("Test student", "Excused"). */
  markers: Marker[]
}

/** Lower case, accents off ("Björn Åkesson" → "bjorn akesson"): what search compares. */
export function searchKey(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/ø/g, 'o').replace(/ß/g, 'ss').toLocaleLowerCase()
}

function median(xs: number[]): number {
  const v = [...xs].sort((a, b) => a - b)
  const mid = v.length >> 1
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2
}

export interface RowContext {
  /** The tolerance in points (tolerance.ts tolerancePoints). */
  tolerancePts: number
  scale: GradeScale
}

const defaultContext: RowContext = { tolerancePts: 0, scale: pointsScale }

export function toGridRow(student: GradeableStudent, facts?: StudentFacts, ctx: RowContext = defaultContext): GridRow {
  const c = classifyCached(student, ctx.tolerancePts, ctx.scale)
  return finishRow(rowBase(student, facts, ctx.scale), c, outliersOf(c, ctx))
}

/** A row without what the tolerance decides. */
type RowBase = Omit<GridRow, 'c' | 'disagree' | 'outliers'>

function rowBase(student: GradeableStudent, facts: StudentFacts | undefined, scale: GradeScale): RowBase {
  const byGrader: Record<GraderKey, ProvisionalGrade> = {}
  let finalGrade: ProvisionalGrade | undefined
  let selectedGrade: ProvisionalGrade | undefined
  const scores: number[] = []
  for (const g of student.grades) {
    if (g.final) finalGrade = g
    else {
      byGrader[g.graderKey] = g
      // The marks classify.ts compares: scored and graded.
      if (g.score !== null && g.gradedAt !== null) scores.push(g.score)
    }
    if (g.id === student.selectedGradeId) selectedGrade = g
  }
  const mean = usesTolerance(scale) && scores.length ? scores.reduce((x, y) => x + y, 0) / scores.length : null
  const sis = facts?.sisUserId ? ` ${facts.sisUserId}` : ''
  return {
    key: student.key,
    student,
    label: student.displayName,
    searchText: searchKey(`${student.displayName} ${student.userId ?? ''}${sis}`),
    facts,
    markers: markersOf(student, facts),
    byGrader,
    finalGrade,
    selectedGrade,
    selectedGradeId: student.selectedGradeId,
    spread: null,
    mean,
    stale: false,
    hasSelection: student.selectedGradeId !== null,
  }
}

const noOutliers: ReadonlySet<GraderKey> = new Set()

/**
 * Graders whose score lies beyond the tolerance from the others' median (every grader, where grades compare);
 * `same` when that is who it holds (a tolerance change keeps most rows' outliers).
 */
function outliersOf(c: ClassifiedStudent, ctx: RowContext, same?: ReadonlySet<GraderKey>): ReadonlySet<GraderKey> {
  if (c.cls !== 'disagree') return noOutliers
  const { marks } = c
  const byScore = usesTolerance(ctx.scale)
  const mid = byScore ? medianScore(marks) : 0
  const limit = ctx.tolerancePts + 1e-9
  if (same) {
    let n = 0
    let kept = true
    for (const m of marks)
      if (!byScore || Math.abs(m.score - mid) > limit) {
        n++
        if (!same.has(m.graderKey)) kept = false
      }
    if (kept && n === same.size) return same
  }
  const found = new Set<GraderKey>()
  for (const m of marks) if (!byScore || Math.abs(m.score - mid) > limit) found.add(m.graderKey)
  return found
}

/** The marks' median score; two or three marks (the usual) without making arrays. */
function medianScore(marks: readonly Mark[]): number {
  if (marks.length === 2) return (marks[0]!.score + marks[1]!.score) / 2
  if (marks.length === 3) {
    const a = marks[0]!.score
    const b = marks[1]!.score
    const c = marks[2]!.score
    return a > b ? (b > c ? b : a > c ? c : a) : a > c ? a : b > c ? c : b
  }
  return median(marks.map((m) => m.score))
}

// Written out, not `{ ...base, c, … }`: at 10,000 students a tolerance change builds many rows at once.
function finishRow(base: RowBase, c: ClassifiedStudent, outliers: ReadonlySet<GraderKey>): GridRow {
  return {
    key: base.key,
    student: base.student,
    label: base.label,
    searchText: base.searchText,
    facts: base.facts,
    markers: base.markers,
    byGrader: base.byGrader,
    finalGrade: base.finalGrade,
    selectedGrade: base.selectedGrade,
    selectedGradeId: base.selectedGradeId,
    spread: c.spread,
    mean: base.mean,
    stale: c.stale,
    hasSelection: base.hasSelection,
    c,
    disagree: c.cls === 'disagree',
    outliers,
  }
}

const sameScale = (a: GradeScale, b: GradeScale) =>
  a.kind === b.kind && a.gradingType === b.gradingType && a.pointsPossible === b.pointsPossible

/**
 * Rows by student object, kept across renders and tolerances: a row is rebuilt only when its student or facts
 * changed; another tolerance re-decides only what it changes (the class, the marked outliers), and keeps the row
 * itself where the student's class object (classifyCached) and marked outliers stayed the same, so those rows do
 * not render again.
 */
const rows = new WeakMap<
  GradeableStudent,
  { facts: StudentFacts | undefined; scale: GradeScale; tol: number; base: RowBase; row: GridRow }
>()

export function gridRow(student: GradeableStudent, facts: StudentFacts | undefined, ctx: RowContext): GridRow {
  const c = classifyCached(student, ctx.tolerancePts, ctx.scale)
  let hit = rows.get(student)
  if (!hit || hit.facts !== facts || !sameScale(hit.scale, ctx.scale)) {
    const base = rowBase(student, facts, ctx.scale)
    hit = { facts, scale: ctx.scale, tol: ctx.tolerancePts, base, row: finishRow(base, c, outliersOf(c, ctx)) }
    rows.set(student, hit)
  } else if (hit.row.c !== c) hit.row = finishRow(hit.base, c, outliersOf(c, ctx))
  else if (hit.tol !== ctx.tolerancePts && c.cls === 'disagree') {
    // Still a disagreement, at another tolerance: which graders lie beyond it may have changed.
    const outliers = outliersOf(c, ctx, hit.row.outliers)
    if (outliers !== hit.row.outliers) hit.row = finishRow(hit.base, c, outliers)
  }
  hit.tol = ctx.tolerancePts
  return hit.row
}

/** The rows for one tolerance and grading scale (see gridRow). */
export function createRowCache(ctx: RowContext = defaultContext) {
  return (student: GradeableStudent, facts?: StudentFacts): GridRow => gridRow(student, facts, ctx)
}

/** The grid's own narrowing: search and section. Classes, flags and selection are the triage chips (onlyKeys). */
export interface RowFilters {
  search: string
  /** A section name; '' for every section. */
  section: string
}

export const noFilters: RowFilters = { search: '', section: '' }

export function matchesFilters(row: GridRow, f: RowFilters): boolean {
  return rowFilter(f)(row)
}

/**
 * The filters as a test of one row, the search words taken apart once: not once per row, which at 10,000 rows was
 * most of a keystroke's task at 4x CPU throttling (issue #17).
 */
function rowFilter(f: RowFilters): (row: GridRow) => boolean {
  const { section } = f
  const words = f.search ? searchKey(f.search).split(/\s+/).filter(Boolean) : []
  return (row) => {
    if (section && !row.facts?.sections.includes(section)) return false
    for (const w of words) if (!row.searchText.includes(w)) return false
    return true
  }
}

export function hasFilters(f: RowFilters): boolean {
  return f.section !== '' || f.search.trim() !== ''
}

/** Rows matching the filters, in the given order; the same array when no filter is on. */
export function filterRows(rows: GridRow[], f: RowFilters): GridRow[] {
  if (!hasFilters(f)) return rows
  return rows.filter(rowFilter(f))
}

export type SortOrder = 'name-asc' | 'name-desc' | 'spread-desc' | 'spread-asc' | 'mean-desc' | 'mean-asc'

/** How two rows' names compare (the collator's order; the row sorter may pass a faster one with the same order). */
export type NameCompare = (a: GridRow, b: GridRow) => number
const byLabel: NameCompare = (a, b) => collator.compare(a.label, b.label)

/** Rows without a value (one grader, no grade) go last in either direction; ties by name. */
function byValue(get: (r: GridRow) => number | null, desc: boolean, byName: NameCompare) {
  return (a: GridRow, b: GridRow): number => {
    const x = get(a)
    const y = get(b)
    if (x !== y) {
      if (x === null) return 1
      if (y === null) return -1
      return desc ? y - x : x - y
    }
    return byName(a, b)
  }
}

export function compareRows(order: SortOrder, byName: NameCompare = byLabel): (a: GridRow, b: GridRow) => number {
  switch (order) {
    case 'spread-desc':
    case 'spread-asc':
      return byValue((r) => r.spread, order === 'spread-desc', byName)
    case 'mean-desc':
    case 'mean-asc':
      return byValue((r) => r.mean, order === 'mean-desc', byName)
    default:
      return (a, b) => {
        const c = byName(a, b)
        return order === 'name-asc' ? c : -c
      }
  }
}

/** Whether two names are the same to the collator (ties in a sort by name). */
export const sameName = (a: string, b: string) => collator.compare(a, b) === 0

/** A grade as Canvas formats it for the assignment's grading type: "17", "85%", "B+ (17)", "Complete". */
export function gradeText(g: ProvisionalGrade, kind: GradeKind = 'points'): string {
  return gradeDisplay(g, kind)
}
