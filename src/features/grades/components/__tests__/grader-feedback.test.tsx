import { fireEvent, render, screen, within } from '@testing-library/react'
import { useState } from 'react'
import { describe, expect, it } from 'vitest'
import type { FeedbackComment, StudentFeedback } from '../../../../canvas/provisional-comments'
import type { ProvisionalGrade } from '../../../../canvas/types'
import { GraderFeedback } from '../grader-feedback'

const grade = (id: number, graderKey: string, score: number | null, final = false): ProvisionalGrade => ({
  id,
  grade: score === null ? null : String(score),
  score,
  gradedAt: '2025-10-08T10:00:00Z',
  final,
  matchesCurrentSubmission: true,
  speedGraderUrl: '/sg',
  graderKey,
  scorerId: undefined,
  anonymousGraderId: graderKey.slice(2),
})
const comment = (id: number, text: string, author: Partial<FeedbackComment> = {}): FeedbackComment => ({
  id,
  text,
  createdAt: '2025-10-08T10:05:00Z',
  authorId: undefined,
  anonymousAuthorId: undefined,
  authorName: undefined,
  ...author,
})

const data: StudentFeedback = {
  grades: [
    { grade: grade(1, 'a:g1', 12), comments: [comment(11, '<b>Not bold</b>\nsecond line'), comment(12, 'Units!')] },
    { grade: grade(2, 'a:g2', 17), comments: [comment(21, 'Well argued.')] },
    // A custom grade without comments of its own is not a column.
    { grade: grade(3, 'u:1', 15, true), comments: [] },
  ],
  ordinary: [
    comment(31, 'Thank you.', { authorName: 'Anonymous User' }),
    comment(32, 'Moderated.', { authorId: 1, authorName: 'Dr. Maya Chen' }),
    comment(33, 'A grader’s note.', { anonymousAuthorId: 'g2' }),
  ],
  skipped: 1,
}

function Harness() {
  const [text, setText] = useState('')
  return (
    <GraderFeedback
      state={{ status: 'success', data }}
      graderLabels={
        new Map([
          ['a:g1', 'Grader 1'],
          ['a:g2', 'Grader 2'],
        ])
      }
      studentLabel="Student 4"
      studentUserId={undefined}
      callerId={1}
      kind="points"
      pointsPossible={20}
      finalText={text}
      onFinalTextChange={setText}
      reachHint="Students see it when grades are posted."
      disabled={false}
    />
  )
}

describe('GraderFeedback', () => {
  it('shows each grader’s grade and comments as plain text, side by side, and the ordinary comments apart', () => {
    render(<Harness />)
    const region = screen.getByRole('region', { name: 'The graders’ comments' })
    expect(
      within(region)
        .getAllByRole('heading', { level: 4 })
        .map((h) => h.textContent),
    ).toEqual(['Grader 1', 'Grader 2', 'On the submission, not on a grade'])
    // "<b>" is text, not markup.
    expect(within(region).getByText(/<b>Not bold<\/b>/)).toBeInTheDocument()
    expect(region.querySelector('b')).toBeNull()
    expect(region).toHaveTextContent('Grade: 12')
    // Authors as Canvas tells them: "Anonymous User", "You", a grader by their anonymous id's column.
    expect(region).toHaveTextContent('Anonymous User')
    expect(region).toHaveTextContent('You')
    expect(within(region).getByText('Grader 2', { selector: '.feedback__author' })).toBeInTheDocument()
    expect(region).toHaveTextContent('1 comment Canvas sent could not be read and is not shown.')
  })

  it('adds and removes comments in the final comment, which stays editable', () => {
    render(<Harness />)
    const final = screen.getByRole('textbox', { name: 'Final comment' })
    const buttons = screen.getAllByRole('button', { name: 'Add to final comment' })
    expect(buttons).toHaveLength(3)
    fireEvent.click(buttons[1]!)
    fireEvent.click(buttons[2]!)
    expect(final).toHaveValue('Units!\n\nWell argued.')
    fireEvent.change(final, { target: { value: 'Dear student,\n\nUnits!\n\nWell argued.' } })
    const remove = screen.getAllByRole('button', { name: 'Remove from final comment' })
    expect(remove).toHaveLength(2)
    fireEvent.click(remove[0]!)
    expect(final).toHaveValue('Dear student,\n\nWell argued.')
    expect(final).toHaveAccessibleDescription('Students see it when grades are posted.')
  })
})
