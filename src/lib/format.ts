/** To two decimals, as Canvas keeps scores. */
export function round2(x: number): number {
  return Math.round(x * 100) / 100
}

const number = new Intl.NumberFormat('en-US')
export const formatCount = (n: number) => number.format(n)
export const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`

/**
 * A score or statistic for display; '—' when there is none. Scores get at most two decimals, as Canvas keeps
 * them ("17", "16.75"); pass `fixed` where the number of decimals is part of the reading ("0.850" for α).
 */
export function formatNumber(x: number | null | undefined, fixed?: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—'
  return fixed === undefined ? String(round2(x)) : x.toFixed(fixed)
}

/** "Ana López", "Ana López and Ben Ode", "Ana, Ben and 3 others". */
export function listNames(names: string[], max = 5): string {
  if (names.length === 0) return ''
  if (names.length === 1) return names[0]!
  if (names.length <= max) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
  return `${names.slice(0, max).join(', ')} and ${plural(names.length - max, 'other')}`
}

/** listNames of the items' names, naming only the ones it shows: a list of thousands is not mapped whole. */
export function listNamesOf<T>(items: readonly T[], name: (item: T) => string, max = 5): string {
  if (items.length <= max) return listNames(items.map(name), max)
  return `${items.slice(0, max).map(name).join(', ')} and ${plural(items.length - max, 'other')}`
}

/** "1 Dec 2026, 14:05": a moment the page reports (a snapshot taken, grades posted). */
export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })
}
