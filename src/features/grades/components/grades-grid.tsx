import { flexRender, getCoreRowModel, useReactTable, type HeaderGroup } from '@tanstack/react-table'
import { useVirtualizer, type Range, type Virtualizer } from '@tanstack/react-virtual'
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, type CSSProperties } from 'react'
import type { ProvisionalGrade } from '../../../canvas/types'
import type { GradeKind } from '../../../lib/grading-type'
import { useFillViewport } from '../../../lib/use-fill-viewport'
import { useGridNavigation } from '../hooks/use-grid-navigation'
import type { Grader, GridRow, SortOrder } from '../utils/grid-rows'
import { FinalCell, GradeCell, MeanCell, SectionCell, SpreadCell, StudentCell } from './grid-cells'
import { columnGrade, columnKind, columnTrack, gradeColumns, type GradeColumn } from './grid-columns'

const ROW_HEIGHT = 52
/**
 * Rows mounted beyond the edges of the viewport while scrolling: ahead of the scroll, rows the compositor may show
 * before the main thread renders the next frame (at 4x CPU throttling a frame takes some 50 ms, in which a fast
 * wheel scroll moves a few rows); behind it, one. Not after a jump (dragging the scrollbar, End, a fling faster
 * than a viewport a frame): every row it shows is new, and rows beyond the viewport would be replaced before
 * anyone sees them, at the cost of a row in view each.
 */
const OVERSCAN_AHEAD = 4
const OVERSCAN_BEHIND = 1

export interface GradesGridProps {
  assignmentName: string
  /** The rows to show, already sorted and filtered (see createRowSorter / filterRows). */
  rows: GridRow[]
  graders: Grader[]
  /** How grades read for the assignment's grading type (lib/grading-type.ts). */
  gradeKind: GradeKind
  /** Show a Section column (the course has several sections and students are named). */
  showSections?: boolean
  sortOrder: SortOrder
  /** Column header sorting (Student, Spread, Mean). */
  onSortChange?: (order: SortOrder) => void
  /** Students are still loading: the grid says so with aria-busy. */
  busy: boolean
  readOnly: boolean
  canCustomGrade: boolean
  onSelect: (row: GridRow, grade: ProvisionalGrade, graderLabel: string) => void
  onCustomGrade: (row: GridRow) => void
  /** Focus this student's first grade (triage "next student"); a new seq asks again. */
  focusRequest?: { key: string; seq: number } | null
}

const getRowId = (r: GridRow) => r.key

/** The sort a header toggles to, and its aria-sort now. */
function headerSort(
  kind: string,
  order: SortOrder,
): { next: SortOrder; aria: 'ascending' | 'descending' | 'none' } | null {
  const pairs: Record<string, [SortOrder, SortOrder]> = {
    student: ['name-asc', 'name-desc'],
    spread: ['spread-desc', 'spread-asc'],
    mean: ['mean-desc', 'mean-asc'],
  }
  const pair = pairs[kind]
  if (!pair) return null
  const [first, second] = pair
  const aria =
    order === first
      ? kind === 'student'
        ? 'ascending'
        : 'descending'
      : order === second
        ? kind === 'student'
          ? 'descending'
          : 'ascending'
        : 'none'
  return { next: order === first ? second : first, aria }
}

/** Which row element shows which student, and the elements' order in the body, as of the last commit. */
export interface RowSlots {
  /** Student key → slot (the row element's React key). */
  byRow: Map<string, string>
  /** The students in the order their row elements are in the body. */
  order: string[]
  /** For new slot names. */
  seq: number
}

export const noSlots = (): RowSlots => ({ byRow: new Map(), order: [], seq: 0 })

/**
 * Gives each row to show (student keys, in index order) a row element to render into. A student that stays mounted
 * keeps its element (focus and the DOM stay with the student). A student coming into view takes the element of one
 * leaving it, so that a jump (scrolling far, sorting, filtering) updates the rows' text and attributes in place
 * instead of removing and creating some 500 elements, whose styles and layout the browser would compute afresh.
 *
 * An element is handed over only where React keeps it in place: React moves an element whose previous position is
 * before that of the last element it kept (lastPlacedIndex), and a moved element is detached and styled again,
 * which would cost more than a new one. So in an ordinary scroll by a row or two, the new row gets a new element
 * and the old one is removed, as without slots; `keep` (the row holding focus) is never handed over.
 */
export function assignRowSlots(prev: RowSlots, keys: readonly string[], keep?: string | null): RowSlots {
  const wanted = new Set(keys)
  const oldPos = new Map<string, number>()
  prev.order.forEach((k, i) => oldPos.set(k, i))
  // Elements whose student leaves, by their position in the body.
  const freed: number[] = []
  prev.order.forEach((k, i) => {
    if (!wanted.has(k) && k !== keep) freed.push(i)
  })
  // For each row, the previous position of the next row that stays (they bound what can be handed over).
  const nextStaying: number[] = []
  let bound = Number.POSITIVE_INFINITY
  for (let i = keys.length - 1; i >= 0; i--) {
    nextStaying[i] = bound
    const p = oldPos.get(keys[i]!)
    if (p !== undefined) bound = p
  }
  const byRow = new Map<string, string>()
  let seq = prev.seq
  let lastPlaced = 0
  let f = 0
  keys.forEach((k, i) => {
    const p = oldPos.get(k)
    if (p !== undefined) {
      byRow.set(k, prev.byRow.get(k)!)
      if (p >= lastPlaced) lastPlaced = p
      return
    }
    while (f < freed.length && freed[f]! < lastPlaced) f++
    const limit = nextStaying[i]! >= lastPlaced ? nextStaying[i]! : Number.POSITIVE_INFINITY
    if (f < freed.length && freed[f]! < limit) {
      byRow.set(k, prev.byRow.get(prev.order[freed[f]!]!)!)
      lastPlaced = freed[f]!
      f++
    } else {
      byRow.set(k, `r${seq++}`)
    }
  })
  return { byRow, order: [...keys], seq }
}

/**
 * The moderation grid: ARIA grid semantics over a virtualized body (keyboard model: useGridNavigation). Rows are
 * memoized and row objects are stable per student, so a selection re-renders one row; only the rows in view are
 * mounted. The header row and the student column stay in place under vertical and horizontal scrolling; the grid
 * fills the viewport below the toolbar (useFillViewport).
 *
 * What a scroll costs: a jump (dragging the scrollbar, a fling, End) or a sort shows a new set of students in every
 * mounted row. Those rows keep their elements and get the new students' text and attributes (assignRowSlots), the
 * rows are in the body's flow in index order (DOM order is the rows' order for assistive technology), and no row
 * has a style of its own: the column template is set once on the grid (--grid-columns).
 *
 * TanStack Table owns the column model (grid-columns.tsx): the header comes from its header groups, and each
 * row's cells from its visible leaf columns. Rows are sorted and filtered incrementally by the caller
 * (createRowSorter / filterRows), hence manualSorting/manualFiltering; and the body indexes `rows` directly
 * instead of reading table.getRowModel(), which would build a Row object per student on every selection.
 */
export function GradesGrid(props: GradesGridProps) {
  const { rows: visible, graders, sortOrder, readOnly, canCustomGrade } = props
  const withSection = props.showSections === true
  const withMean = props.gradeKind !== 'pass_fail' && props.gradeKind !== 'not_graded'
  const columnDefs = useMemo(
    () => gradeColumns(graders, { section: withSection, mean: withMean }),
    [graders, withSection, withMean],
  )
  const table = useReactTable({
    data: visible,
    columns: columnDefs,
    getCoreRowModel: getCoreRowModel(),
    getRowId,
    manualSorting: true,
    manualFiltering: true,
  })
  // Memoized by the table on the column defs and column state, so stable across data changes.
  const columns = table.getVisibleLeafColumns()
  const colCount = columns.length
  const scrollRef = useRef<HTMLDivElement>(null)
  useFillViewport(scrollRef)
  const slotsRef = useRef<RowSlots>(noSlots())

  const virtualizerRef = useRef<Virtualizer<HTMLDivElement, Element> | null>(null)
  const propsRef = useRef(props)
  propsRef.current = props
  const columnsRef = useRef(columns)
  columnsRef.current = columns
  const press = useCallback((row: GridRow, colIndex: number) => {
    const p = propsRef.current
    const column = columnsRef.current[colIndex]
    if (!column || p.readOnly) return
    const kind = columnKind(column)
    if (kind === 'grader') {
      const grade = columnGrade(column, row, 0)
      if (grade && row.selectedGradeId !== grade.id) p.onSelect(row, grade, String(column.columnDef.header))
    } else if (kind === 'final') {
      const custom = row.finalGrade
      if (custom && custom.id !== row.selectedGradeId) p.onSelect(row, custom, 'Custom grade')
      else if (p.canCustomGrade) p.onCustomGrade(row)
    }
  }, [])

  const nav = useGridNavigation({
    rows: visible,
    colCount,
    scrollRef,
    scrollToIndex: (i) => virtualizerRef.current?.scrollToIndex(i, { align: 'auto' }),
    onPress: press,
  })
  const { activeIndex } = nav
  // The rows to mount: the rows in view, overscan (more ahead of the scroll than behind it, as many either way
  // when not scrolling, none after a jump), and the focused row, so that the grid always has its tab stop. A new
  // function when the active row moves (a sort moves it without scrolling): the virtualizer recomputes the rows
  // when it changes.
  const lastRangeRef = useRef<{ startIndex: number; endIndex: number } | null>(null)
  const rangeExtractor = useCallback(
    (range: Range) => {
      const last = lastRangeRef.current
      const jump = last !== null && (range.startIndex > last.endIndex || range.endIndex < last.startIndex)
      lastRangeRef.current = { startIndex: range.startIndex, endIndex: range.endIndex }
      const direction = virtualizerRef.current?.scrollDirection ?? null
      const before = jump ? 0 : direction === 'forward' ? OVERSCAN_BEHIND : OVERSCAN_AHEAD
      const after = jump ? 0 : direction === 'backward' ? OVERSCAN_BEHIND : OVERSCAN_AHEAD
      const start = Math.max(0, range.startIndex - before)
      const end = Math.min(range.count - 1, range.endIndex + after)
      const indexes: number[] = []
      for (let i = start; i <= end; i++) indexes.push(i)
      if (activeIndex >= 0 && activeIndex < range.count && (activeIndex < start || activeIndex > end)) {
        if (activeIndex < start) indexes.unshift(activeIndex)
        else indexes.push(activeIndex)
      }
      return indexes
    },
    [activeIndex],
  )
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN_AHEAD,
    rangeExtractor,
    // The sticky header row sits above the body inside the scroll container.
    scrollPaddingStart: ROW_HEIGHT,
  })
  virtualizerRef.current = virtualizer

  const firstGradeCol = withSection ? 2 : 1
  const { focusRequest } = props
  const { focusCell } = nav
  useEffect(() => {
    if (focusRequest) focusCell(focusRequest.key, firstGradeCol)
  }, [focusRequest, focusCell, firstGradeCol])

  const tracks = columns.map((c) => columnTrack(columnKind(c)))
  // One column template for the header and every row (a custom property set once on the grid, not a style string
  // per row), and one width, so that the per-row grids line up with the header.
  const gridVars = {
    '--grid-columns': tracks.map((t) => `minmax(${t.min}rem, ${t.fr}fr)`).join(' '),
    '--grid-min-width': `${tracks.reduce((sum, t) => sum + t.min, 0)}rem`,
    '--grid-row-height': `${ROW_HEIGHT}px`,
  } as CSSProperties

  // The mounted rows are contiguous, except the focused row when it is scrolled out of view (rangeExtractor).
  // The contiguous ones are laid out in the body's flow below a padding as tall as the rows above them, so no
  // row has a position of its own; the focused one out of view is placed on its own (grid__row--apart).
  const items = virtualizer.getVirtualItems().filter((item) => visible[item.index] !== undefined)
  const apart = activeIndex >= 0 && items.length > 1 && !isContiguousAt(items, activeIndex) ? activeIndex : -1
  const first = items.find((item) => item.index !== apart)
  const slots = assignRowSlots(
    slotsRef.current,
    items.map((item) => visible[item.index]!.key),
    focusedRowKey(scrollRef.current),
  )
  useLayoutEffect(() => {
    slotsRef.current = slots
  })

  return (
    <div
      ref={scrollRef}
      className="grid"
      role="grid"
      aria-label={`Provisional grades for ${props.assignmentName}`}
      aria-rowcount={visible.length + 1}
      aria-colcount={colCount}
      aria-readonly={readOnly || undefined}
      aria-busy={props.busy}
      style={gridVars}
    >
      <GridHead headerGroups={table.getHeaderGroups()} sortOrder={sortOrder} onSortChange={props.onSortChange} />
      <div
        role="rowgroup"
        className="grid__body"
        style={{ height: virtualizer.getTotalSize(), paddingTop: first?.start ?? 0 }}
        onKeyDown={nav.onKeyDown}
      >
        {items.map((item) => {
          const r = visible[item.index]!
          return (
            <GridRowView
              key={slots.byRow.get(r.key)}
              row={r}
              index={item.index}
              apartTop={item.index === apart ? item.start : undefined}
              columns={columns}
              graders={graders}
              activeCol={item.index === activeIndex ? nav.activeCol : -1}
              readOnly={readOnly}
              gradeKind={props.gradeKind}
              canCustomGrade={canCustomGrade}
              onActivate={nav.activate}
              onSelect={props.onSelect}
              onCustomGrade={props.onCustomGrade}
            />
          )
        })}
      </div>
    </div>
  )
}

/** Whether the item at `index` has a neighbour in `items` (sorted by index). */
function isContiguousAt(items: readonly { index: number }[], index: number): boolean {
  return items.some((item) => item.index === index - 1 || item.index === index + 1)
}

/** The student whose row holds focus, if focus is in the grid: that row's element is never handed over. */
function focusedRowKey(grid: HTMLElement | null): string | null {
  const el = grid?.ownerDocument.activeElement
  if (!grid || !el || !grid.contains(el)) return null
  return el.closest('[data-row-key]')?.getAttribute('data-row-key') ?? null
}

/** The header row; memoized (the grid re-renders on every scroll event, its header only when the sort changes). */
const GridHead = memo(function GridHead(p: {
  headerGroups: HeaderGroup<GridRow>[]
  sortOrder: SortOrder
  onSortChange: ((order: SortOrder) => void) | undefined
}) {
  const { onSortChange } = p
  return (
    <div role="rowgroup" className="grid__head">
      {p.headerGroups.map((group) => (
        <div key={group.id} role="row" aria-rowindex={1} className="grid__row grid__row--head">
          {group.headers.map((header) => {
            const kind = columnKind(header.column)
            const sort = headerSort(kind, p.sortOrder)
            const title = flexRender(header.column.columnDef.header, header.getContext())
            return (
              <div
                key={header.id}
                role="columnheader"
                aria-colindex={header.index + 1}
                aria-sort={sort && sort.aria !== 'none' ? sort.aria : undefined}
                className={`grid__colheader grid__colheader--${kind}`}
              >
                {sort && onSortChange ? (
                  <button
                    type="button"
                    className="grid__sort"
                    data-sort={sort.aria}
                    onClick={() => onSortChange(sort.next)}
                  >
                    {title}
                  </button>
                ) : (
                  title
                )}
              </div>
            )
          })}
        </div>
      ))}
    </div>
  )
})

interface RowViewProps {
  /** The caller's stable row object: a memoized row re-renders only when its student changed. */
  row: GridRow
  /** Position in the shown rows (aria-rowindex is index + 2: the header is row 1). */
  index: number
  /** Set for the focused row when it is out of view: its offset in the body (it is not in the body's flow). */
  apartTop: number | undefined
  /** The table's visible leaf columns (the same array across data changes). */
  columns: GradeColumn[]
  graders: readonly Grader[]
  /** Column holding the grid's tab stop in this row, or -1. */
  activeCol: number
  readOnly: boolean
  gradeKind: GradeKind
  canCustomGrade: boolean
  onActivate: (rowKey: string, col: number) => void
  onSelect: (row: GridRow, grade: ProvisionalGrade, graderLabel: string) => void
  onCustomGrade: (row: GridRow) => void
}

const GridRowView = memo(function GridRowView(p: RowViewProps) {
  const { row, columns, activeCol } = p
  const apart = p.apartTop !== undefined
  return (
    <div
      role="row"
      aria-rowindex={p.index + 2}
      data-row-key={row.key}
      className={`grid__row${row.disagree ? ' grid__row--disagree' : ''}${apart ? ' grid__row--apart' : ''}`}
      style={apart ? { transform: `translateY(${p.apartTop}px)` } : undefined}
    >
      {columns.map((column, c) => {
        const cell = { col: c, row, tabbable: activeCol === c, onActivate: p.onActivate }
        switch (columnKind(column)) {
          case 'student':
            return <StudentCell key={column.id} {...cell} kind={p.gradeKind} />
          case 'section':
            return <SectionCell key={column.id} {...cell} />
          case 'spread':
            return <SpreadCell key={column.id} {...cell} kind={p.gradeKind} />
          case 'mean':
            return <MeanCell key={column.id} {...cell} />
          case 'final':
            return (
              <FinalCell
                key={column.id}
                {...cell}
                rowActive={activeCol >= 0}
                graders={p.graders}
                readOnly={p.readOnly}
                canCustomGrade={p.canCustomGrade}
                kind={p.gradeKind}
                onSelect={p.onSelect}
                onCustomGrade={p.onCustomGrade}
              />
            )
          default:
            return (
              <GradeCell
                key={column.id}
                {...cell}
                grade={columnGrade(column, row, p.index)}
                grader={column.columnDef.meta!.grader!}
                readOnly={p.readOnly}
                kind={p.gradeKind}
                onSelect={p.onSelect}
              />
            )
        }
      })}
    </div>
  )
})
