/**
 * Param values as the domain modules read them. Rack hands Canvas strings, arrays of strings (`x[]=1`) and
 * hashes (`x[a]=1`); a JSON body adds numbers, booleans and null. So a value is checked for what it is before it
 * is used as text or as an id: an array or a hash is never one id or one grade.
 */

/** Canvas ids in URLs: numeric ids only here (SIS forms like `sis_course_id:X` are not seeded → 404). */
export function parseId(raw: string | undefined): number | null {
  if (raw === undefined || !/^\d+$/.test(raw)) return null
  return Number(raw)
}

/**
 * One value as text: a string as it is, a JSON number or boolean as Ruby's `to_s` of it would read (`8`,
 * `true`). An array, a hash or null is not one value: undefined, which each caller treats as Canvas treats a
 * value it cannot use there.
 */
export function paramText(value: unknown): string | undefined {
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return undefined
}

/**
 * Rails-style list params: `x[]=a&x[]=b`, a JSON array, or a single value. Entries that are not one value
 * (`x[][a]=1`, nested JSON) are left out: they match no id and no `include[]` name.
 */
export function toList(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return []
  const items: unknown[] = Array.isArray(value) ? value : [value]
  return items.map(paramText).filter((item) => item !== undefined)
}
