import { describe, expect, it } from 'vitest'
import { formatCount, formatNumber, listNames, listNamesOf } from '../format'

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

describe('listNamesOf', () => {
  it('names what listNames would, mapping only the names it shows', () => {
    const people = ['Ann', 'Ben', 'Cleo', 'Dev', 'Eve', 'Finn', 'Gus'].map((name) => ({ name }))
    const seen: string[] = []
    const name = (p: { name: string }) => (seen.push(p.name), p.name)
    expect(listNamesOf(people, name, 3)).toBe(
      listNames(
        people.map((p) => p.name),
        3,
      ),
    )
    expect(seen).toEqual(['Ann', 'Ben', 'Cleo'])
    expect(listNamesOf(people.slice(0, 2), (p) => p.name, 3)).toBe('Ann and Ben')
    expect(listNamesOf([], (p: { name: string }) => p.name)).toBe('')
  })
})
