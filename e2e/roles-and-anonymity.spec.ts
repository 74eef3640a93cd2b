import { expect, paths, test } from './fixtures'

test.describe('who may do what', () => {
  test('a teacher who is not the final grader gets a read-only view that says why', async ({ page, world }) => {
    await world.signInAs('teacher')
    await page.goto(paths.moderate(101, 501))
    await expect(
      page.getByText(/Only the final grader \(Dr\. Maya Chen\) or an administrator can moderate this assignment/),
    ).toBeVisible()
    await expect(page.getByRole('button', { name: 'Publish grades' })).toHaveCount(0)
    await expect(page.getByRole('button', { name: /Accept all grades from/ })).toHaveCount(0)
    // No dead tools: no zeroed chips, no rules, no agreement that spins for ever, no empty publish card.
    await expect(page.getByRole('button', { name: /^Agreed \(/ })).toHaveCount(0)
    await expect(page.getByRole('button', { name: /grader agreement/ })).toHaveCount(0)
    await expect(page.getByRole('button', { name: 'Reconciliation rules…' })).toHaveCount(0)
    await expect(page.getByRole('region', { name: 'Publish' })).toHaveCount(0)
    await expect(page.getByText('Loading students…')).toHaveCount(0)
    // What the teacher can do is said in plain words.
    await expect(page.getByText(/You can still give your own provisional grades in SpeedGrader/)).toBeVisible()
    await page.getByText('Moderation set', { exact: true }).click()
    await expect(
      page.getByText('Only the final grader or an administrator can see and change the moderation set.'),
    ).toBeVisible()
    await expect(page.getByText(/user not authorized/)).toHaveCount(0)
    const selects = (await world.requests()).filter((r) => r.route === 'select' || r.route === 'publish')
    expect(selects).toHaveLength(0)
  })

  test('an administrator with select_final_grade can moderate', async ({ page, world }) => {
    await world.signInAs('admin')
    await page.goto(paths.home)
    await page.getByRole('link', { name: 'Lab Report 3: Enzyme Kinetics' }).click()
    const cell = page.getByRole('gridcell', { name: /^Priya Natarajan: 11 for Aisha Mohammed/ })
    await cell.click()
    await expect(cell).toHaveAttribute('aria-selected', 'true')
  })

  test('the demo banner switches identity', async ({ page }) => {
    await page.goto(paths.home)
    await expect(page.getByText(/signed in as Dr\. Maya Chen \(final grader\)/)).toBeVisible()
    await page.getByRole('combobox', { name: 'Demo identity' }).selectOption({ label: 'Prof. Daniel Reyes (teacher)' })
    await expect(page.getByText(/signed in as Prof\. Daniel Reyes/)).toBeVisible()
    await page.goto(paths.moderate(101, 501))
    await expect(page.getByText(/Only the final grader/)).toBeVisible()
  })
})

test.describe('an anonymous assignment', () => {
  test('students and graders stay anonymous in the DOM, the title and the URLs', async ({ page, world }) => {
    await page.goto(paths.moderate(101, 502))
    const grid = page.getByRole('grid')
    await expect(grid).toHaveAccessibleName(/Reflective Essay/)
    await expect(grid.getByRole('columnheader')).toHaveText([
      'Student',
      'Grader 1',
      'Grader 2',
      'Spread',
      'Mean',
      'Final grade',
    ])
    await expect(grid.getByRole('rowheader').first()).toHaveText(/^Student \d+$/)

    // No student's name anywhere in the page, its title or any link; no grader's name in the page's
    // content (the demo banner's identity switcher lists the staff, which says nothing about who graded).
    const students = world.users.filter((u) => u.role === 'student')
    const graders = world.users.filter((u) => u.role === 'ta' || u.role === 'teacher')
    const html = await page.content()
    const main = await page.getByRole('main').innerHTML()
    const title = await page.title()
    for (const u of students) expect(html, `${u.name} leaked`).not.toContain(u.name)
    for (const u of [...students, ...graders]) {
      expect(main, `${u.name} leaked`).not.toContain(u.name)
      expect(title).not.toContain(u.name)
    }
    const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))
    expect(hrefs.some((h) => h.includes('speed_grader?anonymous_id='))).toBeTruthy()
    expect(hrefs.filter((h) => /student_id=/.test(h))).toEqual([])

    // Selecting still works, by anonymous label.
    const name = await grid
      .getByRole('gridcell', { name: /^Grader \d: .* for Student \d+$/ })
      .first()
      .getAttribute('aria-label')
    const cell = grid.getByRole('gridcell', { name: new RegExp(`^${name!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) })
    await cell.click()
    await expect(cell).toHaveAttribute('aria-selected', 'true')
    const main2 = await page.getByRole('main').innerHTML()
    for (const u of [...students, ...graders]) expect(main2).not.toContain(u.name)
    // The requests the app made never named a student.
    const requested = (await world.requests()).map((r) => r.path)
    expect(requested.filter((p) => /submissions\/\d+|student_id=/.test(p))).toEqual([])
  })
})
