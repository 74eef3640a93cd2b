import { useSyncExternalStore } from 'react'
import type { AssignmentRef } from '../../canvas/keys'
import { storedJson } from '../stored-json'

/**
 * Every student's selection just before a bulk action (accepting a grader's grades, applying rules, restoring),
 * kept in this browser until the next bulk action replaces it. It is there to put selections back in this browser,
 * not to be shared; it holds grade ids and the row labels the page already shows, nothing more.
 */
export interface SelectionSnapshot {
  takenAt: string
  /** What was about to happen: "accepting grades from Reyes", "applying the rules", "restoring a snapshot". */
  before?: string
  selections: { studentKey: string; label: string; gradeId: number | null }[]
}

/** A row as the pages have it: its key, its label and the grade selected now. */
export interface SnapshotRow {
  key: string
  label: string
  selectedGradeId: number | null
}

const key = (ref: AssignmentRef) => `moderation-desk:snapshot:${ref.courseId}:${ref.assignmentId}`

export function takeSnapshot(rows: readonly SnapshotRow[], before?: string): SelectionSnapshot {
  return {
    takenAt: new Date().toISOString(),
    ...(before ? { before } : {}),
    selections: rows.map((s) => ({ studentKey: s.key, label: s.label, gradeId: s.selectedGradeId })),
  }
}

/** Snapshots kept per assignment, newest first: a restore that goes wrong still leaves the one before it. */
export const KEPT_SNAPSHOTS = 5

const listeners = new Set<() => void>()
const none: readonly SelectionSnapshot[] = []
const readStored = storedJson<readonly SelectionSnapshot[]>(none, (json) =>
  Array.isArray(json)
    ? (json as SelectionSnapshot[])
    : json && typeof json === 'object'
      ? [json as SelectionSnapshot]
      : none,
)

/** This browser's local storage, newest first (an older version kept one snapshot, not a list). */
export function readSnapshots(ref: AssignmentRef): readonly SelectionSnapshot[] {
  return readStored(key(ref))
}

/**
 * Keep `snapshot` as the assignment's newest snapshot (the oldest beyond KEPT_SNAPSHOTS is dropped). Throws when
 * the browser will not store it (storage full or disabled): a bulk action must not start believing it has a way
 * back that it does not have.
 */
export function writeSnapshot(ref: AssignmentRef, snapshot: SelectionSnapshot): void {
  const list = [snapshot, ...readSnapshots(ref)].slice(0, KEPT_SNAPSHOTS)
  localStorage.setItem(key(ref), JSON.stringify(list))
  for (const l of listeners) l()
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  // Another tab of this browser taking a snapshot.
  const onStorage = (e: StorageEvent) => {
    if (e.key?.startsWith('moderation-desk:snapshot:')) listener()
  }
  window.addEventListener('storage', onStorage)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('storage', onStorage)
  }
}

/** The assignment's snapshots, newest first, kept current as bulk actions anywhere on the page replace them. */
export function useSnapshots(ref: AssignmentRef): readonly SelectionSnapshot[] {
  return useSyncExternalStore(
    subscribe,
    () => readSnapshots(ref),
    () => none,
  )
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
