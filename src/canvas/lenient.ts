/**
 * Lenient list parsing. Real Canvas servers send some list items in a reduced or older form (a date-restricted
 * course stub, an anonymous row without a display name, an assignment from before anonymous moderation). A
 * list is therefore checked item by item: an item that fits its schema is kept, one that does not is left out
 * and reported in `skipped` with its reason, and the rest of the list is still shown. Only a response that is
 * not a list at all fails as a whole. Callers must show the skipped count: nothing is dropped silently.
 */
import { z } from './zod'
import { describeIssues } from './http'

/**
 * Why an item was left out:
 * - `restricted-by-date`: Canvas sent `{"id": …, "access_restricted_by_date": true}` instead of the course
 *   (lib/api/v1/course.rb, `course_json`: every enrollment of the caller is inactive by the course's dates).
 * - `unreadable`: the item does not fit the schema, so nothing in it can be trusted.
 */
export type SkipReason = 'restricted-by-date' | 'unreadable'

export interface SkippedItem {
  reason: SkipReason
  /** Canvas's id of the item, when it carried a numeric one (to tell the same item in two lists apart). */
  id: number | undefined
  /** For `unreadable`: what did not fit, e.g. `name: Invalid input: expected string, received undefined`. */
  issue: string | undefined
}

export interface LenientList<T> {
  items: T[]
  skipped: SkippedItem[]
}

export interface LenientOptions {
  /** Items to leave out before parsing, with their reason (undefined: parse the item). */
  skip?: (raw: unknown) => SkipReason | undefined
  /**
   * A quick check for large lists that an item certainly fits the schema: an item it accepts is taken as it came,
   * without the schema's parse (zod's checks, without the compiled form the page's Content-Security-Policy rules
   * out, cost about 10 µs per roster row, 100 ms of a 10,000-student load and four times that on a slow laptop);
   * any other item is parsed by the schema as before. It must accept nothing the schema refuses, and the item as
   * it came must read as the schema's output would (which leaves out keys the schema does not name).
   */
  fits?: (raw: unknown) => boolean
}

function idOf(raw: unknown): number | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined
  const id = (raw as { id?: unknown }).id
  return typeof id === 'number' ? id : undefined
}

/** Each item parsed on its own: the ones that fit, and the ones left out with their reason. */
export function parseLeniently<S extends z.ZodMiniType>(
  raw: readonly unknown[],
  item: S,
  options: LenientOptions = {},
): LenientList<z.infer<S>> {
  const items: z.infer<S>[] = []
  const skipped: SkippedItem[] = []
  for (const value of raw) {
    const reason = options.skip?.(value)
    if (reason) {
      skipped.push({ reason, id: idOf(value), issue: undefined })
      continue
    }
    if (options.fits?.(value)) {
      items.push(value as z.infer<S>)
      continue
    }
    const parsed = item.safeParse(value)
    if (parsed.success) items.push(parsed.data)
    else skipped.push({ reason: 'unreadable', id: idOf(value), issue: describeIssues(parsed.error) })
  }
  return { items, skipped }
}

/** A schema for a JSON array whose items are parsed leniently (the array itself must be an array). */
export function lenientArray<S extends z.ZodMiniType>(
  item: S,
  options: LenientOptions = {},
): z.ZodMiniType<LenientList<z.infer<S>>> {
  return z.pipe(
    z.array(z.unknown()),
    z.transform((raw) => parseLeniently(raw, item, options)),
  )
}

/** A schema for a JSON array parsed strictly (one bad item fails it), in the same shape as `lenientArray`. */
export function strictArray<S extends z.ZodMiniType>(item: S): z.ZodMiniType<LenientList<z.infer<S>>> {
  return z.pipe(
    z.array(item),
    z.transform((items): LenientList<z.infer<S>> => ({ items, skipped: [] })),
  )
}

/** How many items were left out for each reason. */
export function countSkipped(skipped: readonly SkippedItem[]): Record<SkipReason, number> {
  const counts: Record<SkipReason, number> = { 'restricted-by-date': 0, unreadable: 0 }
  for (const s of skipped) counts[s.reason]++
  return counts
}

/** The same list with its items converted (wire → domain); the skipped items stay as they are. */
export function mapItems<T, U>(list: LenientList<T>, convert: (item: T) => U): LenientList<U> {
  return { items: list.items.map(convert), skipped: list.skipped }
}
