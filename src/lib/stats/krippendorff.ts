/**
 * Krippendorff's alpha for any number of coders, with missing values.
 *
 * Source: Klaus Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", Annenberg School for
 * Communication, University of Pennsylvania, Departmental Papers (ASC) 43 — §C ("general form", coincidence
 * matrices) and §E (interval metric δ²(c,k) = (c − k)²):
 *
 *   α = 1 − D_o / D_e
 *   D_o = (1/n) Σ_u (1/(m_u − 1)) Σ_{i≠j in u} δ²(v_i, v_j)          (observed disagreement)
 *   D_e = (1/(n(n − 1))) Σ_{i≠j over all pairable values} δ²(v_i, v_j)  (expected disagreement)
 *
 * where m_u is the number of values in unit u and n = Σ m_u over units with m_u ≥ 2 (only pairable values
 * count; a unit coded by a single coder carries no information about agreement). This is algebraically the
 * coincidence-matrix form of the paper. For speed the double sums use the identity
 * Σ_{i≠j} (v_i − v_j)² = 2m Σv² − 2(Σv)², so a 10,000-student assignment is O(values).
 *
 * Ordinal metric (§E): δ²(c,k) = (Σ_{g=c}^{k} n_g − (n_c + n_k)/2)², with n_g how often value g occurs among all
 * pairable values. That is (R_k − R_c)² for the mid-rank R_g = (number of pairable values below g) + n_g/2, so
 * ordinal alpha is interval alpha computed on mid-ranks: only the order of the values counts, not their distances.
 *
 * Unit tests reproduce the paper's worked example (4 coders × 12 units with missing values): nominal 0.743,
 * ordinal 0.815, interval 0.849.
 */
export type AlphaMetric = 'interval' | 'ordinal' | 'nominal'

export interface AlphaResult {
  alpha: number | null
  /** Pairable values (n in the paper). */
  pairable: number
  /** Units with two or more values. */
  units: number
  observed: number
  expected: number
}

/** `units`: one array per unit (student) of the values the coders (graders) gave; missing values are simply absent. */
export function krippendorffAlpha(
  units: ReadonlyArray<ReadonlyArray<number>>,
  metric: AlphaMetric = 'interval',
): AlphaResult {
  const pairable = units.filter((u) => u.length >= 2)
  const rank = metric === 'ordinal' ? midRanks(pairable.flat()) : null
  const pairableUnits = rank ? pairable.map((u) => u.map((v) => rank.get(v)!)) : pairable
  const delta = metric === 'nominal' ? 'nominal' : 'interval'
  let n = 0
  let doSum = 0
  for (const u of pairableUnits) {
    const m = u.length
    n += m
    doSum += pairDisagreement(u, delta) / (m - 1)
  }
  if (n < 2) return { alpha: null, pairable: n, units: pairableUnits.length, observed: 0, expected: 0 }
  const all = pairableUnits.flat()
  const observed = doSum / n
  const expected = pairDisagreement(all, delta) / (n * (n - 1))
  // No variation at all in the data: alpha is undefined (0/0), not 1.
  const alpha = expected === 0 ? null : 1 - observed / expected
  return { alpha, pairable: n, units: pairableUnits.length, observed, expected }
}

/** Each distinct value → (how many values are below it) + (how many equal it) / 2. */
function midRanks(values: ReadonlyArray<number>): Map<number, number> {
  const counts = new Map<number, number>()
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
  const rank = new Map<number, number>()
  let below = 0
  for (const [v, c] of [...counts].sort((a, b) => a[0] - b[0])) {
    rank.set(v, below + c / 2)
    below += c
  }
  return rank
}

/** Σ over ordered pairs i ≠ j of δ²(v_i, v_j) (interval or nominal; ordinal is interval on mid-ranks). */
function pairDisagreement(values: ReadonlyArray<number>, metric: 'interval' | 'nominal'): number {
  const m = values.length
  if (metric === 'interval') {
    let s = 0
    let s2 = 0
    for (const v of values) {
      s += v
      s2 += v * v
    }
    return 2 * m * s2 - 2 * s * s
  }
  // nominal: δ = 0 for equal values, 1 otherwise → m² − Σ_c m_c²
  const counts = new Map<number, number>()
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
  let same = 0
  for (const c of counts.values()) same += c * c
  return m * m - same
}
