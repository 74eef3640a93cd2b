/**
 * Grade boundaries in the shape of a Canvas grading standard's `grading_scheme`: `[{ name, value }]` where
 * `value` is the lowest fraction of the points possible that earns `name` (Canvas: "A" from 0.94).
 * Canvas's own default scheme is the fallback; the moderator can edit it as "A 94, A- 90, …".
 */
export interface Boundary {
  name: string
  /** Lower bound as a fraction of points possible, 0..1. */
  value: number
}

/** Canvas's default grading scheme (Course → Grading schemes → "Default Canvas Grading Scheme"). */
export const canvasDefaultScheme: Boundary[] = [
  { name: 'A', value: 0.94 },
  { name: 'A-', value: 0.9 },
  { name: 'B+', value: 0.87 },
  { name: 'B', value: 0.84 },
  { name: 'B-', value: 0.8 },
  { name: 'C+', value: 0.77 },
  { name: 'C', value: 0.74 },
  { name: 'C-', value: 0.7 },
  { name: 'D+', value: 0.67 },
  { name: 'D', value: 0.64 },
  { name: 'D-', value: 0.61 },
  { name: 'F', value: 0 },
]

export const NO_GRADE = 'No grade'

function sorted(scheme: Boundary[]): Boundary[] {
  return [...scheme].sort((a, b) => b.value - a.value)
}

/**
 * The scheme highest band first. Schemes almost always come that way (parseScheme and Canvas's default do), and
 * bandFor runs once per student: checking the order is cheap where copying and sorting it every time is not.
 */
function highestFirst(scheme: Boundary[]): Boundary[] {
  for (let i = 1; i < scheme.length; i++) if (scheme[i]!.value > scheme[i - 1]!.value) return sorted(scheme)
  return scheme
}

/** The band a score falls in; percentages are compared to 2 decimals so 18.8/20 = 94% is an A, not 93.99…. */
export function bandFor(score: number | null, pointsPossible: number | null, scheme: Boundary[]): string {
  if (score === null) return NO_GRADE
  if (!pointsPossible || pointsPossible <= 0) return NO_GRADE
  const pct = Math.round((score / pointsPossible) * 10000) / 10000
  const bands = highestFirst(scheme)
  for (const b of bands) if (pct >= b.value) return b.name
  return bands.at(-1)?.name ?? NO_GRADE
}

/** "A 94, A- 90, B 80, F 0" (percent) → boundaries; an error message for anything else. */
export function parseScheme(text: string): { ok: true; scheme: Boundary[] } | { ok: false; message: string } {
  const parts = text
    .split(/[,;\n]/)
    .map((p) => p.trim())
    .filter(Boolean)
  const scheme: Boundary[] = []
  for (const part of parts) {
    const m = /^(.+?)\s*[:=]?\s+(\d+(?:\.\d+)?)\s*%?$/.exec(part) ?? /^(.+?)\s*[:=]\s*(\d+(?:\.\d+)?)\s*%?$/.exec(part)
    if (!m) return { ok: false, message: `“${part}” is not “name percent”, e.g. “B+ 87”.` }
    const value = Number(m[2]) / 100
    if (value > 1) return { ok: false, message: `${m[2]}% is above 100%.` }
    if (scheme.some((b) => b.name === m[1])) return { ok: false, message: `“${m[1]}” appears twice.` }
    scheme.push({ name: m[1]!, value })
  }
  if (scheme.length < 2) return { ok: false, message: 'Enter at least two boundaries, e.g. “Pass 40, Fail 0”.' }
  if (!scheme.some((b) => b.value === 0)) return { ok: false, message: 'The lowest band must start at 0, e.g. “F 0”.' }
  return { ok: true, scheme: sorted(scheme) }
}

export function formatScheme(scheme: Boundary[]): string {
  return sorted(scheme)
    .map((b) => `${b.name} ${Math.round(b.value * 10000) / 100}`)
    .join(', ')
}

/** Count of students per band, in the scheme's order, with "No grade" last (only if any). */
export function distribution(
  scores: (number | null)[],
  pointsPossible: number | null,
  scheme: Boundary[],
): { band: string; count: number }[] {
  const bands = highestFirst(scheme)
  const counts = new Map<string, number>(bands.map((b) => [b.name, 0]))
  let none = 0
  for (const s of scores) {
    const band = bandFor(s, pointsPossible, bands)
    if (band === NO_GRADE) none++
    else counts.set(band, (counts.get(band) ?? 0) + 1)
  }
  const out = [...counts].map(([band, count]) => ({ band, count }))
  if (none > 0) out.push({ band: NO_GRADE, count: none })
  return out
}
