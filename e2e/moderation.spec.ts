import { expect, paths, test } from './fixtures'

const LAB = paths.moderate(101, 501)
const GRADEABLE = '/courses/101/assignments/501/gradeable_students?include[]=provisional_grades&per_page=100'
type ApiRow = {
  display_name: string
  selected_provisional_grade_id: number | null
  provisional_grades: Array<{ provisional_grade_id: number; score: number | null; final: boolean; scorer_id?: number }>
}

test.describe('the moderation grid', () => {
  test('shows every student against every grader, per the ARIA grid contract', async ({ page }) => {
    await page.goto(LAB)
    const grid = page.getByRole('grid')
    await expect(grid).toHaveCount(1)
    await expect(grid).toHaveAccessibleName(/Lab Report 3: Enzyme Kinetics/)
    await expect(page.getByRole('status').filter({ hasText: /31 students loaded/ })).toBeVisible()
    await expect(grid).toHaveAttribute('aria-rowcount', '32')

    const headers = grid.getByRole('columnheader')
    await expect(headers).toHaveText([
      'Student',
      'Priya Natarajan',
      'Prof. Daniel Reyes',
      'Tomás Herrera',
      'Spread',
      'Mean',
      'Final grade',
    ])

    // Names are text, never markup: the seeded "Sam <b>Bold</b> Taylor" is shown literally.
    await page.getByLabel('Search students').fill("O'Brien")
    await expect(grid.getByRole('rowheader', { name: "Liam O'Brien" })).toBeVisible()
    await page.getByLabel('Search students').fill('Sam')
    await expect(grid.getByRole('rowheader', { name: 'Sam <b>Bold</b> Taylor' })).toBeVisible()
    await expect(page.locator('b', { hasText: 'Bold' })).toHaveCount(0)

    // The header says where moderation stands.
    await expect(page.getByText(/8 of 31 students have a selected grade/)).toBeVisible()
  })

  test('selecting a grade by click is optimistic and saved in Canvas', async ({ page, world }) => {
    await page.goto(LAB)
    const row = page.getByRole('row', { name: /Aisha Mohammed/ })
    const cell = row.getByRole('gridcell', { name: /^Priya Natarajan: 11 for Aisha Mohammed/ })
    await expect(cell).toHaveAttribute('aria-selected', 'false')
    await cell.click()
    await expect(cell).toHaveAttribute('aria-selected', 'true')
    await expect(page.getByText(/9 of 31 students have a selected grade/)).toBeVisible()

    // Canvas agrees: the student's selected provisional grade is the one clicked.
    await expect
      .poll(async () => {
        const r = await world.api(
          'GET',
          '/courses/101/assignments/501/gradeable_students?include[]=provisional_grades&per_page=100',
        )
        const rows = (await r.json()) as Array<{
          display_name: string
          selected_provisional_grade_id: number | null
          provisional_grades: Array<{ provisional_grade_id: number; scorer_id?: number }>
        }>
        const aisha = rows.find((s) => s.display_name === 'Aisha Mohammed')!
        return aisha.provisional_grades.find((g) => g.provisional_grade_id === aisha.selected_provisional_grade_id)
          ?.scorer_id
      })
      .toBe(3)
    const selects = (await world.requests()).filter((r) => r.route === 'select')
    expect(selects).toHaveLength(1)
  })

  test('a failed selection is rolled back and the reason is shown', async ({ page, world }) => {
    await page.goto(LAB)
    const cell = page.getByRole('gridcell', { name: /^Tomás Herrera: 12 for Aisha Mohammed/ })
    await expect(cell).toHaveAttribute('aria-selected', 'false')
    await world.fault({ route: 'select', status: 500, count: 1 })
    await cell.click()
    await expect(page.getByRole('alert').filter({ hasText: /Aisha Mohammed/ })).toBeVisible()
    await expect(cell).toHaveAttribute('aria-selected', 'false')
    // Nothing changed in Canvas.
    const r = await world.api(
      'GET',
      '/courses/101/assignments/501/gradeable_students?include[]=provisional_grades&per_page=100',
    )
    const aisha = (
      (await r.json()) as Array<{ display_name: string; selected_provisional_grade_id: number | null }>
    ).find((s) => s.display_name === 'Aisha Mohammed')!
    expect(aisha.selected_provisional_grade_id).toBeNull()
  })

  test('keyboard only: arrow keys move between cells and Enter selects', async ({ page }) => {
    await page.goto(LAB)
    await expect(page.getByRole('status').filter({ hasText: /31 students loaded/ })).toBeVisible()
    // Tab into the grid: exactly one cell is in the tab order (roving tabindex).
    const grid = page.getByRole('grid')
    const tabStops = grid.locator('[role=gridcell][tabindex="0"], [role=rowheader][tabindex="0"]')
    await expect(tabStops).toHaveCount(1)
    await tabStops.first().focus()
    const start = await page.evaluate(
      () => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent,
    )
    await page.keyboard.press('ArrowDown')
    const down = await page.evaluate(
      () => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent,
    )
    expect(down).not.toBe(start)
    await page.keyboard.press('ArrowUp')
    expect(
      await page.evaluate(
        () => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent,
      ),
    ).toBe(start)

    // Move to Aisha's row (first row) and onto Priya's grade, then select it with Enter.
    const target = page.getByRole('gridcell', { name: /^Priya Natarajan: 11 for Aisha Mohammed/ })
    for (let i = 0; i < 6 && !(await target.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press(i < 3 ? 'ArrowRight' : 'ArrowLeft')
    }
    await expect(target).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(target).toHaveAttribute('aria-selected', 'true')
    // Space selects too, on the next grader's cell.
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    const herrera = page.getByRole('gridcell', { name: /^Tomás Herrera: 12 for Aisha Mohammed/ })
    await expect(herrera).toBeFocused()
    await page.keyboard.press(' ')
    await expect(herrera).toHaveAttribute('aria-selected', 'true')
    await expect(target).toHaveAttribute('aria-selected', 'false')
  })

  test('marks a stale grade and links to SpeedGrader', async ({ page }) => {
    await page.goto(LAB)
    // One filter model: the triage chips (the grid has no filters of its own but search and section).
    await page.getByRole('button', { name: /^Stale \(\d+\)$/ }).click()
    const stale = page.getByRole('gridcell', { name: /stale/ })
    await expect(stale).toHaveCount(1)
    await expect(stale).toHaveAccessibleName(/^Prof\. Daniel Reyes: .* for /)
    const link = stale.getByRole('link', { name: /SpeedGrader/ })
    await expect(link).toHaveAttribute(
      'href',
      /\/courses\/101\/gradebook\/speed_grader\?assignment_id=501&student_id=\d+/,
    )
    await expect(link).toHaveAttribute('target', '_blank')
  })

  test('filters and sorts: no selection, disagreement, stale, spread', async ({ page, world }) => {
    // What Canvas says, to compare the filters against.
    const rows = (await (await world.api('GET', `${GRADEABLE}`)).json()) as ApiRow[]
    const scores = (r: ApiRow) => r.provisional_grades.filter((g) => !g.final && g.score !== null).map((g) => g.score!)
    const spread = (r: ApiRow) => (scores(r).length >= 2 ? Math.max(...scores(r)) - Math.min(...scores(r)) : -1)
    const disagreeing = rows.filter((r) => spread(r) > 0)
    const unselected = rows.filter((r) => r.selected_provisional_grade_id === null)
    const widest = Math.max(...rows.map(spread))

    await page.goto(`${LAB}?tol=0`)
    await expect(page.getByRole('status').filter({ hasText: /31 students loaded/ })).toBeVisible()
    const rowheaders = page.getByRole('grid').getByRole('rowheader')

    const chip = (name: string) => page.getByRole('button', { name: new RegExp(`^${name} \\(\\d+\\)$`) })
    await chip('Stale').click()
    await expect(rowheaders).toHaveCount(1)
    await expect(page.getByText('Active: Stale')).toBeVisible()
    await chip('Stale').click()

    // At a tolerance of 0 points, "Disagree" is every student whose graders' scores differ.
    await chip('Disagree').click()
    await expect(page.getByText(`Showing ${disagreeing.length} of 31 students`)).toBeVisible()
    await chip('Disagree').click()

    await page.getByRole('combobox', { name: 'Sort by' }).selectOption({ label: 'Spread (largest first)' })
    const first = await rowheaders.first().textContent()
    expect(rows.filter((r) => spread(r) === widest).map((r) => r.display_name)).toContain(first)

    await chip('Not selected').click()
    await expect(page.getByText(`Showing ${unselected.length} of 31 students`)).toBeVisible()
    // One summary of every filter, and one way to clear them all.
    await page.getByLabel('Search students').fill('a')
    await expect(page.getByText('Active: Not selected, “a”')).toBeVisible()
    await page.getByRole('button', { name: 'Clear filters' }).click()
    await expect(page.getByText('Showing 31 of 31 students')).toBeVisible()
  })

  test('the back and forward buttons move between home and the moderation page', async ({ page }) => {
    await page.goto(paths.home)
    await page.getByRole('link', { name: 'Lab Report 3: Enzyme Kinetics' }).click()
    await expect(page).toHaveURL(LAB)
    await expect(page.getByRole('grid')).toBeVisible()
    await page.goBack()
    await expect(page.getByRole('heading', { name: 'Moderated assignments' })).toBeVisible()
    await page.goForward()
    await expect(page.getByRole('grid')).toHaveAccessibleName(/Lab Report 3/)
  })
})
