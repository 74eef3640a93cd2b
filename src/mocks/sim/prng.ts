/** Seeded randomness: every id, anonymous id and score in a world comes from here (never Math.random). */

export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  chance(probability: number): boolean
}

/** mulberry32: tiny, fast, good enough for test data. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    chance: (probability) => next() < probability,
  }
}

/** FNV-1a, to derive sub-seeds from strings ("world seed + purpose"). */
export function hashString(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

/** Canvas's `Anonymity.generate_id`: 5 base58 characters, unique within `taken` (lib/anonymity.rb). */
export function generateAnonymousId(rng: Rng, taken: { has(id: string): boolean }): string {
  for (;;) {
    let id = ''
    for (let i = 0; i < 5; i++) id += BASE58[Math.floor(rng.next() * 58)]
    if (!taken.has(id)) return id
  }
}
