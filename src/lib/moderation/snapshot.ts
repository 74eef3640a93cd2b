import type { AssignmentRef } from '../../../canvas/keys'
import type { ClassifiedStudent } from '../../../lib/moderation/classify'

/** Every student's selection before rules were applied, kept in this browser until replaced. */
export interface SelectionSnapshot {
  takenAt: string
  selections: { studentKey: string; label: string; gradeId: number | null }[]
}

const key = (ref: AssignmentRef) => `moderation-desk:snapshot:${ref.courseId}:${ref.assignmentId}`

export function takeSnapshot(students: ClassifiedStudent[]): SelectionSnapshot {
  return {
    takenAt: new Date().toISOString(),
    selections: students.map((s) => ({ studentKey: s.key, label: s.label, gradeId: s.selectedGradeId })),
  }
}

/** This browser's local storage: the snapshot is there to undo a rule in this browser, not to be shared. */
export function readSnapshot(ref: AssignmentRef): SelectionSnapshot | null {
  try {
    const raw = localStorage.getItem(key(ref))
    return raw ? (JSON.parse(raw) as SelectionSnapshot) : null
  } catch {
    return null
  }
}

export function writeSnapshot(ref: AssignmentRef, snapshot: SelectionSnapshot): void {
  localStorage.setItem(key(ref), JSON.stringify(snapshot))
}

export interface RestorePlan {
  /** Grade ids to select again. */
  items: { studentKey: string; label: string; gradeId: number }[]
  /** Had no selection in the snapshot but have one now: Canvas has no call that clears a selection. */
  cannotClear: { studentKey: string; label: string }[]
}

export function planRestore(snapshot: SelectionSnapshot, current: ReadonlyMap<string, number | null>): RestorePlan {
  const plan: RestorePlan = { items: [], cannotClear: [] }
  for (const s of snapshot.selections) {
    const now = current.get(s.studentKey)
    if (now === undefined || now === s.gradeId) continue
    if (s.gradeId === null) plan.cannotClear.push({ studentKey: s.studentKey, label: s.label })
    else plan.items.push({ studentKey: s.studentKey, label: s.label, gradeId: s.gradeId })
  }
  return plan
}
