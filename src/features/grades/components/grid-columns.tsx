import { createColumnHelper, type Column, type RowData } from '@tanstack/react-table'
import type { ProvisionalGrade } from '../../../canvas/types'
import type { Grader, GridRow } from '../utils/grid-rows'

export type GradeColumnKind = 'student' | 'section' | 'grader' | 'spread' | 'mean' | 'final'

declare module '@tanstack/react-table' {
  // The type parameters must match table-core's declaration for the interfaces to merge.
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Which cell the grid renders for this column (the grid dispatches on it, not on column ids). */
    kind: GradeColumnKind
    /** The grader of a `grader:<key>` column. */
    grader?: Grader
  }
}

const col = createColumnHelper<GridRow>()

// Headers are plain strings: the grid renders them with flexRender, and the tests read them as text.
export const studentColumn = col.accessor('label', { id: 'student', header: 'Student', meta: { kind: 'student' } })

/** The student's sections (a student may be in two), from the course's enrolments. */
export const sectionColumn = col.accessor((r) => r.facts?.sections.join(', ') ?? '', {
  id: 'section',
  header: 'Section',
  meta: { kind: 'section' },
})

/** max − min of the graders' scores (where scores compare; for pass/fail: whether the grades differ). */
export const spreadColumn = col.accessor('spread', { id: 'spread', header: 'Spread', meta: { kind: 'spread' } })

/** Mean of the graders' scores; only where scores compare. */
export const meanColumn = col.accessor('mean', { id: 'mean', header: 'Mean', meta: { kind: 'mean' } })

export const finalColumn = col.accessor('finalGrade', { id: 'final', header: 'Final grade', meta: { kind: 'final' } })

export function graderColumn(grader: Grader) {
  return col.accessor((r) => r.byGrader[grader.key], {
    id: `grader:${grader.key}`,
    header: grader.label,
    meta: { kind: 'grader', grader },
  })
}

/**
 * The grid's columns: Student (row header), Section (courses with several sections), one per provisional grader,
 * Spread, Mean (where scores compare), Final grade. Memoize on the graders array (ModerationGrades keeps it
 * stable), so the table's column model, and the rows memoized on it, survive data changes.
 */
export function gradeColumns(graders: readonly Grader[], opts: { section?: boolean; mean?: boolean } = {}) {
  return [
    studentColumn,
    ...(opts.section ? [sectionColumn] : []),
    ...graders.map(graderColumn),
    spreadColumn,
    ...(opts.mean === false ? [] : [meanColumn]),
    finalColumn,
  ]
}

/** Width of each column in the row's CSS grid template, in rem (min) and fr (share of what is left). */
export function columnTrack(kind: GradeColumnKind): { min: number; fr: number } {
  switch (kind) {
    case 'student':
      return { min: 12, fr: 1.4 }
    case 'section':
      return { min: 7, fr: 0.7 }
    case 'grader':
      return { min: 7.5, fr: 1 }
    case 'spread':
    case 'mean':
      return { min: 5, fr: 0.3 }
    case 'final':
      return { min: 12.5, fr: 1.2 }
  }
}

export type GradeColumn = Column<GridRow, unknown>

/** The column's kind, from its meta (every column above sets one). */
export function columnKind(column: GradeColumn): GradeColumnKind {
  return column.columnDef.meta!.kind
}

/** The grade a grader or Final grade column shows for a row, through the column's own accessor. */
export function columnGrade(column: GradeColumn, row: GridRow, index: number): ProvisionalGrade | undefined {
  const kind = columnKind(column)
  if (kind !== 'grader' && kind !== 'final') return undefined
  return column.accessorFn?.(row, index) as ProvisionalGrade | undefined
}
