/**
 * Roster-wide figures computed page by page. A roster is a list of page arrays; an optimistic selection or a
 * landing page replaces one page array and keeps the others, so a figure is recomputed for the changed pages
 * only (WeakMap per page array) and the per-page parts are combined — never a re-scan of every student.
 */
import type { GradeableStudent, GraderKey, ProvisionalGrade } from '../../../canvas/types'
import { deriveGradersFromFirstGrades, type Grader } from './grid-rows'
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
  const notShown = roster?.notShown ?? 0
  return { blockers, stale, gradesToWrite, ungraded, notShown, ready: blockers.length === 0 && notShown === 0 }
}

// ---- selection counts ----

const selectedOfPage = perPage((page) => {
  let n = 0
  let students = 0
  let testStudents = 0
  for (const s of page) {
    if (s.testStudent) testStudents++
    else {
      students++
      if (s.selectedGradeId !== null) n++
    }
  }
  return { students, selected: n, testStudents }
})

/** Selected grades among real students: the test student (Student View) is nobody's grade, so not counted. */
export function rosterSelectionCounts(roster: Roster | undefined): {
  total: number
  selected: number
  testStudents: number
} {
  let total = 0
  let selected = 0
  let testStudents = 0
  for (const page of roster?.pages ?? []) {
    if (!page) continue
    const p = selectedOfPage(page)
    total += p.students
    selected += p.selected
    testStudents += p.testStudents
  }
  return { total, selected, testStudents }
}

// ---- graders ----

const firstGradesOfPage = perPage((page) => {
  const keys = new Map<GraderKey, ProvisionalGrade>()
  for (const s of page) for (const g of s.grades) if (!g.final && !keys.has(g.graderKey)) keys.set(g.graderKey, g)
  return keys
})

const gradersOf = new WeakMap<Roster, { names: ReadonlyMap<number, string>; graders: Grader[] }>()

/** deriveGraders over the whole roster, one page at a time; once per roster object and names. */
export function rosterGraders(roster: Roster | undefined, names: ReadonlyMap<number, string>): Grader[] {
  const hit = roster && gradersOf.get(roster)
  if (hit && hit.names === names) return hit.graders
  const graders = gradersOfPages(roster, names)
  if (roster) gradersOf.set(roster, { names, graders })
  return graders
}

function gradersOfPages(roster: Roster | undefined, names: ReadonlyMap<number, string>): Grader[] {
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

const sameNamed = (a: NamedStudent[], b: NamedStudent[]) =>
  a.length === b.length && a.every((p, i) => p.userId === b[i]!.userId && p.name === b[i]!.name)

/** Named students in roster order; returns `previous` itself when nothing changed (cheap equality for React). */
export function rosterNamedStudents(roster: Roster | undefined, previous?: NamedStudent[]): NamedStudent[] {
  const out: NamedStudent[] = []
  for (const page of roster?.pages ?? []) if (page) for (const s of namedOfPage(page)) out.push(s)
  return previous && sameNamed(previous, out) ? previous : out
}

/**
 * A react-query `select` for the roster: named students, the same array while they are the same. A roster whose
 * replaced pages name the same students as the pages they replace (a selection) is answered without a pass over
 * every student.
 */
export function namedStudentsSelector(): (roster: Roster) => NamedStudent[] {
  let previous: NamedStudent[] | undefined
  let lastPages: Roster['pages'] | undefined
  return (roster) => {
    const was = lastPages
    lastPages = roster.pages
    if (
      previous &&
      was &&
      was.length === roster.pages.length &&
      roster.pages.every((page, i) => {
        const old = was[i]
        return page === old || (!!page && !!old && sameNamed(namedOfPage(old), namedOfPage(page)))
      })
    )
      return previous
    return (previous = rosterNamedStudents(roster, previous))
  }
}
