import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { setupSimulator, type SimWorldHandle } from '../../testing/simulator'
import { renderApp } from '../../testing/render-app'

const sim = setupSimulator()
const URL_501 = '/courses/101/assignments/501/moderate'
const URL_502 = '/courses/101/assignments/502/moderate'

type Row = {
  id?: number
  display_name: string
  selected_provisional_grade_id: number | null
  provisional_grades: { provisional_grade_id: number; scorer_id?: number; final: boolean; score: number | null }[]
}

async function serverRows(w: SimWorldHandle, assignmentId = 501): Promise<Row[]> {
  return w.json<Row[]>(
    'final_grader',
    `/api/v1/courses/101/assignments/${assignmentId}/gradeable_students?include[]=provisional_grades&per_page=100`,
  )
}

async function loadGrid(name: RegExp) {
  // Generous timeout: the first test also loads the lazy route module, slow on a busy 2-core machine.
  const grid = await screen.findByRole('grid', { name }, { timeout: 5000 })
  await waitFor(() => expect(within(grid).getAllByRole('rowheader').length).toBeGreaterThan(5))
  await screen.findByText(/students loaded\./)
  return grid
}

/** A student with a provisional grade that is not selected, and that grade's grader (user id). */
async function unselectedCell(w: SimWorldHandle) {
  const rows = await serverRows(w)
  for (const r of rows) {
    const pg = r.provisional_grades.find(
      (g) => !g.final && g.score !== null && g.provisional_grade_id !== r.selected_provisional_grade_id,
    )
    if (pg) return { row: r, pg }
  }
  throw new Error('no unselected grade in the demo world')
}

describe('moderation page (final grader)', () => {
  it('shows one grid with named grader columns, a Final grade column and selection progress', async () => {
    const w = sim.createWorld()
    renderApp(URL_501, w)
    const grid = await loadGrid(/Lab Report 3: Enzyme Kinetics/)
    expect(screen.getAllByRole('grid')).toHaveLength(1)
    const headers = within(grid)
      .getAllByRole('columnheader')
      .map((h) => h.textContent)
    expect(headers).toEqual([
      'Student',
      'Priya Natarajan',
      'Prof. Daniel Reyes',
      'Tomás Herrera',
      'Spread',
      'Mean',
      'Final grade',
    ])
    expect(screen.getByRole('heading', { level: 1, name: 'Lab Report 3: Enzyme Kinetics' })).toBeInTheDocument()
    expect(screen.getByText(/of \d+ students have a selected grade/)).toBeInTheDocument()
    expect(grid).toHaveAttribute('aria-rowcount')
  })

  it('selects a grade optimistically and Canvas keeps it', async () => {
    const w = sim.createWorld()
    const { row, pg } = await unselectedCell(w)
    renderApp(URL_501, w)
    const grid = await loadGrid(/Lab Report 3/)
    const rowEl = within(grid).getByRole('rowheader', { name: row.display_name }).closest('[role="row"]') as HTMLElement
    const grader = w.user(pg.scorer_id!).name
    const cell = within(rowEl).getByRole('gridcell', { name: new RegExp(`^${grader}: `) })
    expect(cell).toHaveAttribute('aria-selected', 'false')
    await userEvent.click(cell)
    expect(within(rowEl).getByRole('gridcell', { name: new RegExp(`^${grader}: `) })).toHaveAttribute(
      'aria-selected',
      'true',
    )
    await waitFor(async () => {
      const after = (await serverRows(w)).find((r) => r.id === row.id)!
      expect(after.selected_provisional_grade_id).toBe(pg.provisional_grade_id)
    })
    expect(within(rowEl).getByRole('gridcell', { name: new RegExp(`^${grader}: .*, selected`) })).toBeInTheDocument()
  })

  it('rolls back a failed selection and names the student', async () => {
    const w = sim.createWorld()
    const { row, pg } = await unselectedCell(w)
    w.world.faults.push({
      route: 'select',
      method: null,
      pathPattern: null,
      queryPattern: null,
      kind: 'status',
      status: 500,
      remaining: 1,
      afterHandler: false,
    })
    renderApp(URL_501, w)
    const grid = await loadGrid(/Lab Report 3/)
    const rowEl = within(grid).getByRole('rowheader', { name: row.display_name }).closest('[role="row"]') as HTMLElement
    const grader = w.user(pg.scorer_id!).name
    await userEvent.click(within(rowEl).getByRole('gridcell', { name: new RegExp(`^${grader}: `) }))
    const alert = await screen.findByText(new RegExp(`Could not select .* for ${row.display_name}`))
    expect(alert).toHaveAttribute('role', 'alert')
    expect(within(rowEl).getByRole('gridcell', { name: new RegExp(`^${grader}: `) })).toHaveAttribute(
      'aria-selected',
      'false',
    )
  })

  it('moves between cells with the arrow keys and selects with Enter', async () => {
    const w = sim.createWorld()
    renderApp(URL_501, w)
    const grid = await loadGrid(/Lab Report 3/)
    const tabStops = grid.querySelectorAll('[tabindex="0"]')
    expect(
      [...tabStops].filter((e) => e.getAttribute('role') === 'gridcell' || e.getAttribute('role') === 'rowheader'),
    ).toHaveLength(1)
    const first = tabStops[0] as HTMLElement
    first.focus()
    await userEvent.keyboard('{ArrowDown}')
    const focused = document.activeElement as HTMLElement
    expect(focused).not.toBe(first)
    expect(focused.getAttribute('role')).toMatch(/gridcell|rowheader/)
    await userEvent.keyboard('{ArrowLeft}')
    expect(document.activeElement?.getAttribute('role')).toBe('rowheader')
  })

  it('accepts all grades from one grader after a confirmation', async () => {
    const w = sim.createWorld()
    renderApp(URL_501, w)
    await loadGrid(/Lab Report 3/)
    await userEvent.click(screen.getByRole('button', { name: 'Accept all grades from Priya Natarajan' }))
    const dialog = await screen.findByRole('dialog', { name: 'Accept all grades from Priya Natarajan?' })
    expect(within(dialog).getByText(/without a selection will get Priya Natarajan’s grade/)).toBeInTheDocument()
    await userEvent.click(within(dialog).getByRole('checkbox', { name: /^Also replace/ }))
    await userEvent.click(within(dialog).getByRole('button', { name: /^Accept \d+ grades?$/ }))
    await screen.findByText(/Accepted \d+ grades? from Priya Natarajan/)
    const priya = w.user('ta').id
    const rows = await serverRows(w)
    for (const r of rows) {
      const pg = r.provisional_grades.find((g) => g.scorer_id === priya && !g.final && g.score !== null)
      if (pg) expect(r.selected_provisional_grade_id).toBe(pg.provisional_grade_id)
    }
  })

  it('keeps publish disabled while students block it, shows them, then publishes once they are resolved', async () => {
    const w = sim.createWorld()
    renderApp(URL_501, w)
    await loadGrid(/Lab Report 3/)
    const panel = screen.getByRole('region', { name: 'Publish' })
    expect(within(panel).getByText(/block(s)? publishing/)).toBeInTheDocument()
    // Canvas would refuse (422): no confirmation that can only fail, and a way to the students instead.
    expect(within(panel).getByRole('button', { name: 'Publish grades' })).toBeDisabled()
    await userEvent.click(within(panel).getByRole('button', { name: /^Show these \d+ students$/ }))
    await waitFor(() =>
      expect(screen.getByRole('button', { name: /^Not selected \(\d+\)$/ })).toHaveAttribute('aria-pressed', 'true'),
    )
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }))

    // Resolve every disagreement: accept all of each grader's grades in turn.
    for (const name of ['Priya Natarajan', 'Prof. Daniel Reyes', 'Tomás Herrera']) {
      await userEvent.click(screen.getByRole('button', { name: `Accept all grades from ${name}` }))
      const d = screen.getByRole('dialog')
      const replace = within(d).queryByRole('checkbox', { name: /^Also replace/ })
      if (replace && name === 'Priya Natarajan') await userEvent.click(replace)
      const accept = within(d).getByRole('button', { name: /^Accept/ })
      if (accept.hasAttribute('disabled')) await userEvent.click(within(d).getByRole('button', { name: 'Cancel' }))
      else {
        await userEvent.click(accept)
        await screen.findByText(new RegExp(`Accepted \\d+ grades? from ${name}`))
      }
    }
    await waitFor(() => expect(within(panel).getByText(/Nothing blocks publishing/)).toBeInTheDocument())
    await userEvent.click(within(panel).getByRole('button', { name: 'Publish grades' }))
    const d2 = screen.getByRole('alertdialog', { name: 'Publish grades?' })
    await userEvent.type(within(d2).getByRole('textbox', { name: 'Type PUBLISH to confirm' }), 'PUBLISH')
    await userEvent.dblClick(within(d2).getByRole('button', { name: /^Publish/ }))
    await waitFor(() => expect(within(panel).getByRole('status')).toHaveTextContent(/Grades were published/))
    expect(screen.queryByRole('button', { name: /Accept all grades/ })).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /Custom grade for/ })).not.toBeInTheDocument()
    const publishes = w.world.requestLog.filter((e) => e.route === 'publish')
    expect(publishes).toHaveLength(1) // never sent while blocked, and never twice
  })

  it('keeps anonymous students and graders anonymous', async () => {
    const w = sim.createWorld()
    renderApp(URL_502, w)
    const grid = await loadGrid(/Reflective Essay/)
    const names = within(grid)
      .getAllByRole('rowheader')
      .map((h) => h.textContent)
    for (const n of names) expect(n).toMatch(/^Student \d+$/)
    for (const h of within(grid).getAllByRole('rowheader')) expect(h).toHaveAccessibleName(/^Student \d+$/)
    const headers = within(grid)
      .getAllByRole('columnheader')
      .map((h) => h.textContent)
    const graderHeaders = headers.filter((h) => !['Student', 'Spread', 'Mean', 'Final grade'].includes(h ?? ''))
    expect(graderHeaders.length).toBeGreaterThan(1)
    expect(graderHeaders.every((h) => /^Grader \d+$/.test(h ?? ''))).toBe(true)
    const real = w.users.filter((u) => u.role === 'student').map((u) => u.name)
    const html = document.body.innerHTML
    for (const n of real) expect(html).not.toContain(n)
    expect(w.world.requestLog.some((e) => /student_id=|\/submissions\/\d/.test(e.path ?? ''))).toBe(false)
  })
})

describe('moderation page (other roles)', () => {
  it('gives a teacher who is not the final grader a read-only view that says why', async () => {
    const w = sim.createWorld()
    renderApp(URL_501, w, w.user('teacher').id)
    expect(
      await screen.findByText(
        'Only the final grader (Dr. Maya Chen) or an administrator can moderate this assignment.',
      ),
    ).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Publish grades' })).not.toBeInTheDocument()
    // Canvas's refusal of the roster is asked once: the page does not ask again as it mounts after the route's
    // request failed.
    expect(await screen.findByRole('heading', { name: 'Moderation set' }, { timeout: 8000 })).toBeVisible()
    expect(w.world.requestLog.filter((e) => e.route === 'gradeable_students').map((e) => e.status)).toEqual([401])
  })
})
