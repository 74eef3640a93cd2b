/** `items` in consecutive slices of `size` (the last one shorter): one request per slice keeps each one small. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}
