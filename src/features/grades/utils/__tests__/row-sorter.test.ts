import { describe, expect, it } from 'vitest'
import { pg, student } from '../../../../testing/moderation-fixtures'
import { compareRows, toGridRow, type SortOrder } from '../grid-rows'
import { createRowSorter } from '../row-sorter'

const names = ['anna', 'Anna', 'Ånna', 'Student 10', 'Student 2', 'ben', 'Ben', 'Cleo', 'zoë', 'Zoe']
const rows = names.flatMap((name, i) =>
  [0, 1, 2].map((j) => {
    const n = i * 3 + j + 1
    const grades = j === 0 ? [] : [pg('u:2', (n * 7) % 11), pg('u:3', (n * 5) % 13)]
    return toGridRow({ ...student(`u:${n}`, grades), displayName: name })
  }),
)
const orders: SortOrder[] = ['name-asc', 'spread-desc', 'spread-asc', 'name-desc', 'mean-asc', 'mean-desc', 'name-asc']
const keys = (rs: readonly { key: string }[]) => rs.map((r) => r.key)

describe('the row sorter', () => {
  it('sorts as compareRows does, ties (names the collator holds equal) included, whatever the order before', () => {
    const sort = createRowSorter()
    for (const order of [...orders, ...orders.slice().reverse()])
      expect(keys(sort(rows, order))).toEqual(keys(rows.slice().sort(compareRows(order))))
  })
  it('sorts again when a name changes', () => {
    const sort = createRowSorter()
    sort(rows, 'name-asc')
    sort(rows, 'spread-desc')
    const renamed = rows.map((r, i) => (i === 4 ? { ...r, label: 'Aaron' } : r))
    for (const order of orders)
      expect(keys(sort(renamed, order))).toEqual(keys(renamed.slice().sort(compareRows(order))))
  })
  it('swaps in a selected row where it was, keeping the order (and its key array) when its sort values are the same', () => {
    const sort = createRowSorter()
    const before = sort(rows, 'spread-desc')
    const order = sort.order()
    const selected = rows.map((r, i) => (i === 7 ? { ...r, selectedGradeId: 99 } : r))
    const after = sort(selected, 'spread-desc')
    expect(keys(after)).toEqual(keys(before))
    expect(after).toContain(selected[7])
    expect(after).not.toContain(rows[7])
    expect(sort.order()).toBe(order)
    // A changed spread is not a swap: the rows are sorted again.
    const regraded = selected.map((r, i) => (i === 7 ? { ...r, spread: 100 } : r))
    expect(keys(sort(regraded, 'spread-desc'))[0]).toBe(rows[7]!.key)
    expect(sort.order()).not.toBe(order)
  })
  it('may take the name ranks ahead of the first sort by another column, with the same result', () => {
    const sort = createRowSorter()
    sort(rows, 'name-desc')
    sort.prepare()
    expect(keys(sort(rows, 'mean-asc'))).toEqual(keys(rows.slice().sort(compareRows('mean-asc'))))
  })
  it('sorts as before when a header is clicked again, and again when a value changed in between', () => {
    const sort = createRowSorter()
    for (const order of orders) sort(rows, order)
    const selected = rows.map((r, i) => (i === 3 ? { ...r, selectedGradeId: 5 } : r))
    for (const order of orders)
      expect(keys(sort(selected, order))).toEqual(keys(selected.slice().sort(compareRows(order))))
    const regraded = rows.map((r, i) => (i === 7 ? { ...r, spread: 100, mean: 100 } : r))
    for (const order of orders)
      expect(keys(sort(regraded, order))).toEqual(keys(regraded.slice().sort(compareRows(order))))
  })
  it('sorts a large roster as compareRows does, with pages landing in between and values shared by many rows', () => {
    // Few distinct names and values: many ties, broken by name, then by the rows' order, as the stable sort does.
    const big = Array.from({ length: 1200 }, (_, i) => {
      const grades = i % 7 === 0 ? [pg('u:2', i % 5)] : [pg('u:2', (i * 3) % 17), pg('u:3', ((i * 11) % 23) / 2)]
      return toGridRow({ ...student(`u:${i + 100}`, grades), displayName: names[(i * 7) % names.length]! })
    })
    const sort = createRowSorter()
    let shown = big.slice(0, 400)
    for (const order of orders) expect(keys(sort(shown, order))).toEqual(keys(shown.slice().sort(compareRows(order))))
    // A page lands while sorted by spread: merged in, the same order as a full sort.
    shown = big.slice(0, 800)
    expect(keys(sort(shown, 'spread-desc'))).toEqual(keys(shown.slice().sort(compareRows('spread-desc'))))
    shown = big
    for (const order of [...orders].reverse())
      expect(keys(sort(shown, order))).toEqual(keys(shown.slice().sort(compareRows(order))))
  })
})
