import { round2 } from '../../../lib/format'
import type { SampleRules } from '../../../lib/moderation/sampling'

/** The sampling panel's controls as typed: text, so a field can be empty while someone edits it. */
export interface RuleForm {
  range: { on: boolean; size: 'count' | 'percent' | 'sqrt'; count: string; percent: string }
  /** `passMark` null: the pass mark the scheme gives (shown in the field until edited). */
  fails: { on: boolean; passMark: string | null }
  near: { on: boolean; margin: string }
  top: { on: boolean; count: string }
  bottom: { on: boolean; count: string }
  random: { on: boolean; count: string; seed: string }
}

export type FieldId =
  | 'range.count'
  | 'range.percent'
  | 'fails.passMark'
  | 'near.margin'
  | 'top.count'
  | 'bottom.count'
  | 'random.count'
  | 'random.seed'

/**
 * What the panel starts with: MAX(6, ⌈√n⌉) across the range plus every fail, a common double-marking brief.
 * The margin is 2% of points possible to the nearest half point (at least ½): 2 points of 100, ½ of 20.
 */
export function defaultForm(pointsPossible: number | null, seed: number): RuleForm {
  const margin = pointsPossible && pointsPossible > 0 ? Math.max(0.5, Math.round(pointsPossible * 0.04) / 2) : 1
  return {
    range: { on: true, size: 'sqrt', count: '10', percent: '10' },
    fails: { on: true, passMark: null },
    near: { on: false, margin: String(margin) },
    top: { on: false, count: '3' },
    bottom: { on: false, count: '3' },
    random: { on: false, count: '2', seed: String(seed) },
  }
}

const MAX_SEED = 4_294_967_295

function whole(text: string, max = Number.MAX_SAFE_INTEGER): number | null {
  const t = text.trim()
  if (!/^\d+$/.test(t)) return null
  const n = Number(t)
  return n <= max ? n : null
}

function decimal(text: string, max = Number.POSITIVE_INFINITY): number | null {
  const t = text.trim()
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(t)) return null
  const n = Number(t)
  return n <= max ? n : null
}

/** The pass mark in the field until the moderator types one: the scheme's, in points. */
export const passMarkText = (form: RuleForm, fromScheme: number | null) =>
  form.fails.passMark ?? (fromScheme === null ? '' : String(round2(fromScheme)))

/**
 * The rules the checked controls ask for. A checked rule whose number cannot be read is left out and its field
 * named in `invalid`, so the preview never guesses.
 */
export function rulesFromForm(
  form: RuleForm,
  passMarkFromScheme: number | null,
): { rules: SampleRules; invalid: ReadonlySet<FieldId> } {
  const invalid = new Set<FieldId>()
  const rules: SampleRules = {}
  const need = <T>(id: FieldId, value: T | null): value is T => {
    if (value === null) invalid.add(id)
    return value !== null
  }
  if (form.range.on) {
    if (form.range.size === 'sqrt') rules.range = { kind: 'sqrt' }
    else if (form.range.size === 'count') {
      const count = whole(form.range.count)
      if (need('range.count', count)) rules.range = { kind: 'count', count }
    } else {
      const percent = decimal(form.range.percent, 100)
      if (need('range.percent', percent)) rules.range = { kind: 'percent', percent }
    }
  }
  if (form.fails.on) {
    const passMark = decimal(passMarkText(form, passMarkFromScheme))
    if (need('fails.passMark', passMark)) rules.fails = { passMark }
  }
  if (form.near.on) {
    const margin = decimal(form.near.margin)
    if (need('near.margin', margin)) rules.nearBoundary = { margin }
  }
  if (form.top.on) {
    const top = whole(form.top.count)
    if (need('top.count', top)) rules.top = top
  }
  if (form.bottom.on) {
    const bottom = whole(form.bottom.count)
    if (need('bottom.count', bottom)) rules.bottom = bottom
  }
  if (form.random.on) {
    const count = whole(form.random.count)
    const seed = whole(form.random.seed, MAX_SEED)
    need('random.count', count)
    need('random.seed', seed)
    if (count !== null && seed !== null) rules.random = { count, seed }
  }
  return { rules, invalid }
}
