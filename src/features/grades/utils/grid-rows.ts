import type { GradeableStudent, GraderKey, ProvisionalGrade } from '../../../canvas/types'
import { formatNumber } from '../../../lib/format'
import { gradeDisplay, type GradeKind } from '../../../lib/grading-type'
import { categoryKey, pointsScale, type GradeScale } from '../../../lib/moderation/grade-scale'
import { markersOf, type Marker, type StudentFacts } from './student-facts'

export interface Grader {
  key: GraderKey
  /** The grader's name, or "Grader N" when the caller may not see grader identities. */
  label: string
  named: boolean
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
    if (g.scorerId !== undefined) named.push({ key, label: names.get(g.scorerId) ?? `User ${g.scorerId}`, named: true })
    else anonymous.push(key)
  }
  named.sort((a, b) => collator.compare(a.label, b.label))
  anonymous.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return [...named, ...anonymous.map((key, i) => ({ key, label: `Grader ${i + 1}`, named: false }))]
}

export interface GridRow {
  key: string
  student: GradeableStudent
  label: string
  /** `label` lower-cased once, for search. */
  searchText: string
  byGrader: Record<GraderKey, ProvisionalGrade>
  finalGrade: ProvisionalGrade | undefined
  selectedGradeId: number | null
  /** max − min of the provisional (non-final) scores; null with fewer than two scores. */
  spread: number | null
  disagree: boolean
  stale: boolean
  hasSelection: boolean
  /** Enrolment, sections and submission facts, when known (student-facts.ts). */
  facts: StudentFacts | undefined
  /** What the row header says about the student besides the name ("Test student", "Excused"). */
  markers: Marker[]
}

export function toGridRow(student: GradeableStudent, facts?: StudentFacts, scale: GradeScale = pointsScale): GridRow {
  const byGrader: Record<GraderKey, ProvisionalGrade> = {}
  let finalGrade: ProvisionalGrade | undefined
  const scores: number[] = []
  let stale = false
  for (const g of student.grades) {
    if (g.final) finalGrade = g
    else {
      byGrader[g.graderKey] = g
      if (g.score !== null) scores.push(g.score)
    }
    if (!g.matchesCurrentSubmission) stale = true
  }
  const spread = scores.length >= 2 ? Math.max(...scores) - Math.min(...scores) : null
  // Pass/fail (and letters without points): graders disagree when they give different grades (grade-scale.ts).
  const categories = scale.kind === 'categories'
  const keys = categories
    ? new Set(
        Object.values(byGrader).flatMap((g) =>
          g.gradedAt === null && g.score === null ? [] : [categoryKey(g, scale)],
        ),
      )
    : null
  return {
    key: student.key,
    student,
    label: student.displayName,
    searchText: student.displayName.toLocaleLowerCase(),
    facts,
    markers: markersOf(student, facts),
    byGrader,
    finalGrade,
    selectedGradeId: student.selectedGradeId,
    spread,
    disagree: keys ? keys.size > 1 : spread !== null && spread > 0,
    stale,
    hasSelection: student.selectedGradeId !== null,
  }
}

/** Keeps row objects stable across renders: a row is rebuilt only when its student or facts object changed. */
export function createRowCache(scale: GradeScale = pointsScale) {
  const cache = new WeakMap<GradeableStudent, GridRow>()
  return (student: GradeableStudent, facts?: StudentFacts): GridRow => {
    let row = cache.get(student)
    if (!row || row.facts !== facts) {
      row = toGridRow(student, facts, scale)
      cache.set(student, row)
    }
    return row
  }
}

export interface RowFilters {
  noSelection: boolean
  disagree: boolean
  stale: boolean
  search: string
  /** A section name; '' for every section. */
  section: string
}

export const noFilters: RowFilters = { noSelection: false, disagree: false, stale: false, search: '', section: '' }

export function matchesFilters(row: GridRow, f: RowFilters): boolean {
  if (f.noSelection && row.hasSelection) return false
  if (f.disagree && !row.disagree) return false
  if (f.stale && !row.stale) return false
  if (f.section && !row.facts?.sections.includes(f.section)) return false
  if (f.search && !row.searchText.includes(f.search.trim().toLocaleLowerCase())) return false
  return true
}

export function hasFilters(f: RowFilters): boolean {
  return f.noSelection || f.disagree || f.stale || f.section !== '' || f.search.trim() !== ''
}

/** Rows matching the filters, in the given order; the same array when no filter is on. */
export function filterRows(rows: GridRow[], f: RowFilters): GridRow[] {
  if (!hasFilters(f)) return rows
  const search = f.search.trim().toLocaleLowerCase()
  const g = { ...f, search }
  return rows.filter((r) => matchesFilters(r, g))
}

export type SortOrder = 'name-asc' | 'name-desc' | 'spread-desc'

export function compareRows(order: SortOrder) {
  return (a: GridRow, b: GridRow): number => {
    if (order === 'spread-desc') {
      const d = (b.spread ?? -1) - (a.spread ?? -1)
      if (d !== 0) return d
      return collator.compare(a.label, b.label)
    }
    const c = collator.compare(a.label, b.label)
    return order === 'name-asc' ? c : -c
  }
}

export function formatScore(score: number | null): string {
  return score === null ? 'no score' : formatNumber(score)
}

/** A grade as Canvas formats it for the assignment's grading type: "17", "85%", "B+ (17)", "Complete". */
export function gradeText(g: ProvisionalGrade, kind: GradeKind = 'points'): string {
  return gradeDisplay(g, kind)
}
