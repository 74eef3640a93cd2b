import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it } from 'vitest'
import { removeSelectionRow } from '../../../../mocks/sim/moderation'
import { renderApp } from '../../../../testing/render-app'
import { setupSimulator, type SimWorldHandle } from '../../../../testing/simulator'

const sim = setupSimulator()
const page = (assignmentId: number) => `/courses/101/assignments/${assignmentId}/moderate`

beforeEach(() => localStorage.clear())

/** Canvas's moderation set, emptied, so that whatever the sample adds is all there is in it. */
function emptySet(w: SimWorldHandle) {
  for (const id of Array.from(w.world.selections.get(501)?.keys() ?? [])) removeSelectionRow(w.world, 501, id)
}

const setIds = async (w: SimWorldHandle) =>
  (
    await w.json<Array<{ id: number }>>(
      'final_grader',
      '/api/v1/courses/101/assignments/501/moderated_students?per_page=100',
    )
  )
    .map((u) => u.id)
    .sort((a, b) => a - b)

async function openPanel() {
  await screen.findByText(/students loaded\./, undefined, { timeout: 8000 })
  await userEvent.click(await screen.findByText('Sample for moderation', undefined, { timeout: 8000 }))
  return screen.findByRole('group', { name: /^Rules/ }, { timeout: 8000 })
}

const creates = (w: SimWorldHandle) => w.world.requestLog.filter((r) => r.route === 'moderated_students_create')

describe('sample for moderation (against the simulator)', () => {
  it('previews bottom 3 and a seeded random 2, writes exactly them into the set, and the set shows why', async () => {
    const w = sim.createWorld()
    emptySet(w)
    renderApp(page(501), w)
    const rules = await openPanel()
    await userEvent.click(within(rules).getByRole('checkbox', { name: 'Across the range of marks' }))
    await userEvent.click(within(rules).getByRole('checkbox', { name: 'All fails' }))
    await userEvent.click(within(rules).getByRole('checkbox', { name: 'Bottom marks' }))
    await userEvent.click(within(rules).getByRole('checkbox', { name: 'Random' }))
    const seed = within(rules).getByRole('spinbutton', { name: 'Seed' })
    await userEvent.clear(seed)
    await userEvent.type(seed, '2025')

    const table = await screen.findByRole('table', { name: 'Who the sample picks (5)' })
    const rows = within(table).getAllByRole('row').slice(1)
    const why = rows.map((r) => within(r).getAllByRole('cell')[1]!.textContent)
    expect(why.filter((t) => t === 'Bottom 3')).toHaveLength(3)
    expect(why.filter((t) => t === 'Random (seed 2025)')).toHaveLength(2)
    await waitFor(() => expect(within(table).getAllByText('Will be added')).toHaveLength(5))
    const names = rows.map((r) => within(r).getByRole('rowheader').textContent!)

    await userEvent.click(screen.getByRole('button', { name: 'Add 5 students to the moderation set' }))
    await screen.findByText(/^Added 5 students to the moderation set\./, undefined, { timeout: 8000 })
    const ids = names.map((n) => w.users.find((u) => u.name === n)!.id).sort((a, b) => a - b)
    expect(await setIds(w)).toEqual(ids)
    expect(creates(w)).toHaveLength(1)
    await waitFor(() => expect(within(table).getAllByText('Already in the set')).toHaveLength(5))

    await userEvent.click(screen.getByRole('heading', { name: 'Moderation set' }))
    await screen.findByText(/5 students are in the moderation set, 5 of them from a sample\./, undefined, {
      timeout: 8000,
    })
    const list = screen.getAllByRole('list').find((l) => l.classList.contains('name-list'))!
    expect(within(list).getAllByText(/added by a sample: Bottom 3$/)).toHaveLength(3)
    expect(within(list).getAllByText(/added by a sample: Random \(seed 2025\)$/)).toHaveLength(2)
  })

  it('sends 120 students in requests of 50 and reads the set back when an answer is lost', async () => {
    const w = sim.createWorld({ scenario: 'large', students: 120 })
    emptySet(w)
    // Canvas adds the first 50 and its answer is lost on the way back.
    const fault = await fetch(`${sim.origin}/__sim/worlds/${w.id}/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ route: 'moderated_students_create', kind: 'commit-then-502', count: 1 }),
    })
    expect(fault.status).toBe(201)
    renderApp(page(501), w)
    const rules = await openPanel()
    await userEvent.click(within(rules).getByRole('radio', { name: 'A number' }))
    const count = within(rules).getByRole('spinbutton', { name: 'Number of students across the range' })
    await userEvent.clear(count)
    await userEvent.type(count, '120')
    const add = await screen.findByRole('button', { name: 'Add 120 students to the moderation set' })
    await waitFor(() => expect(add).toBeEnabled())
    await userEvent.click(add)
    await screen.findByText(
      /^Canvas’s answer was lost, so the moderation set was read back from Canvas\. Added 120 students/,
      undefined,
      { timeout: 15000 },
    )
    expect(creates(w)).toHaveLength(3)
    expect(
      await w.json<unknown[]>(
        'final_grader',
        '/api/v1/courses/101/assignments/501/moderated_students?per_page=100&page=2',
      ),
    ).toHaveLength(20)
  }, 30_000)

  it('anonymous students: labels only, no names, nothing sent', async () => {
    const w = sim.createWorld()
    const { container } = renderApp(page(502), w)
    await openPanel()
    await screen.findByRole('table', { name: /Who the sample picks/ })
    const panel = screen.getByText('Sample for moderation').closest('details')!
    expect(within(panel).getByRole('note')).toHaveTextContent(/Canvas adds students to it by user id only/)
    expect(within(panel).queryByRole('button', { name: /moderation set/ })).toBeNull()
    for (const u of w.users.filter((x) => x.role === 'student')) expect(container.textContent).not.toContain(u.name)
    expect(within(panel).queryByRole('columnheader', { name: 'Moderation set' })).toBeNull()
    expect(creates(w)).toHaveLength(0)
  })
})
