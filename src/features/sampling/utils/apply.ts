import { describeError } from '../../../lib/describe-error'
import { listNames, plural } from '../../../lib/format'
import type { SamplePick } from '../../../lib/moderation/sampling'

/** What adding to the moderation set answered, in requests of 50 (the students feature's chunked add). */
export interface AddOutcome {
  added: number[]
  /** Canvas answered, but left these out (not students it shows for this assignment). */
  notAdded: number[]
  /** In the request Canvas refused; `error` says why. */
  refused: number[]
  /** The answer was lost and the set could not be read back. */
  unknown: number[]
  /** Not sent: an earlier request failed. */
  unsent: number[]
  reread: boolean
  error: unknown
}

export interface AddProgress {
  sending: number
  done: number
  total: number
}

export type AddToSet = (input: { studentIds: number[]; onProgress?: (p: AddProgress) => void }) => Promise<AddOutcome>

export interface SetSplit {
  /** To send: named students not in the set yet. */
  toAdd: (SamplePick & { userId: number })[]
  /** Already in Canvas's moderation set: shown, not sent. */
  already: (SamplePick & { userId: number })[]
}

/**
 * Splits a sample by Canvas's moderation set. Canvas ignores a student already in the set (its create skips
 * current selections, moderation_set_controller.rb `incremental_create`), so sending them would only make the
 * request longer. Rows without a user id (anonymous) are in neither: Canvas's POST takes user ids only.
 */
export function splitBySet(picks: readonly SamplePick[], inSet: ReadonlySet<number>): SetSplit {
  const out: SetSplit = { toAdd: [], already: [] }
  for (const p of picks) {
    if (p.userId === undefined) continue
    const named = p as SamplePick & { userId: number }
    if (inSet.has(p.userId)) out.already.push(named)
    else out.toAdd.push(named)
  }
  return out
}

/** "Adding 50 of 120…": the ids sent so far, the request in flight included. */
export function progressText(p: AddProgress): string {
  return `Adding ${p.sending} of ${p.total}…`
}

export const nothingSent: AddOutcome = {
  added: [],
  notAdded: [],
  refused: [],
  unknown: [],
  unsent: [],
  reread: false,
  error: null,
}

/** The result in words: what went in (status) and what did not (alert, or null). */
export function applyMessages(
  out: AddOutcome,
  ctx: { labelOf: (userId: number) => string; sent: number; already: number; kept: boolean },
): { status: string; alert: string | null } {
  const names = (ids: number[]) => listNames(ids.map(ctx.labelOf), 8)
  const status = [
    out.reread ? 'Canvas’s answer was lost, so the moderation set was read back from Canvas.' : '',
    ctx.sent === 0
      ? 'Nothing to send: every student in the sample is already in the moderation set.'
      : `Added ${plural(out.added.length, 'student')} to the moderation set.`,
    ctx.sent && ctx.already ? `${plural(ctx.already, 'student was', 'students were')} already in it.` : '',
    out.notAdded.length
      ? `Not added: ${names(out.notAdded)}. Canvas adds only students it shows for this assignment.`
      : '',
    ctx.kept
      ? 'The reasons are kept in this browser and shown in the moderation set.'
      : 'This browser would not keep the reasons, so the moderation set cannot show them.',
  ]
  const alert = [
    out.refused.length ? `Canvas refused to add ${names(out.refused)}: ${describeError(out.error)}` : '',
    out.unknown.length
      ? `Canvas’s answer about ${names(out.unknown)} was lost and the moderation set could not be read back, so whether they were added is not known. Open the moderation set to see.`
      : '',
    out.unsent.length ? `Not sent, so not added: ${names(out.unsent)}.` : '',
  ]
  const join = (parts: string[]) => parts.filter(Boolean).join(' ')
  return { status: join(status), alert: join(alert) || null }
}
