import { useSyncExternalStore } from 'react'
import type { AssignmentRef } from '../../canvas/keys'
import { storedJson } from '../stored-json'

/**
 * Why a sample put each student in the moderation set, kept in this browser per assignment. Canvas's moderation set
 * is a bare list of students (moderated_grading_selections has no note or reason: app/models/
 * moderated_grading/selection.rb), so the reason lives here. It holds user ids and the reasons, no names: the
 * moderation set panel has the names from Canvas.
 */
export interface SampleReason {
  reasons: string[]
  sampledAt: string
  /** True when the sample added the student; false when they were already in the set. */
  added: boolean
}

/** By user id (the moderation set's own key). */
export type SampleReasons = Readonly<Record<string, SampleReason>>

const PREFIX = 'moderation-desk:sample-reasons:'
const key = (ref: AssignmentRef) => `${PREFIX}${ref.courseId}:${ref.assignmentId}`

const listeners = new Set<() => void>()
// useSyncExternalStore compares by identity: the parsed value is kept per key until the stored text changes.
const none: SampleReasons = Object.freeze({})

function isReason(v: unknown): v is SampleReason {
  if (!v || typeof v !== 'object') return false
  const r = v as Partial<SampleReason>
  return Array.isArray(r.reasons) && r.reasons.every((x) => typeof x === 'string') && typeof r.sampledAt === 'string'
}

const readStored = storedJson<SampleReasons>(none, (json) => {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return none
  const out: Record<string, SampleReason> = {}
  for (const [id, r] of Object.entries(json)) if (isReason(r)) out[id] = { ...r, added: r.added === true }
  return out
})

export function readSampleReasons(ref: AssignmentRef): SampleReasons {
  return readStored(key(ref))
}

function write(ref: AssignmentRef, value: SampleReasons | null): void {
  if (value === null) localStorage.removeItem(key(ref))
  else localStorage.setItem(key(ref), JSON.stringify(value))
  for (const l of listeners) l()
}

/**
 * Keep the reasons of a sample just written. A student sampled before keeps the earlier reasons unless this sample
 * picked them again (newest wins): Canvas has no call to take a student out of the set, so earlier samples stay
 * in it. Throws when the browser will not store it; the caller says so (the set in Canvas is already written).
 */
export function recordSampleReasons(
  ref: AssignmentRef,
  entries: readonly { userId: number; reasons: string[]; added: boolean }[],
  at: Date = new Date(),
): void {
  if (entries.length === 0) return
  const next: Record<string, SampleReason> = { ...readSampleReasons(ref) }
  const sampledAt = at.toISOString()
  for (const e of entries) {
    const earlier = next[String(e.userId)]
    // Added by an earlier sample stays "added" when a later one finds the student already there.
    next[String(e.userId)] = { reasons: e.reasons, sampledAt, added: e.added || earlier?.added === true }
  }
  write(ref, next)
}

export function clearSampleReasons(ref: AssignmentRef): void {
  try {
    write(ref, null)
  } catch {
    // Storage disabled: there is nothing stored to clear.
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  // Another tab of this browser recording a sample.
  const onStorage = (e: StorageEvent) => {
    if (e.key === null || e.key.startsWith(PREFIX)) listener()
  }
  window.addEventListener('storage', onStorage)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('storage', onStorage)
  }
}

/** The assignment's sample reasons by user id, kept current as samples are recorded anywhere on the page. */
export function useSampleReasons(ref: AssignmentRef): SampleReasons {
  return useSyncExternalStore(
    subscribe,
    () => readSampleReasons(ref),
    () => none,
  )
}
