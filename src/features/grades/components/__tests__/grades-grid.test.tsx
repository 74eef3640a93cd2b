import { render, screen, within } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { GradeableStudent, ProvisionalGrade } from '../../../../canvas/types'
import * as gridRows from '../../utils/grid-rows'
import { toGridRow, type Grader, type GridRow } from '../../utils/grid-rows'
import { GradesGrid, type GradesGridProps } from '../grades-grid'

// gradeText runs once per rendered grade cell, so its calls show which rows rendered.
vi.mock('../../utils/grid-rows', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../../utils/grid-rows')>()
  return { ...mod, gradeText: vi.fn(mod.gradeText) }
})
const gradeText = vi.mocked(gridRows.gradeText)

const N = 10_000
const graders: Grader[] = [1, 2, 3].map((n) => ({ key: `s:${n}`, label: `Grader ${n}`, named: false }))

function grade(student: number, grader: number): ProvisionalGrade {
  return {
    id: student * 10 + grader,
    grade: null,
    score: 10 + ((student + grader) % 5),
    gradedAt: '2026-01-01T00:00:00Z',
    final: false,
    matchesCurrentSubmission: true,
    speedGraderUrl: `/speed_grader?student=${student}`,
    graderKey: `s:${grader}`,
    scorerId: undefined,
    anonymousGraderId: String(grader),
  }
}

function student(i: number, selectedGradeId: number | null = null): GradeableStudent {
  return {
    key: `u:${i}`,
    userId: i,
    anonymousId: i.toString(36),
    anonymous: false,
    displayName: `Student ${String(i).padStart(5, '0')}`,
    testStudent: false,
    inModerationSet: true,
    selectedGradeId,
    grades: [1, 2, 3].map((g) => grade(i, g)),
  }
}

// Stable callbacks, as ModerationGrades passes them (useCallback).
const onSelect = vi.fn()
const onCustomGrade = vi.fn()

function props(rows: GridRow[]): GradesGridProps {
  return {
    assignmentName: 'Essay',
    rows,
    graders,
    gradeKind: 'points',
    sortOrder: 'name-asc',
    busy: false,
    readOnly: false,
    canCustomGrade: true,
    onSelect,
    onCustomGrade,
  }
}

describe('GradesGrid', () => {
  beforeEach(() => {
    gradeText.mockClear()
  })

  it('renders the column model: Student, one column per grader, Spread, Mean, Final grade', () => {
    render(<GradesGrid {...props(Array.from({ length: 20 }, (_, i) => toGridRow(student(i))))} />)
    const grid = screen.getByRole('grid', { name: 'Provisional grades for Essay' })
    expect(grid).toHaveAttribute('aria-colcount', '7')
    const headers = within(grid).getAllByRole('columnheader')
    expect(headers.map((h) => h.textContent)).toEqual([
      'Student',
      'Grader 1',
      'Grader 2',
      'Grader 3',
      'Spread',
      'Mean',
      'Final grade',
    ])
    expect(headers.map((h) => h.getAttribute('aria-colindex'))).toEqual(['1', '2', '3', '4', '5', '6', '7'])
    expect(headers[0]).toHaveAttribute('aria-sort', 'ascending')
    const row = within(grid).getByRole('rowheader', { name: 'Student 00003' }).closest('[role="row"]') as HTMLElement
    expect(
      within(row).getByRole('gridcell', { name: 'Grader 2: 10 for Student 00003, beyond the tolerance' }),
    ).toHaveAttribute('aria-colindex', '3')
    expect(within(row).getByRole('gridcell', { name: 'Final grade: no grade for Student 00003' })).toHaveAttribute(
      'aria-colindex',
      '7',
    )
    expect(within(row).getByRole('button', { name: 'Custom grade for Student 00003' })).toBeInTheDocument()
  })

  it(`re-renders only the changed row when one of ${N} students gets a selection`, () => {
    const rows = Array.from({ length: N }, (_, i) => toGridRow(student(i)))
    const { rerender } = render(<GradesGrid {...props(rows)} />)
    const mounted = screen.getAllByRole('rowheader').length
    expect(mounted).toBeGreaterThan(5)
    expect(mounted).toBeLessThan(60)
    expect(gradeText).toHaveBeenCalledTimes(mounted * 3)

    gradeText.mockClear()
    const next = rows.slice()
    next[2] = toGridRow(student(2, grade(2, 1).id))
    rerender(<GradesGrid {...props(next)} />)

    // One row: its three grader cells and its final grade (the selected one), nothing else.
    expect(gradeText.mock.calls.map(([g]) => g.id)).toEqual([21, 22, 23, 21])
    expect(screen.getByRole('gridcell', { name: 'Grader 1: 13 for Student 00002, selected' })).toHaveAttribute(
      'aria-selected',
      'true',
    )
  })
})
