import { flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table'
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual'
import { memo, useCallback, useEffect, useMemo, useRef } from 'react'
import type { ProvisionalGrade } from '../../../canvas/types'
import type { GradeKind } from '../../../lib/grading-type'
import { useFillViewport } from '../../../lib/use-fill-viewport'
import { useGridNavigation } from '../hooks/use-grid-navigation'
import type { Grader, GridRow, SortOrder } from '../utils/grid-rows'
import { FinalCell, GradeCell, MeanCell, SectionCell, SpreadCell, StudentCell } from './grid-cells'
import { columnGrade, columnKind, columnTrack, gradeColumns, type GradeColumn } from './grid-columns'

const ROW_HEIGHT = 52

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

/**
 * The moderation grid: ARIA grid semantics over a virtualized body (keyboard model: useGridNavigation). Rows are
 * memoized and row objects are stable per student, so a selection re-renders one row; only the rows in view are
 * mounted. The header row and the student column stay in place under vertical and horizontal scrolling; the grid
 * fills the viewport below the toolbar (useFillViewport).
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

  const activeIndexRef = useRef(-1)
  const rangeExtractor = useCallback((range: Range) => {
    const indexes = defaultRangeExtractor(range)
    const a = activeIndexRef.current
    // Keep the focused row mounted so the grid always has its tab stop.
    if (a >= 0 && !indexes.includes(a)) indexes.push(a)
    return indexes.sort((x, y) => x - y)
  }, [])
  const virtualizer = useVirtualizer({
    count: visible.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    rangeExtractor,
    // The sticky header row sits above the body inside the scroll container.
    scrollPaddingStart: ROW_HEIGHT,
  })

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
    scrollToIndex: (i) => virtualizer.scrollToIndex(i, { align: 'auto' }),
    onPress: press,
  })
  activeIndexRef.current = nav.activeIndex

  const firstGradeCol = withSection ? 2 : 1
  const { focusRequest } = props
  const { focusCell } = nav
  useEffect(() => {
    if (focusRequest) focusCell(focusRequest.key, firstGradeCol)
  }, [focusRequest, focusCell, firstGradeCol])

  const tracks = columns.map((c) => columnTrack(columnKind(c)))
  const template = tracks.map((t) => `minmax(${t.min}rem, ${t.fr}fr)`).join(' ')
  // Every row gets the same width, so the per-row grids line up with the header.
  const rowMinWidth = `${tracks.reduce((sum, t) => sum + t.min, 0)}rem`

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
    >
      <div role="rowgroup" className="grid__head" style={{ minWidth: rowMinWidth }}>
        {table.getHeaderGroups().map((group) => (
          <div
            key={group.id}
            role="row"
            aria-rowindex={1}
            className="grid__row grid__row--head"
            style={{ gridTemplateColumns: template, minWidth: rowMinWidth }}
          >
            {group.headers.map((header) => {
              const kind = columnKind(header.column)
              const sort = headerSort(kind, sortOrder)
              const title = flexRender(header.column.columnDef.header, header.getContext())
              return (
                <div
                  key={header.id}
                  role="columnheader"
                  aria-colindex={header.index + 1}
                  aria-sort={sort && sort.aria !== 'none' ? sort.aria : undefined}
                  className={`grid__colheader grid__colheader--${kind}`}
                >
                  {sort && props.onSortChange ? (
                    <button
                      type="button"
                      className="grid__sort"
                      data-sort={sort.aria}
                      onClick={() => props.onSortChange?.(sort.next)}
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
      <div
        role="rowgroup"
        className="grid__body"
        style={{ height: virtualizer.getTotalSize(), minWidth: rowMinWidth }}
        onKeyDown={nav.onKeyDown}
      >
        {virtualizer.getVirtualItems().map((item) => {
          const r = visible[item.index]
          if (!r) return null
          return (
            <GridRowView
              key={r.key}
              row={r}
              index={item.index}
              top={item.start}
              template={template}
              minWidth={rowMinWidth}
              columns={columns}
              graders={graders}
              activeCol={item.index === nav.activeIndex ? nav.activeCol : -1}
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

interface RowViewProps {
  /** The caller's stable row object: a memoized row re-renders only when its student changed. */
  row: GridRow
  /** Position in the shown rows (aria-rowindex is index + 2: the header is row 1). */
  index: number
  top: number
  template: string
  minWidth: string
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
  return (
    <div
      role="row"
      aria-rowindex={p.index + 2}
      data-row-key={row.key}
      className={`grid__row${row.disagree ? ' grid__row--disagree' : ''}`}
      style={{
        gridTemplateColumns: p.template,
        minWidth: p.minWidth,
        transform: `translateY(${p.top}px)`,
        height: ROW_HEIGHT,
      }}
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
