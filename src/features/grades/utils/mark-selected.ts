import type { GradeableStudent, ProvisionalGrade } from '../../../canvas/types'
import type { Roster } from './roster'

/**
 * Each page's students by key, kept per page array: a selection replaces one page, so finding a student among
 * 10,000 is a lookup in each of 100 pages (one of them indexed again) rather than 10,000 string comparisons.
 */
const pageIndex = new WeakMap<readonly GradeableStudent[], Map<string, number>>()
function indexIn(page: readonly GradeableStudent[], studentKey: string): number {
  let index = pageIndex.get(page)
  if (!index) {
    index = new Map()
    for (let i = page.length - 1; i >= 0; i--) index.set(page[i]!.key, i) // the first of any repeated key wins
    pageIndex.set(page, index)
  }
  return index.get(studentKey) ?? -1
}

function updateStudent(roster: Roster, studentKey: string, update: (s: GradeableStudent) => GradeableStudent): Roster {
  let changed = false
  const pages = roster.pages.map((page) => {
    if (!page) return page
    const i = indexIn(page, studentKey)
    if (i === -1) return page
    const next = update(page[i]!)
    if (next === page[i]) return page
    changed = true
    const copy = page.slice()
    copy[i] = next
    return copy
  })
  return changed ? { ...roster, pages } : roster
}

export function findStudent(roster: Roster | undefined, studentKey: string): GradeableStudent | undefined {
  if (!roster) return undefined
  for (const page of roster.pages) {
    const i = page ? indexIn(page, studentKey) : -1
    if (i !== -1) return page![i]
  }
  return undefined
}

export function selectedGradeIdOf(roster: Roster | undefined, studentKey: string): number | null | undefined {
  return findStudent(roster, studentKey)?.selectedGradeId
}

/**
 * The optimistic transform: mark one student's selected provisional grade (or clear it with null).
 * Only that student's object (and its page array) is replaced, so memoized rows elsewhere don't re-render.
 */
export function markSelected(roster: Roster, studentKey: string, gradeId: number | null): Roster {
  return updateStudent(roster, studentKey, (s) =>
    s.selectedGradeId === gradeId ? s : { ...s, selectedGradeId: gradeId, inModerationSet: gradeId !== null },
  )
}

/** Apply many server-confirmed selections at once (bulk_select results). */
export function markManySelected(
  roster: Roster,
  selections: { studentKey: string; selectedGradeId: number }[],
): Roster {
  if (selections.length === 0) return roster
  const byKey = new Map(selections.map((s) => [s.studentKey, s.selectedGradeId]))
  let changed = false
  const pages = roster.pages.map((page) => {
    if (!page || !page.some((s) => byKey.has(s.key) && s.selectedGradeId !== byKey.get(s.key))) return page
    changed = true
    return page.map((s) => {
      const id = byKey.get(s.key)
      return id === undefined || s.selectedGradeId === id ? s : { ...s, selectedGradeId: id, inModerationSet: true }
    })
  })
  return changed ? { ...roster, pages } : roster
}

/** Replace a student's provisional grades (after a custom grade), keeping Canvas's order: final last. */
export function replaceGrades(roster: Roster, studentKey: string, grades: ProvisionalGrade[]): Roster {
  const ordered = [...grades.filter((g) => !g.final), ...grades.filter((g) => g.final)]
  return updateStudent(roster, studentKey, (s) => ({ ...s, grades: ordered }))
}
