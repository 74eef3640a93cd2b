import { act, render, screen, within } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { GradeableStudent, ProvisionalGrade } from '../../../../canvas/types'
import * as gridRows from '../../utils/grid-rows'
import { toGridRow, type Grader, type GridRow } from '../../utils/grid-rows'
import { assignRowSlots, GradesGrid, noSlots, type GradesGridProps, type RowSlots } from '../grades-grid'

// gradeText runs once per rendered grade cell, so its calls show which rows rendered.
vi.mock('../../utils/grid-rows', async (importOriginal) => {
  const mod = await importOriginal<typeof import('../../utils/grid-rows')>()
  return { ...mod, gradeText: vi.fn(mod.gradeText) }
})
const gradeText = vi.mocked(gridRows.gradeText)

const N = 10_000
const graders: Grader[] = [1, 2, 3].map((n) => ({ key: `s:${n}`, label: `Grader ${n}`, short: `Grader ${n}` }))

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

describe('GradesGrid after a sort', () => {
  const rows = Array.from({ length: N }, (_, i) => toGridRow(student(i)))
  const shownRows = () =>
    screen.getAllByRole('row').filter((r) => r.closest('[role="rowgroup"]')?.classList.contains('grid__body'))

  it('keeps the focused student mounted and focused when the sort moves it far away', () => {
    const { rerender } = render(<GradesGrid {...props(rows)} />)
    const cell = screen.getByRole('gridcell', { name: 'Grader 1: 13 for Student 00002' })
    act(() => cell.focus())
    expect(cell).toHaveAttribute('tabindex', '0')

    // Student 00002 moves to the end: out of view, still the grid's tab stop.
    rerender(<GradesGrid {...props(rows.toReversed())} />)
    expect(document.activeElement).toBe(cell)
    expect(cell).toBeInTheDocument()
    expect(cell).toHaveAttribute('tabindex', '0')
    expect(cell.closest('[role="row"]')).toHaveAttribute('aria-rowindex', String(N - 1 - 2 + 2))
  })

  it('shows the new order in the same row elements, in index order', () => {
    const { rerender } = render(<GradesGrid {...props(rows)} />)
    const before = shownRows()
    rerender(<GradesGrid {...props(rows.toReversed())} />)
    const after = shownRows()
    // The rows in view now show the last students, in order, each row element updated in place.
    expect(after.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(
      after.map((_, i) => `Student ${String(N - 1 - i).padStart(5, '0')}`),
    )
    expect(after.map((r) => r.getAttribute('aria-rowindex'))).toEqual(after.map((_, i) => String(i + 2)))
    expect(after.every((r) => before.includes(r))).toBe(true)
  })
})

describe('assignRowSlots', () => {
  /** The row elements React moves for a new key order (its reconcileChildrenArray: lastPlacedIndex). */
  function moved(prevOrder: string[], next: string[]): string[] {
    const oldIndex = new Map(prevOrder.map((k, i) => [k, i]))
    let lastPlaced = 0
    const out: string[] = []
    for (const k of next) {
      const i = oldIndex.get(k)
      if (i === undefined) continue
      if (i < lastPlaced) out.push(k)
      else lastPlaced = i
    }
    return out
  }
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `u:${from + i}`)
  function step(prev: RowSlots, keys: string[], keep?: string) {
    const next = assignRowSlots(prev, keys, keep)
    const prevSlots = prev.order.map((k) => prev.byRow.get(k)!)
    const nextSlots = keys.map((k) => next.byRow.get(k)!)
    return { next, slots: nextSlots, moved: moved(prevSlots, nextSlots), prevSlots }
  }

  it('gives every row its own element, and a jump the elements of the rows it leaves, in place', () => {
    const a = step(noSlots(), range(0, 15))
    expect(new Set(a.slots).size).toBe(15)
    const b = step(a.next, range(500, 515))
    expect(b.slots).toEqual(a.slots)
    expect(b.moved).toEqual([])
  })

  it('keeps the elements of the rows that stay; a row or two scrolled in gets a new element, nothing moves', () => {
    const a = step(noSlots(), range(0, 15))
    for (const keys of [range(1, 16), range(0, 15), range(2, 17)]) {
      const prev = a.next
      const s = step(prev, keys)
      for (const k of keys) if (prev.byRow.has(k)) expect(s.next.byRow.get(k)).toBe(prev.byRow.get(k))
      expect(s.moved).toEqual([])
      a.next = s.next
    }
  })

  it('keeps the focused row apart from a jump, and never hands its element to another student', () => {
    const a = step(noSlots(), range(0, 15))
    const focused = 'u:3'
    const jump = step(a.next, [focused, ...range(600, 614)])
    expect(jump.next.byRow.get(focused)).toBe(a.next.byRow.get(focused))
    expect(jump.moved).toEqual([])
    // The focused row leaving: its element goes with it, whatever takes its place gets another.
    const away = step(a.next, range(900, 915), focused)
    expect(away.slots).not.toContain(a.next.byRow.get(focused))
  })
})
