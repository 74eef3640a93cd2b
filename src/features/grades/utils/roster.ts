import { replaceEqualDeep } from '@tanstack/react-query'
import type { PageChunk } from '../../../canvas/pagination'
import type { GradeableStudent } from '../../../canvas/types'
import { formatCount } from '../../../lib/format'

/** The gradeable_students cache entry: pages land out of order, so they are kept by page index. */
export interface Roster {
  pages: GradeableStudent[][]
  loadedPages: number
  totalPages: number | undefined
  perPage: number | undefined
  complete: boolean
  /** Rows Canvas sent that could not be read (left out of `pages`): students this roster does not show. */
  notShown: number
}

/** Pages that landed together (one cache update), or the end of the collection. */
export type RosterChunk = { type: 'pages'; pages: PageChunk<GradeableStudent>[] } | { type: 'done' }

export const emptyRoster: Roster = {
  pages: [],
  loadedPages: 0,
  totalPages: undefined,
  perPage: undefined,
  complete: false,
  notShown: 0,
}

/**
 * React Query's structural sharing, page by page: a page the update kept (the same array) is kept without looking
 * inside it; any other page is shared deeply with the one it replaces, so a refetch that brings the same students
 * keeps their objects (and the rows and classes made from them). The default shares the whole roster deeply on
 * every update: at 10,000 students a selection (one student changed) walked all of them.
 */
export function shareRoster(old: unknown, next: unknown): unknown {
  // A `select`ed value (React Query shares those with this function too) keeps its own identity: the roster's
  // selectors return their previous result while it holds (namedStudentsSelector).
  if (!isRoster(old) || !isRoster(next)) return next
  let same = old.pages.length === next.pages.length
  const pages = next.pages.map((page, i) => {
    const was = old.pages[i]
    const shared = page === was || !was || !page ? page : replaceEqualDeep(was, page)
    if (shared !== was) same = false
    return shared
  })
  const roster = { ...next, pages: same ? old.pages : pages }
  return same &&
    old.loadedPages === roster.loadedPages &&
    old.totalPages === roster.totalPages &&
    old.perPage === roster.perPage &&
    old.complete === roster.complete &&
    old.notShown === roster.notShown
    ? old
    : roster
}

function isRoster(x: unknown): x is Roster {
  return typeof x === 'object' && x !== null && Array.isArray((x as Roster).pages)
}

export function applyRosterChunk(roster: Roster, chunk: RosterChunk): Roster {
  if (chunk.type === 'done') return { ...roster, complete: true, totalPages: roster.pages.length }
  const pages = roster.pages.slice()
  let { totalPages, perPage, notShown } = roster
  for (const page of chunk.pages) {
    pages[page.page - 1] = page.items
    totalPages = page.totalPages ?? totalPages
    perPage = page.perPage ?? perPage
    notShown += page.skipped.length
  }
  return {
    pages,
    loadedPages: roster.loadedPages + chunk.pages.length,
    totalPages,
    perPage,
    complete: false,
    notShown,
  }
}

/**
 * The page numbers not in the roster yet, when page 1 told how many there are (a numbered collection); null when it
 * did not (the pages were followed by `next` links, so the missing ones cannot be named).
 */
export function missingPages(roster: Roster): number[] | null {
  if (roster.complete) return []
  if (roster.totalPages === undefined) return null
  const missing: number[] = []
  for (let p = 1; p <= roster.totalPages; p++) if (!roster.pages[p - 1]) missing.push(p)
  return missing
}

/**
 * Every loaded student of a roster in page order, optionally only those `keep` keeps: one array per roster object,
 * shared by everything that reads it. When a roster differs from the last one only by pages replaced with pages
 * of as many kept students (a selection), the last array is copied and only those pages are written into it.
 */
function createFlattener(keep?: (s: GradeableStudent) => boolean) {
  const byRoster = new WeakMap<Roster, GradeableStudent[]>()
  let last: { pages: Roster['pages']; counts: number[]; out: GradeableStudent[] } | null = null
  const kept = (page: readonly GradeableStudent[] | undefined) => (!page ? [] : keep ? page.filter(keep) : page)
  return (roster: Roster): GradeableStudent[] => {
    const hit = byRoster.get(roster)
    if (hit) return hit
    let out: GradeableStudent[] | null = null
    let counts: number[] = []
    if (last && last.pages.length === roster.pages.length) {
      out = last.out
      counts = last.counts
      let start = 0
      for (let p = 0; p < roster.pages.length && out; p++) {
        const page = roster.pages[p]
        if (page !== last.pages[p]) {
          const students = kept(page)
          if (students.length !== counts[p]) out = null
          else {
            if (out === last.out) out = last.out.slice()
            for (let i = 0; i < students.length; i++) out[start + i] = students[i]!
          }
        }
        start += counts[p]!
      }
    }
    if (!out) {
      out = []
      counts = roster.pages.map((page) => {
        const students = kept(page)
        for (const s of students) out!.push(s)
        return students.length
      })
    }
    last = { pages: roster.pages, counts, out }
    byRoster.set(roster, out)
    return out
  }
}

const noStudents: GradeableStudent[] = []
const everyStudent = createFlattener()
const withoutTestStudent = createFlattener((s) => !s.testStudent)

/** Every loaded student, in page order (see createFlattener). Do not change the array. */
export function rosterStudents(roster: Roster | undefined): GradeableStudent[] {
  return roster ? everyStudent(roster) : noStudents
}

/**
 * The loaded students without the test student (Student View), who is nobody's grade: what triage, rules,
 * agreement and exports read. Do not change the array.
 */
export function gradedStudents(roster: Roster | undefined): GradeableStudent[] {
  return roster ? withoutTestStudent(roster) : noStudents
}

export function loadedCount(roster: Roster): number {
  let n = 0
  for (const page of roster.pages) if (page) n += page.length
  return n
}

/**
 * Honest progress text: the total is an estimate (last page number × per_page) until every page is in.
 * "Loaded 300 students of about 1,200"; with no `last` link, just "Loaded 300 students".
 */
export function rosterProgressText(roster: Roster): string {
  const loaded = loadedCount(roster)
  if (roster.complete) return `Loaded all ${formatCount(loaded)} students`
  if (roster.totalPages && roster.perPage) {
    const lastPage = roster.pages[roster.totalPages - 1]
    if (lastPage) {
      const estimate = (roster.totalPages - 1) * roster.perPage + lastPage.length
      return `Loaded ${formatCount(loaded)} students of about ${formatCount(Math.max(estimate, loaded))}`
    }
    return `Loaded ${formatCount(loaded)} students of about ${formatCount(Math.max(roster.totalPages * roster.perPage, loaded))}`
  }
  return `Loaded ${formatCount(loaded)} students…`
}
