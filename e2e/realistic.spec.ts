import { expect, paths, test } from './fixtures'

// The `realistic` scenario: what real Canvas instances send beyond the ideal course (src/mocks/README.md).
test.use({ scenario: { scenario: 'realistic' } })

test.describe('a real Canvas instance', () => {
  test('the home page lists the courses despite a date-restricted stub, and says one is not shown', async ({
    page,
  }) => {
    await page.goto(paths.home)
    await expect(page.getByRole('link', { name: 'Lab Report 3' })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Poster Presentation' })).toBeVisible()
    await expect(page.getByRole('note').filter({ hasText: 'Canvas restricts access to it by date' })).toHaveText(
      /1 course is not shown: Canvas restricts access to it by date\./,
    )
    await expect(page.getByText(/unexpected data/i)).toHaveCount(0)
    // The 2018 assignment has no final grader: an administrator moderates it, and the line says so.
    const notebook = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: 'Field Notebook Review' }) })
      .filter({ hasNot: page.getByRole('list') }) // the assignment's item, not the course's around it
    await expect(notebook).toContainText('Awaiting an administrator')
    await expect(notebook).toContainText('No final grader is set')
  })

  test('an old moderated assignment (null moderation fields, older anonymous rows) opens without an error', async ({
    page,
    world,
  }) => {
    await world.signInAs('admin')
    await page.goto(paths.moderate(101, 502))
    const grid = page.getByRole('grid')
    await expect(grid).toBeVisible()
    await expect(grid).toHaveAttribute('aria-busy', 'false')
    // Canvas's older AnonymousUserDisplay has no display_name: the label is made from the anonymous id, never a name.
    await expect(grid.getByRole('rowheader').first()).toHaveText(/^Student [A-Za-z0-9]+/)
    await expect(page.getByText(/unexpected data/i)).toHaveCount(0)
    for (const name of ['Aisha Mohammed', 'Björn Åkesson', 'Test Student'])
      await expect(page.getByText(name)).toHaveCount(0)
  })
})

type ApiRow = {
  id?: number
  anonymous_id?: string
  display_name?: string
  selected_provisional_grade_id: number | null
  provisional_grades: { provisional_grade_id: number; final: boolean; grade: string | null; score: number | null }[]
}

async function rowsOf(
  world: import('./fixtures').World,
  assignmentId: number,
  as: 'final_grader' | 'admin' = 'final_grader',
) {
  const res = await world.api(
    'GET',
    `/courses/101/assignments/${assignmentId}/gradeable_students?include[]=provisional_grades&per_page=100`,
    { as },
  )
  expect(res.ok()).toBeTruthy()
  return (await res.json()) as ApiRow[]
}

test.describe('grading types', () => {
  test('letter grades read as Canvas formats them, and a custom grade is a letter of the scheme', async ({
    page,
    world,
  }) => {
    await page.goto(paths.moderate(101, 503))
    const grid = page.getByRole('grid')
    await expect(grid).toHaveAttribute('aria-busy', 'false')
    // Each provisional grade shows its letter with the score: "Prof. Daniel Reyes: B+ (88) for …".
    const cells = grid.getByRole('gridcell', { name: /^Prof\. Daniel Reyes: [A-F][+-]? \(\d+\) for / })
    await expect(cells.first()).toBeVisible()

    const row = grid.getByRole('row').nth(1)
    const student = (await row.getByRole('rowheader').textContent())!.trim()
    await row.getByRole('button', { name: `Custom grade for ${student}` }).click()
    const dialog = page.getByRole('dialog', { name: `Custom grade for ${student}` })
    await dialog.getByText('Grades in this scheme').click()
    await expect(dialog.getByRole('listitem').first()).toHaveText(/^A \(\d+% and above\)$/)
    const input = dialog.getByRole('textbox', { name: 'Custom grade' })
    await input.fill('Z')
    await dialog.getByRole('button', { name: 'Save and select' }).click()
    await expect(dialog.getByRole('alert')).toHaveText(/“Z” is not a grade of this scheme\. Enter one of A, A-, B\+/)
    await input.fill('b+')
    await expect(dialog.getByText('Saved as: B+ (87% to 90%).')).toBeVisible()
    await dialog.getByRole('button', { name: 'Save and select' }).click()
    await expect(dialog).toBeHidden()
    await expect(page.getByRole('status').filter({ hasText: 'Custom grade' })).toHaveText(
      `Custom grade B+ (89) saved and selected for ${student}.`,
    )
    await expect(row.getByRole('gridcell', { name: `Final grade: B+ (89) for ${student}, selected` })).toBeVisible()
    // Canvas holds it: the scheme's name as the grade, the top of its band as the score, selected.
    const saved = (await rowsOf(world, 503)).find((r) => r.display_name === student)!
    const final = saved.provisional_grades.find((g) => g.final)!
    expect(final).toMatchObject({ grade: 'B+', score: 89 })
    expect(saved.selected_provisional_grade_id).toBe(final.provisional_grade_id)
  })

  test('pass/fail grades read Complete or Incomplete, and the custom grade is one of the two', async ({
    page,
    world,
  }) => {
    await page.goto(paths.moderate(101, 504))
    const grid = page.getByRole('grid')
    await expect(grid).toHaveAttribute('aria-busy', 'false')
    await expect(grid.getByRole('gridcell', { name: /^Priya Natarajan: Complete for / }).first()).toBeVisible()
    await expect(grid.getByRole('gridcell', { name: /: \d+ for / })).toHaveCount(0)

    const row = grid.getByRole('row').nth(1)
    const student = (await row.getByRole('rowheader').textContent())!.trim()
    await row.getByRole('button', { name: `Custom grade for ${student}` }).click()
    const dialog = page.getByRole('dialog', { name: `Custom grade for ${student}` })
    await expect(dialog.getByRole('textbox', { name: 'Custom grade' })).toHaveCount(0)
    await dialog.getByRole('radio', { name: 'Incomplete' }).check()
    await dialog.getByRole('button', { name: 'Save and select' }).click()
    await expect(dialog).toBeHidden()
    await expect(row.getByRole('gridcell', { name: `Final grade: Incomplete for ${student}, selected` })).toBeVisible()
    const saved = (await rowsOf(world, 504)).find((r) => r.display_name === student)!
    expect(saved.provisional_grades.find((g) => g.final)).toMatchObject({ grade: 'incomplete', score: 0 })
  })
})

test.describe('students and sections as they are', () => {
  test('the grid shows sections and what the enrolment and submission say; a section filter narrows it', async ({
    page,
  }) => {
    await page.goto(paths.moderate(101, 501))
    const grid = page.getByRole('grid')
    await expect(grid).toHaveAttribute('aria-busy', 'false')
    await expect(grid.getByRole('columnheader', { name: 'Section' })).toBeVisible()
    const search = page.getByRole('searchbox', { name: 'Search students' })
    const rowOf = (name: string) => grid.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) })

    await search.fill('Gabriel Silva')
    await expect(rowOf('Gabriel Silva').getByRole('gridcell').first()).toHaveText(/Lab A.*Lab C/)
    for (const [name, marker] of [
      ['Marcus Reed', 'Inactive'],
      ['Hana Sato', 'Excused'],
      ['Björn Åkesson', 'Not submitted'],
      ['Elena Márquez', 'Late'],
      ['Test Student', 'Test student'],
    ] as const) {
      await search.fill(name)
      await expect(grid.getByRole('rowheader', { name: new RegExp(`^${name}`) })).toContainText(marker)
    }
    await search.fill('')
    await expect(page.getByText(/students have a selected grade; the test student is not counted/)).toBeVisible()

    await page.getByRole('combobox', { name: 'Section' }).selectOption({ label: 'BIO 201 Lab B (Wed)' })
    await expect(page.getByText(/^Showing \d+ of \d+ students · Active: BIO 201 Lab B \(Wed\)/)).toBeVisible()
    const sectionCells = grid.locator('[role="row"] [aria-colindex="2"][role="gridcell"]')
    await expect(sectionCells.first()).toBeVisible()
    for (const text of await sectionCells.allTextContents()) expect(text).toContain('Lab B')

    const publish = page.getByRole('region', { name: 'Publish' })
    await expect(publish).toContainText('The test student (Student View) is published like any student')
    await expect(publish).toContainText(/late: .*Elena Márquez/)
  })

  test('a section-limited final grader is told that publishing covers the sections they do not see', async ({
    page,
    world,
  }) => {
    await world.signInAs(6)
    await page.goto(paths.moderate(101, 507))
    const grid = page.getByRole('grid')
    await expect(grid).toHaveAttribute('aria-busy', 'false')
    // Canvas lists him no staff of other sections, so the graders are "User 2" and "User 3", in full in every cell.
    await expect(grid.getByRole('columnheader', { name: /^User 2/ })).toBeVisible()
    const final = grid.getByRole('gridcell', { name: /^Final grade: 10 for Aisha Mohammed, User 2’s grade selected$/ })
    await expect(final).toContainText('10 · User 2')
    await expect(page.getByRole('region', { name: 'Publish' })).toContainText(
      /You see 1 of \d sections \(BIO 201 Lab B \(Wed\)\)\. Publishing covers every section/,
    )
    // Every row he sees is selected, yet Canvas refuses: Lab C's students still need a selection.
    await page.getByRole('button', { name: 'Publish grades' }).click()
    const dialog = page.getByRole('alertdialog', { name: 'Publish grades?' })
    await dialog.getByRole('textbox', { name: 'Type PUBLISH to confirm' }).fill('PUBLISH')
    await dialog.getByRole('button', { name: /^Publish \d+ grades?$/ }).click()
    await expect(page.getByRole('alert').filter({ hasText: 'Canvas refused to publish' })).toContainText(
      'The students who block it are in sections you do not see',
    )
  })
})
