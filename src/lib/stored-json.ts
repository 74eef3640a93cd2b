/**
 * A value this browser keeps in localStorage as JSON, read through `fromJson` (which decides what of the stored text
 * to trust). The value read is kept, the same object, until the stored text changes: what useSyncExternalStore needs
 * (it compares snapshots by identity). Storage that cannot be read, or text that is not JSON, reads as `fallback`.
 */
export function storedJson<T>(fallback: T, fromJson: (json: unknown) => T): (key: string) => T {
  const parsed = new Map<string, { raw: string | null; value: T }>()
  return (key) => {
    let raw: string | null
    try {
      raw = localStorage.getItem(key)
    } catch {
      return fallback
    }
    const cached = parsed.get(key)
    if (cached && cached.raw === raw) return cached.value
    let value = fallback
    try {
      value = raw ? fromJson(JSON.parse(raw)) : fallback
    } catch {
      value = fallback
    }
    parsed.set(key, { raw, value })
    return value
  }
}
