import type { GradeableStudent, GraderKey } from '../../canvas/types'
import { categoryKey, gradeScale, pointsScale, usesTolerance, type GradeScale, type ScaleInput } from './grade-scale'

/**
 * Triage of one student's provisional grades against a per-assignment tolerance. Pure and shared: the triage
 * chips, the reconciliation rules and the reports all read the same classes, so a student is never "agreed" in
 * one place and "disagree" in another.
 *
 * How grades compare depends on the grading type (see grade-scale.ts): points, percent and letter grades with
 * points possible by score, within the tolerance; pass/fail (and letters without points possible) by the grade
 * itself: graders agree when they give the same grade, and no tolerance applies.
 */
export type AgreementClass = 'agreed' | 'disagree' | 'single' | 'none'

export interface Mark {
  gradeId: number
  graderKey: GraderKey
  score: number
  /** Canvas's formatted grade ("B+", "85%", "complete", "17"). */
  grade: string | null
  stale: boolean
}

export interface ClassifiedStudent {
  key: string
  label: string
  userId: number | undefined
  /** Anonymous rows: the submission anonymous id, the only way to address the student (never a user id). */
  anonymousId: string
  anonymous: boolean
  /** Scored, non-final provisional grades (one per grader). */
  marks: Mark[]
  /** The final grader's custom grade (Canvas's `final: true` provisional grade), if any. */
  custom: { gradeId: number; score: number | null; grade: string | null; stale: boolean } | null
  selectedGradeId: number | null
  /** The selected grade's score and where it comes from; null when nothing is selected. */
  selected: {
    gradeId: number
    score: number | null
    grade: string | null
    graderKey: GraderKey | null
    stale: boolean
  } | null
  cls: AgreementClass
  /** max − min of the marks' scores (in points, whatever the grading type); null with fewer than two. */
  spread: number | null
  /** Some grade was given before the student's latest submission (Canvas `grade_matches_current_submission: false`). */
  stale: boolean
  /** Someone has to look at this student before publishing (see needsDecision). */
  needsDecision: boolean
}

const EPS = 1e-9

/**
 * `scale`: the assignment's grading type and points possible (an Assignment, or a GradeScale); points when left out.
 * `tolerancePts` applies only where scores decide (points, percent, letters with points possible).
 */
export function classifyStudent(
  s: GradeableStudent,
  tolerancePts: number,
  scale: ScaleInput = pointsScale,
): ClassifiedStudent {
  const sc = gradeScale(scale)
  const base = classifyBase(s, sc)
  return withClass(base, classAt(base, tolerancePts))
}

/** Everything about a student the tolerance does not change, and (where only grades compare) whether they agree. */
interface Base extends Omit<ClassifiedStudent, 'cls' | 'needsDecision'> {
  /** Where grades compare (no tolerance): the class; null where the tolerance decides. */
  fixedCls: AgreementClass | null
}

function classifyBase(s: GradeableStudent, sc: GradeScale): Base {
  const marks: Mark[] = []
  let custom: ClassifiedStudent['custom'] = null
  let stale = false
  let selected: ClassifiedStudent['selected'] = null
  for (const g of s.grades) {
    const gStale = !g.matchesCurrentSubmission
    if (gStale) stale = true
    if (g.final) custom = { gradeId: g.id, score: g.score, grade: g.grade, stale: gStale }
    else if (g.score !== null && g.gradedAt !== null)
      marks.push({ gradeId: g.id, graderKey: g.graderKey, score: g.score, grade: g.grade, stale: gStale })
    if (g.id === s.selectedGradeId)
      selected = {
        gradeId: g.id,
        score: g.score,
        grade: g.grade,
        graderKey: g.final ? null : g.graderKey,
        stale: gStale,
      }
  }
  if (s.selectedGradeId !== null && !selected)
    selected = { gradeId: s.selectedGradeId, score: null, grade: null, graderKey: null, stale: false }
  const spread =
    marks.length >= 2 ? Math.max(...marks.map((m) => m.score)) - Math.min(...marks.map((m) => m.score)) : null
  const fixedCls: AgreementClass | null =
    marks.length === 0
      ? 'none'
      : marks.length === 1
        ? 'single'
        : usesTolerance(sc)
          ? null
          : new Set(marks.map((m) => categoryKey(m, sc))).size === 1
            ? 'agreed'
            : 'disagree'
  return {
    key: s.key,
    label: s.displayName,
    userId: s.anonymous ? undefined : s.userId,
    anonymousId: s.anonymousId,
    anonymous: s.anonymous,
    marks,
    custom,
    selectedGradeId: s.selectedGradeId,
    selected,
    spread,
    stale,
    fixedCls,
  }
}

function classAt(base: Base, tolerancePts: number): AgreementClass {
  return base.fixedCls ?? (base.spread! <= tolerancePts + EPS ? 'agreed' : 'disagree')
}

// Written out, not `{ ...rest, cls }` of a rest destructuring: this runs for every student at every tolerance, and
// V8 copies a rest object property by property in its runtime.
function withClass(base: Base, cls: AgreementClass): ClassifiedStudent {
  return {
    key: base.key,
    label: base.label,
    userId: base.userId,
    anonymousId: base.anonymousId,
    anonymous: base.anonymous,
    marks: base.marks,
    custom: base.custom,
    selectedGradeId: base.selectedGradeId,
    selected: base.selected,
    spread: base.spread,
    stale: base.stale,
    cls,
    needsDecision: needsDecision(base.marks.length, base.selected, base.stale),
  }
}

/**
 * A decision is needed when Canvas could not publish the student as is (two or more grades and no selection,
 * contract §2.6), or when a stale grade is involved and nothing is selected. A selected grade is a decision, a
 * stale one too (the moderator chose it; the publish panel still lists it as stale). A single unselected grade is
 * published by Canvas without a selection; a student with no grade has nothing to decide yet.
 */
function needsDecision(markCount: number, selected: ClassifiedStudent['selected'], stale: boolean): boolean {
  if (selected) return false
  return markCount >= 2 || (stale && markCount >= 1)
}

/**
 * One classification per student object, scale and class: the grid's rows, the chips, the decision queue, the
 * rules, agreement and exports all read the same object, so they cannot disagree about a student — and a selection,
 * which replaces one student object, classifies one student again, not the roster. Another tolerance keeps the
 * object of every student whose class it does not change (nothing else in it depends on the tolerance), so what is
 * derived from the classes incrementally (rows, counts) is redone for the students that changed class only.
 */
const cache = new WeakMap<
  GradeableStudent,
  { tol: number; gradingType: string; pointsPossible: number | null; base: Base; c: ClassifiedStudent | null }
>()

export function classifyCached(s: GradeableStudent, tolerancePts: number, scale: ScaleInput = pointsScale) {
  const { gradingType } = scale
  const pointsPossible = scale.pointsPossible ?? null
  let hit = cache.get(s)
  if (!hit || hit.gradingType !== gradingType || hit.pointsPossible !== pointsPossible) {
    hit = { tol: tolerancePts, gradingType, pointsPossible, base: classifyBase(s, gradeScale(scale)), c: null }
    cache.set(s, hit)
  }
  // Another tolerance re-decides only agreement (the marks, spread and selection are kept); where only grades
  // compare, the tolerance changes nothing and the same object is kept.
  if (!hit.c || (hit.tol !== tolerancePts && hit.base.fixedCls === null)) {
    const cls = classAt(hit.base, tolerancePts)
    if (!hit.c || hit.c.cls !== cls) hit.c = withClass(hit.base, cls)
  }
  hit.tol = tolerancePts
  return hit.c
}

export function classifyAll(
  students: GradeableStudent[],
  tolerancePts: number,
  scale: ScaleInput = pointsScale,
): ClassifiedStudent[] {
  return students.map((s) => classifyCached(s, tolerancePts, scale))
}

export type ChipId = AgreementClass | 'stale' | 'custom' | 'selected' | 'unselected'

export const chipGroups: { id: string; label: string; chips: { id: ChipId; label: string }[] }[] = [
  {
    id: 'agreement',
    label: 'Agreement',
    chips: [
      { id: 'agreed', label: 'Agreed' },
      { id: 'disagree', label: 'Disagree' },
      { id: 'single', label: 'Single grader' },
      { id: 'none', label: 'No grade' },
    ],
  },
  {
    id: 'flags',
    label: 'Flags',
    chips: [
      { id: 'stale', label: 'Stale' },
      { id: 'custom', label: 'Custom grade' },
    ],
  },
  {
    id: 'selection',
    label: 'Selection',
    chips: [
      { id: 'selected', label: 'Selected' },
      { id: 'unselected', label: 'Not selected' },
    ],
  },
]

export function hasChip(c: ClassifiedStudent, chip: ChipId): boolean {
  switch (chip) {
    case 'stale':
      return c.stale
    case 'custom':
      return c.custom !== null
    case 'selected':
      return c.selectedGradeId !== null
    case 'unselected':
      return c.selectedGradeId === null
    default:
      return c.cls === chip
  }
}

export function countChips(all: readonly ClassifiedStudent[]): Record<ChipId, number> {
  const counts: Record<ChipId, number> = {
    agreed: 0,
    disagree: 0,
    single: 0,
    none: 0,
    stale: 0,
    custom: 0,
    selected: 0,
    unselected: 0,
  }
  // hasChip for every chip, written out.
  for (const c of all) countInto(counts, c, 1)
  return counts
}

function countInto(counts: Record<ChipId, number>, c: ClassifiedStudent, by: 1 | -1) {
  counts[c.cls] += by
  if (c.stale) counts.stale += by
  if (c.custom !== null) counts.custom += by
  if (c.selectedGradeId !== null) counts.selected += by
  else counts.unselected += by
}

/**
 * countChips kept across renders: when the students are the same as last time but for some replaced objects (a
 * selection), only those are counted again (out with the old, in with the new). Anything else counts everyone.
 */
export function createChipCounter() {
  let last: readonly ClassifiedStudent[] | null = null
  let counts = countChips([])
  return (all: readonly ClassifiedStudent[]): Record<ChipId, number> => {
    if (all === last) return counts
    if (last && all.length === last.length) {
      let next: Record<ChipId, number> | null = null
      for (let i = 0; i < all.length; i++) {
        if (all[i] === last[i]) continue
        next ??= { ...counts }
        countInto(next, last[i]!, -1)
        countInto(next, all[i]!, 1)
      }
      if (next) counts = next
    } else counts = countChips(all)
    last = all
    return counts
  }
}

/** Pressed chips combine as OR within a group and AND across groups ("Disagree or Stale, and Not selected"). */
export function matchesChips(c: ClassifiedStudent, pressed: ReadonlySet<ChipId>): boolean {
  if (pressed.size === 0) return true
  for (const group of chipGroups) {
    const on = group.chips.filter((x) => pressed.has(x.id))
    if (on.length > 0 && !on.some((x) => hasChip(c, x.id))) return false
  }
  return true
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })

/**
 * Students needing a decision: disagreements first, then largest spread first (no spread last), then by name.
 * Where scores decide, every disagreement has a larger spread than any agreement, so this is "largest spread
 * first"; on pass/fail, where two different grades can have the same score (no points possible), the
 * disagreements still come first.
 */
export function decisionQueue(all: ClassifiedStudent[]): ClassifiedStudent[] {
  return all.filter((c) => c.needsDecision).sort(compareQueue)
}

const queueRank = (c: ClassifiedStudent) => (c.cls === 'disagree' ? 0 : 1)
function compareQueue(a: ClassifiedStudent, b: ClassifiedStudent): number {
  return queueRank(a) - queueRank(b) || (b.spread ?? -1) - (a.spread ?? -1) || collator.compare(a.label, b.label)
}

/** The queue's order within each class: largest spread first (none last), then by name. */
function compareSpreadName(a: ClassifiedStudent, b: ClassifiedStudent): number {
  return (b.spread ?? -1) - (a.spread ?? -1) || collator.compare(a.label, b.label)
}

/**
 * decisionQueue kept across renders, for the students `include` keeps (the chips; every student without it). The
 * order of every student by spread and name is kept: a selection changes only who needs a decision, and a tolerance
 * only who disagrees, which puts them first — a partition of that order, O(N), with no sorting and no string
 * collation. When students come, go or move, or a spread or name changes (each page of a loading roster), the
 * order is mended, not made again: the students whose place cannot have changed keep it, only the others are
 * sorted, and the two lists are merged (a full sort of 10,000 students is 130,000 string collations, which took
 * 70 ms of a load on a fast machine for every batch of pages).
 */
export function createDecisionQueue() {
  let last: readonly ClassifiedStudent[] = []
  /** Positions in `last` (the same positions in `all` while nothing is dirty), by spread and name. */
  let order: number[] = []
  return function queue(all: ClassifiedStudent[], include?: (c: ClassifiedStudent) => boolean): ClassifiedStudent[] {
    let dirty = all.length !== last.length
    for (let i = 0; !dirty && i < all.length; i++) {
      const c = all[i]!
      const was = last[i]!
      if (c !== was) dirty = c.key !== was.key || c.spread !== was.spread || c.label !== was.label
    }
    if (dirty) order = mendOrder(last, order, all)
    last = all
    const first: ClassifiedStudent[] = []
    const then: ClassifiedStudent[] = []
    for (const i of order) {
      const c = all[i]!
      if (c.needsDecision && (!include || include(c))) (queueRank(c) === 0 ? first : then).push(c)
    }
    for (const c of then) first.push(c)
    return first
  }
}

/**
 * `all`'s positions by spread and name, ties in roster order (what a stable sort of `all` gives), from `before`
 * (the last list) and `beforeOrder` (its positions in that order). A student still there with the same spread and
 * name keeps its place relative to the others like it; the rest are sorted and merged in.
 */
export function mendOrder(
  before: readonly ClassifiedStudent[],
  beforeOrder: readonly number[],
  all: readonly ClassifiedStudent[],
): number[] {
  const at = new Map<string, number>()
  for (let i = 0; i < all.length; i++) at.set(all[i]!.key, i)
  // Ties (same spread, names equal to the collator) are broken by roster position, so merging gives the stable
  // sort's order whatever order the kept students were in before.
  const compare = (a: number, b: number) => compareSpreadName(all[a]!, all[b]!) || a - b
  const kept: number[] = []
  const placed = new Uint8Array(all.length)
  for (const i of beforeOrder) {
    const was = before[i]
    const now = was === undefined ? undefined : at.get(was.key)
    if (now === undefined || placed[now]) continue
    const c = all[now]!
    if (c === was || (c.spread === was!.spread && c.label === was!.label)) {
      kept.push(now)
      placed[now] = 1
    }
  }
  // A kept student moved in the roster (a page landed before it) keeps its place among the others; only a tie
  // with another kept student depends on roster position, so the kept list is sorted again only if such a tie is
  // now out of order (rare: same spread and the same name).
  for (let k = 1; k < kept.length; k++)
    if (compare(kept[k - 1]!, kept[k]!) > 0) {
      kept.sort(compare)
      break
    }
  const fresh: number[] = []
  for (let i = 0; i < all.length; i++) if (!placed[i]) fresh.push(i)
  fresh.sort(compare)
  if (fresh.length === 0) return kept
  const out: number[] = []
  let a = 0
  let b = 0
  while (a < kept.length && b < fresh.length) out.push(compare(kept[a]!, fresh[b]!) <= 0 ? kept[a++]! : fresh[b++]!)
  while (a < kept.length) out.push(kept[a++]!)
  while (b < fresh.length) out.push(fresh[b++]!)
  return out
}

/** The next student to visit: the first in the queue not yet visited in this pass; a new pass starts when all were. */
export function nextInQueue(
  queue: ClassifiedStudent[],
  visited: ReadonlySet<string>,
): { student: ClassifiedStudent; newPass: boolean } | null {
  if (queue.length === 0) return null
  const fresh = queue.find((c) => !visited.has(c.key))
  return fresh ? { student: fresh, newPass: false } : { student: queue[0]!, newPass: true }
}
