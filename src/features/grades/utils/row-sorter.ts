import { compareRows, sameName, type GridRow, type SortOrder } from './grid-rows'

/**
 * Keeps the grid's sort order across renders. Selections do not move rows, so the order is reused and only the
 * selected rows are swapped in; rows of newly landed pages are sorted among themselves and merged in (O(N) per page
 * instead of a full sort); only a changed name, spread or mean, or another sort order, sorts everything again.
 *
 * A full sort compares names by their rank in the name order, taken from the current order when it is by name
 * (N − 1 collator comparisons instead of N log N), and sorts one number per row with the typed array's own sort, not
 * a comparison function called some 130,000 times at 10,000 rows: at 4x CPU throttling (issue #17) that sort and
 * the maps by student key it used to build took some 40 ms of a header click's task; this takes a few.
 */
export function createRowSorter() {
  let order: SortOrder | null = null
  let keys: string[] = []
  let lastRows: GridRow[] | null = null
  let lastResult: GridRow[] = []
  /** For each index of lastRows, that row's place in lastResult; made with each new order. */
  let placeOf: Int32Array | null = null
  /** The last result's rows by student key, for merging rows in; kept across merges, made again after a sort. */
  let sortedBy: Map<string, GridRow> | null = null
  /**
   * The indexes of each sort order taken, with the rows they were taken of: a header clicked again (back to an
   * order seen before) costs no sort while the students' names, spreads and means are the same.
   */
  const sortedFor = new Map<SortOrder, { rows: GridRow[]; at: Int32Array }>()

  function fullSort(rows: GridRow[], sortOrder: SortOrder): Int32Array {
    const hit = sortedFor.get(sortOrder)
    if (hit && sameValuesAt(rows, hit.rows)) {
      hit.rows = rows
      return hit.at
    }
    const ranks = nameRanks(rows)
    const at = (ranks && sortByRanks(rows, sortOrder, ranks)) ?? sortByCompare(rows, sortOrder)
    sortedFor.set(sortOrder, { rows, at })
    return at
  }

  /** Name ranks by index of rankedRows (names the collator holds equal share one). */
  let rankedRows: GridRow[] | null = null
  let rankOf: Int32Array | null = null
  /**
   * Each row's place in the name order, by index of `rows`: kept while the rows are the same students with the same
   * names at the same indexes, else taken from the rows as last sorted by name; null when neither can be had.
   */
  function nameRanks(rows: GridRow[]): Int32Array | null {
    if (rankedRows && rankOf && sameNamesAt(rows, rankedRows)) {
      rankedRows = rows
      return rankOf
    }
    if ((order !== 'name-asc' && order !== 'name-desc') || !lastRows || !sameNamesAt(rows, lastRows)) return null
    // lastResult holds these students (lastRows, in name order): rank by position there, then by index of rows.
    const n = rows.length
    const atPlace = new Int32Array(n)
    const desc = order === 'name-desc'
    let rank = 0
    for (let k = 0; k < n; k++) {
      const j = desc ? n - 1 - k : k
      if (k > 0 && !sameName(lastResult[desc ? j + 1 : j - 1]!.label, lastResult[j]!.label)) rank++
      atPlace[j] = rank
    }
    const place = places()
    const ranks = new Int32Array(n)
    for (let i = 0; i < n; i++) ranks[i] = atPlace[place[i]!]!
    rankedRows = rows
    rankOf = ranks
    return ranks
  }

  /** placeOf, made from the student keys when a merge left it unknown. */
  function places(): Int32Array {
    if (placeOf) return placeOf
    const index = new Map<string, number>()
    lastRows!.forEach((r, i) => index.set(r.key, i))
    const place = new Int32Array(lastResult.length)
    lastResult.forEach((r, j) => (place[index.get(r.key)!] = j))
    placeOf = place
    return place
  }

  /**
   * The rows as the same students in the same places as last time, only some of them new objects with the same
   * name, spread and mean (a selection, another tolerance): the last result with those rows swapped in, found by
   * index. Null when anything else changed.
   */
  function swapped(rows: GridRow[], sortOrder: SortOrder): GridRow[] | null {
    if (!lastRows || sortOrder !== order || rows.length !== lastRows.length) return null
    let out: GridRow[] | null = null
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!
      const was = lastRows[i]!
      if (r === was) continue
      if (r.key !== was.key || r.label !== was.label || r.spread !== was.spread || r.mean !== was.mean) return null
      out ??= lastResult.slice()
      out[places()[i]!] = r
    }
    return out ?? lastResult
  }

  function sortRows(rows: GridRow[], sortOrder: SortOrder): GridRow[] {
    if (rows === lastRows && sortOrder === order) return lastResult
    const quick = swapped(rows, sortOrder)
    if (quick) {
      // Same students at the same indexes: placeOf still holds.
      lastRows = rows
      lastResult = quick
      return quick
    }
    // Rows that landed since are merged in; anything else sorts everything again.
    let at = sortOrder === order && lastRows ? merged(rows, sortOrder) : null
    // The key order changes with a full sort or rows merged in, not when the same rows only came in another array.
    const reordered = at === null || at.length !== keys.length
    if (!at) {
      sortedBy = null
      at = fullSort(rows, sortOrder)
    }
    const sorted = Array.from(at, (i) => rows[i]!)
    const place = new Int32Array(rows.length)
    at.forEach((i, j) => (place[i] = j))
    placeOf = place
    if (reordered) keys = sorted.map((r) => r.key)
    order = sortOrder
    lastRows = rows
    lastResult = sorted
    return sorted
  }

  /**
   * The indexes of `rows` in the last result's order with rows that landed since merged in (sorted among
   * themselves); null when a row's name, spread or mean changed or rows went away (everything is sorted again then).
   */
  function merged(rows: GridRow[], sortOrder: SortOrder): Int32Array | null {
    const was = (sortedBy ??= new Map(lastResult.map((r) => [r.key, r])))
    const index = new Map<string, number>()
    const added: number[] = []
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!
      index.set(r.key, i)
      const k = was.get(r.key)
      if (!k) added.push(i)
      else if (k.label !== r.label || k.spread !== r.spread || k.mean !== r.mean) return null
    }
    if (index.size !== keys.length + added.length) return null // rows went away
    const old = keys.map((k) => index.get(k)!)
    if (added.length === 0) return Int32Array.from(old)
    const compare = compareRows(sortOrder)
    // Stable: ties keep the rows' order, as a sort of the rows does.
    added.sort((a, b) => compare(rows[a]!, rows[b]!))
    for (const i of added) was.set(rows[i]!.key, rows[i]!)
    // Merge the two sorted runs; on a tie the row already shown stays first.
    const out = new Int32Array(rows.length)
    let n = 0
    let i = 0
    let j = 0
    while (i < old.length && j < added.length)
      out[n++] = compare(rows[old[i]!]!, rows[added[j]!]!) <= 0 ? old[i++]! : added[j++]!
    while (i < old.length) out[n++] = old[i++]!
    while (j < added.length) out[n++] = added[j++]!
    return out
  }

  return Object.assign(sortRows, {
    /** Every row's key in the current order: the same array until the order changes (a selection keeps it). */
    order: (): readonly string[] => keys,
    /**
     * Takes the name ranks from the current order now, if it is by name and they are not known yet: done when the
     * browser is idle, it saves the first sort by another column the N − 1 name comparisons.
     */
    prepare: (): void => {
      if (lastRows) nameRanks(lastRows)
    },
  })
}

/** Whether `a` holds the same students with the same names, spreads and means as `b`, index by index. */
function sameValuesAt(a: readonly GridRow[], b: readonly GridRow[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    if (x !== y && (x.key !== y.key || x.label !== y.label || x.spread !== y.spread || x.mean !== y.mean)) return false
  }
  return true
}

/** Whether `a` holds the same students with the same names as `b`, index by index. */
function sameNamesAt(a: readonly GridRow[], b: readonly GridRow[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    if (x !== y && (x.key !== y.key || x.label !== y.label)) return false
  }
  return true
}

/** The indexes of `rows` in compareRows(sortOrder)'s order (stable: ties keep the rows' order). */
function sortByCompare(rows: GridRow[], sortOrder: SortOrder): Int32Array {
  const compare = compareRows(sortOrder)
  const at = Array.from(rows, (_, i) => i)
  at.sort((a, b) => compare(rows[a]!, rows[b]!))
  return Int32Array.from(at)
}

/**
 * The indexes of `rows` in compareRows(sortOrder)'s order, with names compared by rank, and stable like it (ties
 * keep the rows' order). Each row gets one number, its value's place among the values, then its name rank, then
 * its index, so that numbers compare as the rows do; a Float64Array of them sorts natively, without a comparison
 * function. Null if the numbers would not be exact (some 200,000 rows with as many distinct values).
 */
function sortByRanks(rows: GridRow[], sortOrder: SortOrder, rank: Int32Array): Int32Array | null {
  const n = rows.length
  const desc = sortOrder.endsWith('desc')
  let names = 0
  for (let i = 0; i < n; i++) if (rank[i]! >= names) names = rank[i]! + 1
  const code = new Float64Array(n)
  if (sortOrder === 'name-asc' || sortOrder === 'name-desc') {
    for (let i = 0; i < n; i++) code[i] = (desc ? names - 1 - rank[i]! : rank[i]!) * n + i
  } else {
    const get = sortOrder.startsWith('spread') ? (r: GridRow) => r.spread : (r: GridRow) => r.mean
    const value = new Float64Array(n)
    for (let i = 0; i < n; i++) value[i] = get(rows[i]!) ?? Number.NaN
    // The distinct values, ascending (a typed array sorts NaN last): a row's value is known by its place there.
    const distinct = value.slice().sort()
    let k = 0
    for (let i = 0; i < n && !Number.isNaN(distinct[i]!); i++)
      if (k === 0 || distinct[k - 1] !== distinct[i]) distinct[k++] = distinct[i]!
    if ((k + 1) * names * n > Number.MAX_SAFE_INTEGER) return null
    for (let i = 0; i < n; i++) {
      const v = value[i]!
      // No value goes last in either direction; ties by name, ascending, in either direction.
      let place = k
      if (!Number.isNaN(v)) {
        let lo = 0
        let hi = k - 1
        while (lo < hi) {
          const mid = (lo + hi) >> 1
          if (distinct[mid]! < v) lo = mid + 1
          else hi = mid
        }
        place = desc ? k - 1 - lo : lo
      }
      code[i] = (place * names + rank[i]!) * n + i
    }
  }
  code.sort()
  const at = new Int32Array(n)
  for (let j = 0; j < n; j++) at[j] = code[j]! % n
  return at
}
