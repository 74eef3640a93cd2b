/**
 * Intraclass correlations.
 *
 * Source: P. E. Shrout and J. L. Fleiss (1979), "Intraclass correlations: uses in assessing rater reliability",
 * Psychological Bulletin 86(2), 420–428, Table 1 (mean squares of the two-way ANOVA) and the formulas for
 * ICC(1,1), ICC(2,1), ICC(3,1):
 *
 *   ICC(1,1) = (BMS − WMS) / (BMS + (k − 1) WMS)
 *   ICC(2,1) = (BMS − EMS) / (BMS + (k − 1) EMS + k (JMS − EMS) / n)
 *   ICC(3,1) = (BMS − EMS) / (BMS + (k − 1) EMS)
 *
 * BMS = between-targets, WMS = within-target, JMS = between-judges, EMS = residual mean square; n targets, k judges.
 * Unit tests reproduce the paper's Table 2 example (6 targets × 4 judges): .17, .29, .71.
 *
 * Which one we report, and why:
 * - Graders are a sample of the markers who could have marked the work, so judges are a *random* effect
 *   (cases 1 and 2), not the only judges of interest (case 3).
 * - The mark itself is what the student receives, so we want *absolute agreement*: ICC(3,1) measures
 *   consistency and would forgive a grader who is systematically three points harsher — exactly what
 *   moderation has to catch.
 * - Therefore, on fully crossed data (a pair of graders on the students they both marked) we report ICC(2,1).
 * - For the whole assignment graders rotate: each student is marked by a different subset of graders, which is
 *   Shrout & Fleiss's case 1 (each target rated by a different set of randomly drawn judges). We report the
 *   one-way ICC(1,1) there, on every student with two or more marks. Students have 2 or 3 marks, so we use the
 *   unbalanced one-way ANOVA estimator with k₀ = (N − Σk_i²/N) / (n − 1) in place of k (the standard
 *   ANOVA estimator for unequal group sizes; with equal group sizes k₀ = k and it is exactly ICC(1,1)).
 */
export interface IccResult {
  icc11: number
  icc21: number
  icc31: number
  bms: number
  wms: number
  jms: number
  ems: number
  n: number
  k: number
}

/** Complete targets × judges matrix (rows: targets, columns: judges). Null when n < 2 or k < 2. */
export function iccComplete(matrix: ReadonlyArray<ReadonlyArray<number>>): IccResult | null {
  const n = matrix.length
  const k = matrix[0]?.length ?? 0
  if (n < 2 || k < 2 || matrix.some((r) => r.length !== k)) return null
  const grand = matrix.flat().reduce((a, b) => a + b, 0) / (n * k)
  const rowMeans = matrix.map((r) => r.reduce((a, b) => a + b, 0) / k)
  const colMeans = Array.from({ length: k }, (_, j) => matrix.reduce((a, r) => a + r[j]!, 0) / n)
  let ssTotal = 0
  for (const r of matrix) for (const x of r) ssTotal += (x - grand) ** 2
  const ssRows = k * rowMeans.reduce((a, m) => a + (m - grand) ** 2, 0)
  const ssCols = n * colMeans.reduce((a, m) => a + (m - grand) ** 2, 0)
  const ssWithin = ssTotal - ssRows
  const ssError = ssTotal - ssRows - ssCols
  const bms = ssRows / (n - 1)
  const wms = ssWithin / (n * (k - 1))
  const jms = ssCols / (k - 1)
  const ems = ssError / ((n - 1) * (k - 1))
  return {
    icc11: (bms - wms) / (bms + (k - 1) * wms),
    icc21: (bms - ems) / (bms + (k - 1) * ems + (k * (jms - ems)) / n),
    icc31: (bms - ems) / (bms + (k - 1) * ems),
    bms,
    wms,
    jms,
    ems,
    n,
    k,
  }
}

export interface OneWayIccResult {
  icc: number
  bms: number
  wms: number
  /** Targets with two or more ratings. */
  n: number
  /** k₀, the effective number of ratings per target. */
  k0: number
}

/** One-way random ICC(1,1) on targets with unequal numbers of ratings (missing judges). */
export function iccOneWay(groups: ReadonlyArray<ReadonlyArray<number>>): OneWayIccResult | null {
  const gs = groups.filter((g) => g.length >= 2)
  const n = gs.length
  if (n < 2) return null
  const N = gs.reduce((a, g) => a + g.length, 0)
  const grand = gs.flat().reduce((a, b) => a + b, 0) / N
  let ssb = 0
  let ssw = 0
  let sumK2 = 0
  for (const g of gs) {
    const m = g.reduce((a, b) => a + b, 0) / g.length
    ssb += g.length * (m - grand) ** 2
    for (const x of g) ssw += (x - m) ** 2
    sumK2 += g.length * g.length
  }
  const bms = ssb / (n - 1)
  const wms = ssw / (N - n)
  const k0 = (N - sumK2 / N) / (n - 1)
  const denom = bms + (k0 - 1) * wms
  if (denom === 0) return null
  return { icc: (bms - wms) / denom, bms, wms, n, k0 }
}
