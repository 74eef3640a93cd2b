// A selected custom grade that someone other than the final grader entered (PROVISIONAL_GRADE_MODIFY_SELECTED,
// app/models/submission.rb): the dialog says so before saving, and replaces it by selecting another grade first.
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { A, allGradeable, rowOf } from '../../testing/canvas-json'
import { renderApp } from '../../testing/render-app'
import { setupSimulator } from '../../testing/simulator'

const sim = setupSimulator()

describe('changing a selected custom grade entered by an administrator', () => {
  it('selects a grader’s grade first, then saves and selects the new custom grade', async () => {
    const w = sim.createWorld()
    // Room for the administrator to grade at all (MAX_GRADERS_REACHED otherwise); then their custom 18 on 1005.
    w.world.assignments.get(501)!.grader_count = 4
    const put = await w.fetch('admin', `${A(501)}/submissions/1005`, {
      method: 'PUT',
      json: { submission: { posted_grade: '18', provisional: true, final: true } },
    })
    expect(put.status).toBe(200)
    const final = rowOf(await allGradeable(w, 'admin', 501, 'include[]=provisional_grades&per_page=100'), 1005)
    const finalPg = final.provisional_grades!.find((pg) => pg.final)!
    await w.json('admin', `${A(501)}/provisional_grades/${finalPg.provisional_grade_id}/select`, { method: 'PUT' })
    const name = w.world.users.get(1005)!.name

    renderApp('/courses/101/assignments/501/moderate', w)
    await screen.findByText(/students loaded\./, {}, { timeout: 5000 })
    await userEvent.type(screen.getByRole('searchbox', { name: 'Search students' }), name)
    await userEvent.click(await screen.findByRole('button', { name: `Custom grade for ${name}` }))
    const dialog = await screen.findByRole('dialog', { name: `Custom grade for ${name}` })
    expect(within(dialog).getByRole('note')).toHaveTextContent(
      /Canvas does not change a selected custom grade that someone other than the assignment’s final grader entered/,
    )
    const input = within(dialog).getByRole('textbox', { name: 'Custom grade' })
    await userEvent.clear(input)
    await userEvent.type(input, '15')
    await userEvent.click(within(dialog).getByRole('button', { name: 'Replace and select' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())

    const after = rowOf(await allGradeable(w, 'admin', 501, 'include[]=provisional_grades&per_page=100'), 1005)
    const custom = after.provisional_grades!.find((pg) => pg.final)!
    expect(custom).toMatchObject({ score: 15, scorer_id: 1 })
    expect(after.selected_provisional_grade_id).toBe(custom.provisional_grade_id)
    expect(screen.getByRole('gridcell', { name: `Final grade: 15 for ${name}, selected` })).toBeInTheDocument()
  })
})
