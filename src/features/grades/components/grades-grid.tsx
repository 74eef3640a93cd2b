import { flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table'
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual'
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { ProvisionalGrade } from '../../../canvas/types'
import { formatNumber } from '../../../lib/format'
import type { GradeKind } from '../../../lib/grading-type'
import { gradeText, type Grader, type GridRow, type SortOrder } from '../utils/grid-rows'
import { columnGrade, columnKind, gradeColumns, type GradeColumn } from './grid-columns'

const ROW_HEIGHT = 52
const PAGE_ROWS = 10

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
  /** Students are still loading: the grid says so with aria-busy. */
  busy: boolean
  readOnly: boolean
  canCustomGrade: boolean
  onSelect: (row: GridRow, grade: ProvisionalGrade, graderLabel: string) => void
  onCustomGrade: (row: GridRow) => void
  /** Focus this student's row header (triage "next student"); a new seq asks again. */
  focusRequest?: { key: string; seq: number } | null
}

interface Active {
  key: string | null
  col: number
}

const getRowId = (r: GridRow) => r.key

/**
 * The moderation grid: ARIA grid semantics over a virtualized body. Roving tabindex (one tab stop), arrows move,
 * Home/End go to the row's ends, Ctrl+Home/End to the first/last row, PageUp/PageDown move 10 rows, Enter or
 * Space selects the focused grade. Rows are memoized (and row objects are stable per student), so a selection
 * re-renders one row; only the rows in view are mounted.
 *
 * TanStack Table owns the column model (grid-columns.tsx): the header comes from its header groups, and each
 * row's cells from its visible leaf columns. Rows are sorted and filtered incrementally by the caller
 * (createRowSorter / filterRows), hence manualSorting/manualFiltering; and the body indexes `rows` directly
 * instead of reading table.getRowModel(), which would build a Row object per student (all 10,000) on every
 * selection, and would hand the memoized rows new objects.
 */
export function GradesGrid(props: GradesGridProps) {
  const { rows: visible, graders, sortOrder, readOnly, canCustomGrade } = props
  // `graders` is the same array while the columns are the same (ModerationGrades), so this is too.
  const withSection = props.showSections === true
  const columnDefs = useMemo(() => gradeColumns(graders, withSection), [graders, withSection])
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
  const [active, setActive] = useState<Active>({ key: null, col: 1 })
  /** Where keyboard navigation wants focus; applied after the render that mounts that cell. */
  const focusTarget = useRef<{ key: string; col: number } | null>(null)

  const activeIndex = useMemo(() => {
    if (visible.length === 0) return -1
    const i = active.key === null ? -1 : visible.findIndex((r) => r.key === active.key)
    return i === -1 ? 0 : i
  }, [visible, active.key])
  const activeCol = Math.min(active.col, colCount - 1)

  const activeIndexRef = useRef(activeIndex)
  activeIndexRef.current = activeIndex
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
  })

  const { focusRequest } = props
  useEffect(() => {
    if (!focusRequest) return
    focusTarget.current = { key: focusRequest.key, col: 0 }
    setActive({ key: focusRequest.key, col: 0 })
  }, [focusRequest])

  useEffect(() => {
    const target = focusTarget.current
    if (!target) return
    const index = visible.findIndex((r) => r.key === target.key)
    if (index === -1) {
      focusTarget.current = null
      return
    }
    const el = scrollRef.current?.querySelector<HTMLElement>(
      `[data-row-key="${CSS.escape(target.key)}"] [data-col="${target.col}"]`,
    )
    if (!el) {
      virtualizer.scrollToIndex(index, { align: 'auto' })
      return
    }
    focusTarget.current = null
    virtualizer.scrollToIndex(index, { align: 'auto' })
    el.focus()
  })

  const rowsRef = useRef(visible)
  rowsRef.current = visible
  const propsRef = useRef(props)
  propsRef.current = props

  const activate = useCallback((rowKey: string, colIndex: number) => {
    setActive((a) => (a.key === rowKey && a.col === colIndex ? a : { key: rowKey, col: colIndex }))
  }, [])

  const columnsRef = useRef(columns)
  columnsRef.current = columns

  const activateCell = useCallback((rowKey: string, colIndex: number) => {
    const { onSelect, onCustomGrade, readOnly: ro, canCustomGrade: cc } = propsRef.current
    const index = rowsRef.current.findIndex((r) => r.key === rowKey)
    const row = rowsRef.current[index]
    const column = columnsRef.current[colIndex]
    if (!row || !column || ro) return
    const kind = columnKind(column)
    if (kind === 'student' || kind === 'section') return
    const grade = columnGrade(column, row, index)
    if (grade) onSelect(row, grade, headerText(column))
    else if (kind === 'final' && cc) onCustomGrade(row)
  }, [])

  function onKeyDown(e: React.KeyboardEvent<HTMLDivElement>) {
    const target = e.target as HTMLElement
    if (target.tagName === 'A' || target.tagName === 'BUTTON') return
    const n = visible.length
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
        activateCell(visible[row]!.key, c)
        return
      default:
        return
    }
    e.preventDefault()
    const key = visible[row]!.key
    focusTarget.current = { key, col: c }
    setActive({ key, col: c })
  }

  const template = `minmax(12rem, 1.4fr)${withSection ? ' minmax(7rem, 0.7fr)' : ''} repeat(${graders.length}, minmax(9.5rem, 1fr)) minmax(14rem, 1fr)`
  // Every row gets the same width, so the per-row grids line up with the header.
  const rowMinWidth = `${12 + (withSection ? 7 : 0) + graders.length * 9.5 + 14}rem`
  const nameSort = sortOrder === 'name-asc' ? 'ascending' : sortOrder === 'name-desc' ? 'descending' : undefined

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
      <div role="rowgroup" className="grid__head">
        {table.getHeaderGroups().map((group) => (
          <div
            key={group.id}
            role="row"
            aria-rowindex={1}
            className="grid__row grid__row--head"
            style={{ gridTemplateColumns: template, minWidth: rowMinWidth }}
          >
            {group.headers.map((header) => (
              <div
                key={header.id}
                role="columnheader"
                aria-colindex={header.index + 1}
                aria-sort={columnKind(header.column) === 'student' ? nameSort : undefined}
                className="grid__colheader"
              >
                {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
              </div>
            ))}
          </div>
        ))}
      </div>
      <div role="rowgroup" className="grid__body" style={{ height: virtualizer.getTotalSize() }} onKeyDown={onKeyDown}>
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
              activeCol={item.index === activeIndex ? activeCol : -1}
              readOnly={readOnly}
              gradeKind={props.gradeKind}
              canCustomGrade={canCustomGrade}
              onActivate={activate}
              onPress={activateCell}
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
  /** Column holding the grid's tab stop in this row, or -1. */
  activeCol: number
  readOnly: boolean
  gradeKind: GradeKind
  canCustomGrade: boolean
  onActivate: (rowKey: string, col: number) => void
  onPress: (rowKey: string, col: number) => void
  onCustomGrade: (row: GridRow) => void
}

const GridRowView = memo(function GridRowView(p: RowViewProps) {
  const { row, columns, activeCol } = p
  return (
    <div
      role="row"
      aria-rowindex={p.index + 2}
      data-row-key={row.key}
      className="grid__row"
      style={{
        gridTemplateColumns: p.template,
        minWidth: p.minWidth,
        transform: `translateY(${p.top}px)`,
        height: ROW_HEIGHT,
      }}
    >
      {columns.map((column, c) => {
        const kind = columnKind(column)
        if (kind === 'student') {
          return (
            <div
              key={column.id}
              role="rowheader"
              aria-colindex={c + 1}
              data-col={c}
              tabIndex={activeCol === c ? 0 : -1}
              className={`grid__rowheader${row.disagree ? ' grid__rowheader--disagree' : ''}`}
              title={
                row.spread
                  ? p.gradeKind === 'pass_fail'
                    ? 'Graders gave different grades'
                    : `Graders differ by ${formatNumber(row.spread)} points`
                  : undefined
              }
              onFocus={() => p.onActivate(row.key, c)}
            >
              <span className="grid__name">{row.label}</span>
              {row.markers.map((m) => (
                <span key={m.label} className={`tag${m.tone === 'warn' ? ' tag--warn' : ''}`} title={m.description}>
                  {m.label}
                </span>
              ))}
            </div>
          )
        }
        if (kind === 'section') {
          const sections = row.facts?.sections.join(', ') ?? ''
          return (
            <div
              key={column.id}
              role="gridcell"
              aria-colindex={c + 1}
              data-col={c}
              tabIndex={activeCol === c ? 0 : -1}
              className="grid__cell grid__cell--text"
              onFocus={() => p.onActivate(row.key, c)}
            >
              {sections || <span className="muted">Not known</span>}
            </div>
          )
        }
        return (
          <GradeCell
            key={column.id}
            col={c}
            grade={columnGrade(column, row, p.index)}
            graderLabel={headerText(column)}
            row={row}
            tabbable={activeCol === c}
            readOnly={p.readOnly}
            gradeKind={p.gradeKind}
            onActivate={p.onActivate}
            onPress={p.onPress}
          >
            {kind === 'final' && p.canCustomGrade && !p.readOnly ? (
              <button
                type="button"
                className="button button--small"
                tabIndex={activeCol === c ? 0 : -1}
                aria-label={`Custom grade for ${row.label}`}
                onClick={(e) => {
                  e.stopPropagation()
                  p.onCustomGrade(row)
                }}
              >
                {row.finalGrade ? 'Edit' : 'Custom'}
              </button>
            ) : null}
          </GradeCell>
        )
      })}
    </div>
  )
})

/** A column's header as text (grader label or "Final grade"), for cell names and status messages. */
function headerText(column: GradeColumn): string {
  const header = column.columnDef.header
  return typeof header === 'string' ? header : column.id
}

interface GradeCellProps {
  col: number
  grade: ProvisionalGrade | undefined
  graderLabel: string
  row: GridRow
  tabbable: boolean
  readOnly: boolean
  gradeKind: GradeKind
  onActivate: (rowKey: string, col: number) => void
  onPress: (rowKey: string, col: number) => void
  children?: React.ReactNode
}

function GradeCell({
  col,
  grade,
  graderLabel,
  row,
  tabbable,
  readOnly,
  gradeKind,
  onActivate,
  onPress,
  children,
}: GradeCellProps) {
  const common = {
    role: 'gridcell',
    'aria-colindex': col + 1,
    'data-col': col,
    tabIndex: tabbable ? 0 : -1,
    onFocus: (e: React.FocusEvent) => {
      if (e.target === e.currentTarget) onActivate(row.key, col)
    },
  } as const
  if (!grade) {
    return (
      <div
        {...common}
        className="grid__cell grid__cell--empty"
        aria-label={`${graderLabel}: no grade for ${row.label}`}
      >
        <span aria-hidden="true">—</span>
        {children}
      </div>
    )
  }
  const selected = row.selectedGradeId === grade.id
  const stale = !grade.matchesCurrentSubmission
  const text = gradeText(grade, gradeKind)
  const name = `${graderLabel}: ${text} for ${row.label}${selected ? ', selected' : ''}${stale ? ', stale (graded before the latest submission)' : ''}`
  return (
    <div
      {...common}
      aria-selected={selected}
      aria-label={name}
      className={`grid__cell${selected ? ' grid__cell--selected' : ''}${stale ? ' grid__cell--stale' : ''}${readOnly ? '' : ' grid__cell--selectable'}`}
      onClick={() => {
        onActivate(row.key, col)
        onPress(row.key, col)
      }}
    >
      <span className="grid__score">{text}</span>
      {selected ? (
        <span className="badge badge--selected" aria-hidden="true">
          ✓ Selected
        </span>
      ) : null}
      {stale ? (
        <span className="badge badge--stale" aria-hidden="true" title="Graded before the student's latest submission">
          Stale
        </span>
      ) : null}
      <a
        className="grid__link"
        href={grade.speedGraderUrl}
        target="_blank"
        rel="noopener noreferrer"
        tabIndex={tabbable ? 0 : -1}
        aria-label={`Open ${row.label} in SpeedGrader (${graderLabel}, new tab)`}
        onClick={(e) => e.stopPropagation()}
      >
        <span aria-hidden="true">↗</span>
      </a>
      {children}
    </div>
  )
}
