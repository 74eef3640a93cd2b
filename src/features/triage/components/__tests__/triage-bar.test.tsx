import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { countChips } from '../../../../lib/moderation/classify'
import { REALISTIC } from '../../../../mocks/sim/scenarios/realistic'
import { renderApp } from '../../../../testing/render-app'
import { setupSimulator } from '../../../../testing/simulator'
import { TriageBar } from '../triage-bar'

const sim = setupSimulator()
const page = (assignmentId: number, query = '') => `/courses/101/assignments/${assignmentId}/moderate${query}`

async function triage() {
  // Generous timeout: the first test also loads the lazy route module.
  await screen.findByText(/students loaded\./, undefined, { timeout: 8000 })
  return screen.getByRole('region', { name: 'Triage' })
}

describe('triage per grading type (against the simulator)', () => {
  it('pass/fail: no tolerance; graders who give different grades disagree and come first', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    renderApp(page(REALISTIC.assignments.safety), w)
    const bar = await triage()
    expect(within(bar).getByText('Graders agree when they give the same grade.')).toBeInTheDocument()
    expect(within(bar).queryByRole('spinbutton', { name: 'Tolerance' })).toBeNull()
    expect(within(bar).queryByRole('combobox', { name: 'Tolerance unit' })).toBeNull()
    // The scenario's two split students (one complete, one incomplete), and no one else.
    expect(within(bar).getByRole('button', { name: 'Disagree (2)' })).toBeInTheDocument()
    await userEvent.click(within(bar).getByRole('button', { name: 'Next student needing a decision' }))
    const names = REALISTIC.safetyDisagreement.map((id) => w.user(id).name)
    // Said in the page's one live region (the toasts), not in the bar.
    const message = (await screen.findByText(/needing a decision,/)).textContent ?? ''
    expect(message).toMatch(/^(.+): 1 of \d+ needing a decision, graders gave Incomplete and Complete\.$/)
    expect(names).toContain(message.split(':')[0])
  })

  it('letter grades: the tolerance is in points on the scores, and the message names the letters', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    renderApp(page(REALISTIC.assignments.poster, '?tol=3'), w)
    const bar = await triage()
    expect(within(bar).getByRole('spinbutton', { name: 'Tolerance' })).toHaveValue(3)
    expect(within(bar).getByRole('spinbutton', { name: 'Tolerance' })).toHaveAccessibleDescription(
      'Graders within 3 points agree, measured on their scores.',
    )
    await userEvent.click(within(bar).getByRole('button', { name: 'Next student needing a decision' }))
    expect(await screen.findByText(/needing a decision,/)).toHaveTextContent(
      /: 1 of \d+ needing a decision, graders gave [A-F][+-]? and [A-F][+-]?, \d+ points apart\.$/,
    )
  })
})

describe('TriageBar without points possible', () => {
  const base = {
    counts: countChips([]),
    pressed: new Set<never>(),
    onToggle: () => {},
    onClear: () => {},
    queueLength: 0,
    onStep: () => {},
    disabled: false,
    gradingType: 'points',
  }
  for (const pointsPossible of [0, null]) {
    it(`points possible ${pointsPossible}: no percentage unit, and a linked percentage is read as points`, async () => {
      const onToleranceChange = vi.fn()
      render(
        <TriageBar
          {...base}
          pointsPossible={pointsPossible}
          tolerance={{ unit: 'percent', value: 10 }}
          onToleranceChange={onToleranceChange}
        />,
      )
      const unit = screen.getByRole('combobox', { name: 'Tolerance unit' })
      expect(unit).toHaveValue('points')
      expect(within(unit).getByRole('option', { name: '% of points possible' })).toBeDisabled()
      const input = screen.getByRole('spinbutton', { name: 'Tolerance' })
      expect(input).toHaveAccessibleDescription(
        'Graders within 10 points agree. The assignment has no points possible, so a percentage cannot apply.',
      )
      await userEvent.clear(input)
      await userEvent.type(input, '2')
      expect(onToleranceChange).toHaveBeenLastCalledWith({ unit: 'points', value: 2 })
    })
  }
  it('not graded: nothing to compare', () => {
    render(
      <TriageBar
        {...base}
        gradingType="not_graded"
        pointsPossible={null}
        tolerance={{ unit: 'points', value: 0 }}
        onToleranceChange={() => {}}
      />,
    )
    expect(screen.getByText('This assignment is not graded: there are no grades to compare.')).toBeInTheDocument()
    expect(screen.queryByRole('spinbutton')).toBeNull()
  })
})
