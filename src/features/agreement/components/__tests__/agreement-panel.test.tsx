import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { classifyAll } from '../../../../lib/moderation/classify'
import { REALISTIC } from '../../../../mocks/sim/scenarios/realistic'
import { pg, student } from '../../../../testing/moderation-fixtures'
import { renderApp } from '../../../../testing/render-app'
import { setupSimulator } from '../../../../testing/simulator'
import { AgreementPanel } from '../agreement-panel'

const sim = setupSimulator()
const page = (assignmentId: number) => `/courses/101/assignments/${assignmentId}/moderate`

async function openAgreement() {
  await screen.findByText(/students loaded\./, undefined, { timeout: 8000 })
  await userEvent.click(screen.getByRole('button', { name: 'Show grader agreement' }))
  const heading = await screen.findByRole('heading', { name: 'Grader agreement' }, { timeout: 8000 })
  return heading.closest('section')!
}

describe('grader agreement per grading type (against the simulator)', () => {
  it('pass/fail: nominal alpha, said why; no ICC, no means or charts in points; grades counted per grader', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    renderApp(page(REALISTIC.assignments.safety), w)
    const panel = await openAgreement()
    expect(
      within(panel).getByText(
        'Measured with Krippendorff’s alpha for nominal data, because a pass/fail grade is complete or incomplete: graders either give the same grade or they do not.',
      ),
    ).toBeInTheDocument()
    expect(within(panel).getByText('Krippendorff’s alpha (nominal)')).toBeInTheDocument()
    expect(within(panel).queryByText(/ICC/)).toBeNull()
    expect(within(panel).queryByRole('img')).toBeNull()
    expect(within(panel).queryByRole('columnheader', { name: 'Mean' })).toBeNull()
    const pairs = within(panel).getByRole('table', { name: 'Agreement per pair of graders' })
    // 35 double-marked students, 2 of them split: 33 of 35 the same.
    expect(within(pairs).getByRole('columnheader', { name: 'Same grade' })).toBeInTheDocument()
    expect(within(pairs).getAllByRole('row')[1]).toHaveTextContent(/35\s*94%$/)
    const perGrader = within(panel).getByRole('table', { name: 'Grades given by each grader' })
    expect(
      within(perGrader)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Grader', 'Students', 'Complete', 'Incomplete'])
  })

  it('letter grades: ordinal alpha on the scores, said why; no ICC; the share of same letters', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    renderApp(page(REALISTIC.assignments.poster), w)
    const panel = await openAgreement()
    expect(within(panel).getByText('Krippendorff’s alpha (ordinal)')).toBeInTheDocument()
    expect(
      within(panel).getByText(/^Measured with Krippendorff’s alpha for ordinal data on the scores, because/),
    ).toBeInTheDocument()
    expect(within(panel).queryByText(/ICC/)).toBeNull()
    const pairs = within(panel).getByRole('table', { name: 'Agreement per pair of graders' })
    expect(within(pairs).getByRole('columnheader', { name: 'Same letter' })).toBeInTheDocument()
    expect(within(pairs).getByRole('columnheader', { name: 'Mean difference' })).toBeInTheDocument()
  })

  it('points: interval alpha and ICC, said why', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    renderApp(page(REALISTIC.assignments.lab3), w)
    const panel = await openAgreement()
    expect(within(panel).getByText('Krippendorff’s alpha (interval)')).toBeInTheDocument()
    expect(
      within(panel).getByText(/^Measured with Krippendorff’s alpha for interval data, because/),
    ).toBeInTheDocument()
    expect(within(panel).getByText('ICC(1,1), one-way random')).toBeInTheDocument()
  })
})

describe('AgreementPanel', () => {
  const students = classifyAll([student('u:1', [pg('u:2', null), pg('u:3', null)])], 0)
  const graders = [
    { key: 'u:2', label: 'A' },
    { key: 'u:3', label: 'B' },
  ]
  it('not graded: says there is nothing to measure, and shows no figures', () => {
    render(
      <AgreementPanel
        students={students}
        graders={graders}
        pointsPossible={null}
        gradingType="not_graded"
        tolerancePts={0}
        toleranceText="none"
      />,
    )
    expect(screen.getByText('This assignment is not graded, so there is nothing to measure.')).toBeInTheDocument()
    expect(screen.queryByText(/Krippendorff/)).toBeNull()
    expect(screen.queryByRole('table')).toBeNull()
  })
  it('points possible 0 or null: charts still draw (no division by zero)', () => {
    const scored = classifyAll(
      [student('u:1', [pg('u:2', 3), pg('u:3', 4)]), student('u:2', [pg('u:2', 1), pg('u:3', 1)])],
      0,
    )
    for (const pointsPossible of [0, null]) {
      const { unmount } = render(
        <AgreementPanel
          students={scored}
          graders={graders}
          pointsPossible={pointsPossible}
          gradingType="points"
          tolerancePts={0}
          toleranceText="0 points"
        />,
      )
      expect(screen.getByRole('img', { name: /B against A/ })).toBeInTheDocument()
      const descriptions = screen.getAllByText(/^2 scores \(/, { selector: '.chart-desc' })
      expect(descriptions).toHaveLength(2)
      for (const d of descriptions) expect(d.textContent).not.toMatch(/NaN|Infinity/)
      unmount()
    }
  })
})
