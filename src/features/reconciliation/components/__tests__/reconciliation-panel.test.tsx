import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { REALISTIC } from '../../../../mocks/sim/scenarios/realistic'
import { allGradeable, rowOf } from '../../../../testing/canvas-json'
import { renderApp } from '../../../../testing/render-app'
import { setupSimulator } from '../../../../testing/simulator'

const sim = setupSimulator()
const page = (assignmentId: number, query = '') => `/courses/101/assignments/${assignmentId}/moderate${query}`

async function openRules() {
  await screen.findByText(/students loaded\./, undefined, { timeout: 8000 })
  const open = await screen.findByRole('button', { name: 'Reconciliation rules…' }, { timeout: 8000 })
  await waitFor(() => expect(open).toBeEnabled())
  await userEvent.click(open)
  return screen.findByRole('dialog', { name: 'Reconciliation rules' })
}

const optionNames = (select: HTMLElement) =>
  within(select)
    .getAllByRole('option')
    .map((o) => o.textContent)

describe('reconciliation rules per grading type (against the simulator)', () => {
  it('pass/fail: no rule works out a grade, the dialog says why, and split grades are left for a person', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    renderApp(page(REALISTIC.assignments.safety), w)
    const dialog = await openRules()
    const rule = within(dialog).getByRole('combobox', { name: 'Rule' })
    expect(optionNames(rule)).toEqual(['Select the grade the graders agree on', 'Select one grader’s grade'])
    expect(rule).toHaveAccessibleDescription(
      /A pass\/fail grade is either complete or incomplete, so no rule here works out a new grade: a mean or median of the two is not a grade Canvas has\./,
    )
    expect(within(dialog).getByRole('group', { name: 'Where graders give the same grade' })).toBeInTheDocument()
    // Letter boundaries mean nothing on pass/fail.
    expect(within(dialog).queryByRole('textbox', { name: /Grade boundaries/ })).toBeNull()

    const preview = within(dialog).getByRole('region', { name: 'Preview of the changes' })
    await userEvent.click(within(preview).getByText(/^Left for a person \(\d+\)$/))
    const [a, b] = REALISTIC.safetyDisagreement.map((id) => w.user(id).name)
    for (const name of [a, b])
      expect(
        within(preview).getByText(`${name}: graders gave different grades (Incomplete and Complete)`),
      ).toBeInTheDocument()
    const changes = within(preview).getByRole('table', { name: /Students that change/ })
    const firstRow = within(changes).getAllByRole('row')[1]!
    expect(within(firstRow).getAllByRole('cell')[1]).toHaveTextContent(/^Complete \(.+\)$/)
    expect(within(preview).getByRole('table', { name: /Distribution/ })).toHaveTextContent(/GradeNowAfterComplete/)

    await userEvent.click(within(dialog).getByRole('button', { name: /^Apply to \d+ students$/ }))
    await within(dialog).findByText(/^Applied the rules to \d+ students\./, undefined, { timeout: 8000 })
    const rows = await allGradeable(w, 'final_grader', REALISTIC.assignments.safety)
    for (const id of REALISTIC.safetyDisagreement) expect(rowOf(rows, id).selected_provisional_grade_id).toBeNull()
    const agreed = rows.find((r) => r.id !== undefined && !REALISTIC.safetyDisagreement.includes(r.id as never))!
    const selected = agreed.provisional_grades!.find(
      (g) => g.provisional_grade_id === agreed.selected_provisional_grade_id,
    )
    expect(selected).toMatchObject({ final: false, grade: 'complete' })
  })

  it('letter grades: the mean goes to Canvas as a percentage, and the preview shows the letter Canvas gives', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    // The scenario's first student has 88 (B+) and 91 (A-) of 100: within 3 points, mean 89.5 → 90 (A- from 90).
    const before = await allGradeable(w, 'final_grader', REALISTIC.assignments.poster)
    const student = before.find((r) =>
      [88, 91].every((s) => r.provisional_grades?.some((g) => !g.final && g.score === s)),
    )!
    renderApp(page(REALISTIC.assignments.poster, '?tol=3'), w)
    const dialog = await openRules()
    expect(optionNames(within(dialog).getByRole('combobox', { name: 'Rule' }))).toContain('Custom grade: the mean')
    await userEvent.selectOptions(within(dialog).getByRole('combobox', { name: 'Rule' }), 'Custom grade: the mean')
    await userEvent.selectOptions(within(dialog).getByRole('combobox', { name: 'Round to the nearest' }), '1 point')
    const changes = within(dialog).getByRole('table', { name: /Students that change/ })
    const row = within(changes).getByRole('rowheader', { name: student.display_name }).closest('tr')!
    const [after, action] = within(row).getAllByRole('cell').slice(1)
    expect(after).toHaveTextContent('A- (90, Custom grade)')
    expect(action).toHaveTextContent('Create custom grade and select it (sent to Canvas as 90%)')

    await userEvent.click(within(dialog).getByRole('button', { name: /^Apply to \d+ students$/ }))
    await within(dialog).findByText(/^Applied the rules to \d+ students\./, undefined, { timeout: 8000 })
    const rows = await allGradeable(w, 'final_grader', REALISTIC.assignments.poster)
    const now = rows.find((r) => r.anonymous_id === student.anonymous_id)!
    const custom = now.provisional_grades!.find((g) => g.final)
    expect(custom).toMatchObject({ score: 90, grade: 'A-' })
    expect(now.selected_provisional_grade_id).toBe(custom!.provisional_grade_id)
  })
})
