import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react'

const PAGE_ROWS = 10

interface Active {
  key: string | null
  col: number
}

interface Options<Row extends { key: string }> {
  rows: Row[]
  colCount: number
  scrollRef: RefObject<HTMLDivElement | null>
  /** Scroll a row into view (the virtualizer's), so that its cells are mounted before focusing one. */
  scrollToIndex: (index: number) => void
  /** Enter or Space on a cell. */
  onPress: (row: Row, col: number) => void
}

/**
 * The ARIA grid's keyboard model: one tab stop (roving tabindex), arrows move, Home/End go to the row's ends,
 * Ctrl+Home/End to the first/last row, PageUp/PageDown move 10 rows, Enter or Space presses the cell. Focus moves
 * after the render that mounts the target cell (rows are virtualized). `focusCell` serves "next student".
 */
export function useGridNavigation<Row extends { key: string }>(o: Options<Row>) {
  const { rows, colCount } = o
  const [active, setActive] = useState<Active>({ key: null, col: 1 })
  const focusTarget = useRef<{ key: string; col: number } | null>(null)

  // Where the active row was last time: a selection gives new rows in the same order, so it is still there, and
  // 10,000 rows are not searched on every click.
  const lastIndex = useRef(-1)
  const activeIndex = useMemo(() => {
    if (rows.length === 0) return -1
    const was = lastIndex.current
    const i =
      active.key === null ? -1 : rows[was]?.key === active.key ? was : rows.findIndex((r) => r.key === active.key)
    return i === -1 ? 0 : i
  }, [rows, active.key])
  useEffect(() => {
    lastIndex.current = activeIndex
  })
  const activeCol = Math.min(active.col, colCount - 1)

  const activate = useCallback((rowKey: string, col: number) => {
    setActive((a) => (a.key === rowKey && a.col === col ? a : { key: rowKey, col }))
  }, [])

  const focusCell = useCallback((key: string, col: number) => {
    focusTarget.current = { key, col }
    setActive({ key, col })
  }, [])

  const scrollToIndex = useRef(o.scrollToIndex)
  scrollToIndex.current = o.scrollToIndex
  useEffect(() => {
    const target = focusTarget.current
    if (!target) return
    const index = rows.findIndex((r) => r.key === target.key)
    if (index === -1) {
      focusTarget.current = null
      return
    }
    scrollToIndex.current(index)
    const el = o.scrollRef.current?.querySelector<HTMLElement>(
      `[data-row-key="${CSS.escape(target.key)}"] [data-col="${target.col}"]`,
    )
    if (!el) return
    focusTarget.current = null
    el.focus()
  })

  function onKeyDown(e: React.KeyboardEvent<HTMLElement>) {
    const target = e.target as HTMLElement
    if (target.tagName === 'A' || target.tagName === 'BUTTON') return
    const n = rows.length
    if (n === 0) return
    let row = activeIndex
    let c = activeCol
    switch (e.key) {
      case 'ArrowDown':
        row = Math.min(n - 1, row + 1)
        break
      case 'ArrowUp':
        row = Math.max(0, row - 1)
        break
      case 'ArrowRight':
        c = Math.min(colCount - 1, c + 1)
        break
      case 'ArrowLeft':
        c = Math.max(0, c - 1)
        break
      case 'Home':
        if (e.ctrlKey) row = 0
        c = e.ctrlKey ? c : 0
        break
      case 'End':
        if (e.ctrlKey) row = n - 1
        c = e.ctrlKey ? c : colCount - 1
        break
      case 'PageDown':
        row = Math.min(n - 1, row + PAGE_ROWS)
        break
      case 'PageUp':
        row = Math.max(0, row - PAGE_ROWS)
        break
      case 'Enter':
      case ' ':
        e.preventDefault()
        o.onPress(rows[row]!, c)
        return
      default:
        return
    }
    e.preventDefault()
    focusCell(rows[row]!.key, c)
  }

  return { activeIndex, activeCol, activate, focusCell, onKeyDown }
}
