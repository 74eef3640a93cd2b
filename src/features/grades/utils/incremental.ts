/**
 * Roster-wide figures computed page by page. A roster is a list of page arrays; an optimistic selection or a
 * landing page replaces one page array and keeps the others, so a figure is recomputed for the changed pages
 * only (WeakMap per page array) and the per-page parts are combined — never a re-scan of every student.
 */
import type { GradeableStudent, GraderKey, ProvisionalGrade } from '../../../canvas/types'
import { compareRows, deriveGradersFromFirstGrades, type Grader, type GridRow, type SortOrder } from './grid-rows'
import { publishChoice, type PublishReadiness } from './publish-readiness'
import type { Roster } from './roster'

type Page = GradeableStudent[]

function perPage<T>(compute: (page: Page) => T): (page: Page) => T {
  const cache = new WeakMap<Page, T>()
  return (page) => {
    let v = cache.get(page)
    if (v === undefined) {
      v = compute(page)
      cache.set(page, v)
    }
    return v
  }
}

// ---- publish readiness ----

interface ReadinessPart {
  blockers: GradeableStudent[]
  stale: GradeableStudent[]
  gradesToWrite: number
  ungraded: number
}

const readinessOfPage = perPage<ReadinessPart>((page) => {
  const part: ReadinessPart = { blockers: [], stale: [], gradesToWrite: 0, ungraded: 0 }
  for (const s of page) {
    const choice = publishChoice(s)
    if (choice.kind === 'skipped') part.ungraded++
    else if (choice.kind === 'blocked') part.blockers.push(s)
    else {
      part.gradesToWrite++
      if (!choice.grade.matchesCurrentSubmission) part.stale.push(s)
    }
  }
  return part
})

/** Same result as publishReadiness(rosterStudents(roster)), recomputing only pages that changed. */
export function rosterReadiness(roster: Roster | undefined): PublishReadiness {
  const blockers: GradeableStudent[] = []
  const stale: GradeableStudent[] = []
  let gradesToWrite = 0
  let ungraded = 0
  for (const page of roster?.pages ?? []) {
    if (!page) continue
    const p = readinessOfPage(page)
    if (p.blockers.length) blockers.push(...p.blockers)
    if (p.stale.length) stale.push(...p.stale)
    gradesToWrite += p.gradesToWrite
    ungraded += p.ungraded
  }
  return { blockers, stale, gradesToWrite, ungraded, ready: blockers.length === 0 }
}

// ---- selection counts ----

const selectedOfPage = perPage((page) => {
  let n = 0
  for (const s of page) if (s.selectedGradeId !== null) n++
  return n
})

export function rosterSelectionCounts(roster: Roster | undefined): { total: number; selected: number } {
  let total = 0
  let selected = 0
  for (const page of roster?.pages ?? []) {
    if (!page) continue
    total += page.length
    selected += selectedOfPage(page)
  }
  return { total, selected }
}

// ---- graders ----

const firstGradesOfPage = perPage((page) => {
  const keys = new Map<GraderKey, ProvisionalGrade>()
  for (const s of page) for (const g of s.grades) if (!g.final && !keys.has(g.graderKey)) keys.set(g.graderKey, g)
  return keys
})

/** deriveGraders over the whole roster, one page at a time. */
export function rosterGraders(roster: Roster | undefined, names: ReadonlyMap<number, string>): Grader[] {
  const keys = new Map<GraderKey, ProvisionalGrade>()
  for (const page of roster?.pages ?? []) {
    if (!page) continue
    for (const [k, g] of firstGradesOfPage(page)) if (!keys.has(k)) keys.set(k, g)
  }
  return deriveGradersFromFirstGrades(keys, names)
}

// ---- named students (moderation-set candidates) ----

export interface NamedStudent {
  userId: number
  name: string
}

const namedOfPage = perPage((page) =>
  page.flatMap((s) => (s.userId !== undefined && !s.anonymous ? [{ userId: s.userId, name: s.displayName }] : [])),
)

/** Named students in roster order; returns `previous` itself when nothing changed (cheap equality for React). */
export function rosterNamedStudents(roster: Roster | undefined, previous?: NamedStudent[]): NamedStudent[] {
  const out: NamedStudent[] = []
  for (const page of roster?.pages ?? []) if (page) for (const s of namedOfPage(page)) out.push(s)
  if (
    previous &&
    previous.length === out.length &&
    previous.every((p, i) => p.userId === out[i]!.userId && p.name === out[i]!.name)
  )
    return previous
  return out
}

// ---- sorted rows ----

interface SortKey {
  label: string
  spread: number | null
}

/**
 * Keeps the grid's sort order across renders. Selections do not move rows, so the order (by student key) is
 * reused and only mapped to the current row objects; rows of newly landed pages are sorted among themselves
 * and merged in (O(N) per page instead of a full sort); only a changed name or spread, or another sort order,
 * sorts everything again.
 */
export function createRowSorter() {
  let order: SortOrder | null = null
  let keys: string[] = []
  let sortedBy = new Map<string, SortKey>()
  let lastRows: GridRow[] | null = null
  let lastResult: GridRow[] = []

  return function sortRows(rows: GridRow[], sortOrder: SortOrder): GridRow[] {
    if (rows === lastRows && sortOrder === order) return lastResult
    const compare = compareRows(sortOrder)
    const byKey = new Map<string, GridRow>()
    const added: GridRow[] = []
    let dirty = sortOrder !== order
    for (const r of rows) {
      byKey.set(r.key, r)
      if (dirty) continue
      const k = sortedBy.get(r.key)
      if (!k) added.push(r)
      else if (k.label !== r.label || k.spread !== r.spread) dirty = true
    }
    if (!dirty && byKey.size !== keys.length + added.length) dirty = true // rows went away
    let sorted: GridRow[]
    if (dirty) {
      sorted = rows.slice().sort(compare)
    } else {
      const old = keys.map((k) => byKey.get(k)!)
      if (added.length === 0) sorted = old
      else {
        added.sort(compare)
        sorted = new Array<GridRow>(old.length + added.length)
        let i = 0
        let j = 0
        let o = 0
        while (i < old.length && j < added.length)
          sorted[o++] = compare(old[i]!, added[j]!) <= 0 ? old[i++]! : added[j++]!
        while (i < old.length) sorted[o++] = old[i++]!
        while (j < added.length) sorted[o++] = added[j++]!
      }
    }
    if (dirty || added.length) {
      keys = sorted.map((r) => r.key)
      if (dirty) sortedBy = new Map()
      for (const r of dirty ? sorted : added) sortedBy.set(r.key, { label: r.label, spread: r.spread })
    }
    order = sortOrder
    lastRows = rows
    lastResult = sorted
    return sorted
  }
}

/** A react-query `select` for the roster: named students, the same array while they are the same. */
export function namedStudentsSelector(): (roster: Roster) => NamedStudent[] {
  let previous: NamedStudent[] | undefined
  return (roster) => (previous = rosterNamedStudents(roster, previous))
}
