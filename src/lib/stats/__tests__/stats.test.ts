import { describe, expect, it } from 'vitest'
import { iccComplete, iccOneWay } from '../icc'
import { krippendorffAlpha } from '../krippendorff'
import { mean, median, sampleSd } from '../summary'

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", §C example: 4 observers (A–D) × 12 units,
// '*' = missing. Unit 12 has a single value, so it is not pairable.
const K = null
const observers: (number | null)[][] = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, K, K, K], // A
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, K, 3], // B
  [K, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, K], // C
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, K], // D
]
const units = Array.from({ length: 12 }, (_, u) => observers.map((o) => o[u]).filter((v): v is number => v !== null))

describe("Krippendorff's alpha against Krippendorff (2011)", () => {
  it('interval alpha = 0.849', () => {
    const r = krippendorffAlpha(units, 'interval')
    expect(r.pairable).toBe(40)
    expect(r.units).toBe(11)
    expect(r.alpha!).toBeCloseTo(0.849, 3)
  })
  it('nominal alpha = 0.743', () => {
    expect(krippendorffAlpha(units, 'nominal').alpha!).toBeCloseTo(0.743, 3)
  })
  it('ordinal alpha = 0.815', () => {
    expect(krippendorffAlpha(units, 'ordinal').alpha!).toBeCloseTo(0.815, 3)
  })
  it('ordinal alpha counts only the order: any increasing relabelling gives the same value', () => {
    const stretched = units.map((u) => u.map((v) => v ** 3 + 100))
    expect(krippendorffAlpha(stretched, 'ordinal').alpha).toBeCloseTo(krippendorffAlpha(units, 'ordinal').alpha!, 12)
    expect(krippendorffAlpha(stretched, 'interval').alpha).not.toBeCloseTo(
      krippendorffAlpha(units, 'interval').alpha!,
      2,
    )
  })
  it('perfect agreement is 1; no variation at all is undefined; a single coder per unit gives nothing', () => {
    expect(
      krippendorffAlpha([
        [1, 1],
        [2, 2],
        [3, 3],
      ]).alpha,
    ).toBe(1)
    expect(
      krippendorffAlpha([
        [2, 2],
        [2, 2],
      ]).alpha,
    ).toBeNull()
    expect(krippendorffAlpha([[1], [2]]).alpha).toBeNull()
  })
  it('does not depend on the order of values or units', () => {
    const shuffled = [...units].reverse().map((u) => [...u].reverse())
    expect(krippendorffAlpha(shuffled).alpha).toBeCloseTo(krippendorffAlpha(units).alpha!, 12)
  })
})

// Shrout & Fleiss (1979), Table 2: 6 targets × 4 judges.
const sf = [
  [9, 2, 5, 8],
  [6, 1, 3, 2],
  [8, 4, 6, 8],
  [7, 1, 2, 6],
  [10, 5, 6, 9],
  [6, 2, 4, 7],
]

describe('ICC against Shrout & Fleiss (1979) Table 2', () => {
  const r = iccComplete(sf)!
  it('mean squares of Table 2 (BMS 11.24, WMS 6.26, JMS 32.49, EMS 1.02)', () => {
    expect(r.bms).toBeCloseTo(11.24, 2)
    expect(r.wms).toBeCloseTo(6.26, 2)
    expect(r.jms).toBeCloseTo(32.49, 2)
    expect(r.ems).toBeCloseTo(1.02, 2)
  })
  it('ICC(1,1) = .17, ICC(2,1) = .29, ICC(3,1) = .71', () => {
    expect(r.icc11).toBeCloseTo(0.17, 2)
    expect(r.icc21).toBeCloseTo(0.29, 2)
    expect(r.icc31).toBeCloseTo(0.71, 2)
  })
  it('the one-way estimator with missing judges equals ICC(1,1) on complete data', () => {
    expect(iccOneWay(sf)!.icc).toBeCloseTo(r.icc11, 10)
    expect(iccOneWay(sf)!.k0).toBeCloseTo(4, 10)
  })
  it('one-way ICC with unequal group sizes uses k0 (hand-computed example)', () => {
    // groups: [1,3] [4,6,8] [9,9]: N=7, n=3, grand=40/7; SSB = 2(2−40/7)²+3(6−40/7)²+2(9−40/7)² = 49.429,
    // SSW = 2 + 8 + 0 = 10; BMS = 24.714, WMS = 2.5; k0 = (7 − 17/7)/2 = 2.2857; ICC = 22.214/27.929 = 0.7954
    const g = iccOneWay([[1, 3], [4, 6, 8], [9, 9], [5]])!
    expect(g.n).toBe(3)
    expect(g.k0).toBeCloseTo(2.2857, 4)
    expect(g.icc).toBeCloseTo(0.7954, 4)
  })
  it('needs at least two targets and two judges', () => {
    expect(iccComplete([[1, 2]])).toBeNull()
    expect(iccComplete([[1], [2]])).toBeNull()
    expect(iccOneWay([[1, 2]])).toBeNull()
  })
})

describe('summary statistics', () => {
  it('mean, median and sample standard deviation, null where there is none', () => {
    expect(mean([10, 8, 9])).toBe(9)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([3, 1, 2])).toBe(2)
    // Σ(x − 9)² = 2 over n − 1 = 2: 1.
    expect(sampleSd([10, 8, 9])).toBe(1)
    expect(mean([])).toBeNull()
    expect(median([])).toBeNull()
    expect(sampleSd([7])).toBeNull()
  })
})
