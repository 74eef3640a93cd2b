import { describe, expect, it } from 'vitest'
import { formatCount, formatNumber } from '../format'

describe('formatNumber', () => {
  it('scores to at most two decimals, statistics to a fixed number, a dash for none', () => {
    expect(formatNumber(17)).toBe('17')
    expect(formatNumber(16.75)).toBe('16.75')
    expect(formatNumber(14.499999)).toBe('14.5')
    expect(formatNumber(0.85, 3)).toBe('0.850')
    expect(formatNumber(null)).toBe('—')
    expect(formatNumber(undefined, 2)).toBe('—')
    expect(formatNumber(Number.NaN, 2)).toBe('—')
  })
  it('counts with thousands separators', () => {
    expect(formatCount(1234567)).toBe('1,234,567')
  })
})
