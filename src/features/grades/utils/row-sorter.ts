import { compareRows, type GridRow, type SortOrder } from './grid-rows'

interface SortKey {
  label: string
  spread: number | null
  mean: number | null
}

/**
 * Keeps the grid's sort order across renders. Selections do not move rows, so the order (by student key) is
 * reused and only mapped to the current row objects; rows of newly landed pages are sorted among themselves
 * and merged in (O(N) per page instead of a full sort); only a changed name, spread or mean, or another sort order,
 * sorts everything again.
 */
export function createRowSorter() {
  let order: SortOrder | null = null
  let keys: string[] = []
  let sortedBy = new Map<string, SortKey>()
  let lastRows: GridRow[] | null = null
  let lastResult: GridRow[] = []

  return function sortRows(rows: GridRow[], sortOrder: SortOrder): GridRow[] {
    if (rows === lastRows && sortOrder === order) return lastResult
    const compare = compareRows(sortOrder)
    const byKey = new Map<string, GridRow>()
    const added: GridRow[] = []
    let dirty = sortOrder !== order
    for (const r of rows) {
      byKey.set(r.key, r)
      if (dirty) continue
      const k = sortedBy.get(r.key)
      if (!k) added.push(r)
      else if (k.label !== r.label || k.spread !== r.spread || k.mean !== r.mean) dirty = true
    }
    if (!dirty && byKey.size !== keys.length + added.length) dirty = true // rows went away
    let sorted: GridRow[]
    if (dirty) {
      sorted = rows.slice().sort(compare)
    } else {
      const old = keys.map((k) => byKey.get(k)!)
      if (added.length === 0) sorted = old
      else {
        added.sort(compare)
        // Merge the two sorted runs; on a tie the row already shown stays first.
        sorted = []
        let i = 0
        let j = 0
        while (i < old.length && j < added.length)
          sorted.push(compare(old[i]!, added[j]!) <= 0 ? old[i++]! : added[j++]!)
        while (i < old.length) sorted.push(old[i++]!)
        while (j < added.length) sorted.push(added[j++]!)
      }
    }
    if (dirty || added.length) {
      keys = sorted.map((r) => r.key)
      if (dirty) sortedBy = new Map()
      for (const r of dirty ? sorted : added) sortedBy.set(r.key, { label: r.label, spread: r.spread, mean: r.mean })
    }
    order = sortOrder
    lastRows = rows
    lastResult = sorted
    return sorted
  }
}
