import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { student } from '../../../../testing/moderation-fixtures'
import { gradeQueries } from '../../api/grade-queries'
import { emptyRoster } from '../../utils/roster'
import { GradingSlotStatus } from '../grading-slot-status'

const ref = { courseId: 1, assignmentId: 2 }

function renderWith(count: number) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  const students = Array.from({ length: count }, (_, i) =>
    student(`u:${i + 1}`, [], { displayName: `Student ${i + 1}` }),
  )
  qc.setQueryData(gradeQueries.roster(ref).queryKey, {
    ...emptyRoster,
    pages: [students],
    loadedPages: 1,
    totalPages: 1,
    complete: true,
  })
  return render(
    <QueryClientProvider client={qc}>
      <GradingSlotStatus assignmentRef={ref} />
    </QueryClientProvider>,
  )
}

describe('the grading slot status', () => {
  it('offers the first 500 students once the list is reached, the first one chosen', () => {
    renderWith(600)
    const list = screen.getByRole('combobox', { name: 'Student' })
    expect(list).toHaveDisplayValue('Student 1')
    fireEvent.focus(list)
    expect(screen.getAllByRole('option')).toHaveLength(500)
    expect(list).toHaveDisplayValue('Student 1')
    fireEvent.change(list, { target: { value: 'u:42' } })
    expect(list).toHaveDisplayValue('Student 42')
  })
  it('has the options in place when a pointer goes down on the list', () => {
    renderWith(3)
    const list = screen.getByRole('combobox', { name: 'Student' })
    fireEvent.pointerDown(list)
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['Student 1', 'Student 2', 'Student 3'])
  })
})
