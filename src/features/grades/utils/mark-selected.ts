import type { GradeableStudent, ProvisionalGrade } from '../../../canvas/types'
import type { Roster } from './roster'

function updateStudent(roster: Roster, studentKey: string, update: (s: GradeableStudent) => GradeableStudent): Roster {
  let changed = false
  const pages = roster.pages.map((page) => {
    if (!page) return page
    const i = page.findIndex((s) => s.key === studentKey)
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
    const s = page?.find((x) => x.key === studentKey)
    if (s) return s
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
