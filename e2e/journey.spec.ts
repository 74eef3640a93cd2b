import { expect, paths, test } from './fixtures'

// A new final grader's whole job, through the UI only: open the assignment from home, settle every conflict,
// publish, and see the gradebook written.
test('a final grader settles every conflict and publishes, using only the dashboard', async ({ page, world }) => {
  await page.goto(paths.home)
  await page.getByRole('link', { name: 'Lab Report 3: Enzyme Kinetics' }).click()
  await expect(page.getByRole('status').filter({ hasText: /31 students loaded/ })).toBeVisible()
  const panel = page.getByRole('region', { name: 'Publish' })
  await expect(panel).toContainText(/students? blocks? publishing/)

  // Every double-marked student has a grade from Priya or Prof. Reyes: accept Priya's, then Reyes's.
  for (const grader of ['Priya Natarajan', 'Prof. Daniel Reyes']) {
    await page.getByRole('button', { name: `Accept all grades from ${grader}` }).click()
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^Accept \d+ grades?$/ })
      .click()
    await expect(
      page.getByRole('status').filter({ hasText: new RegExp(`Accepted \\d+ grades? from ${grader}`) }),
    ).toBeVisible()
  }
  // One change of mind by keyboard: the stale grade is replaced by the grade for the latest submission.
  await page.getByRole('button', { name: /^Stale \(\d+\)$/ }).click()
  const stale = page.getByRole('gridcell', { name: /stale/ })
  const staleLabel = (await stale.getAttribute('aria-label'))!
  const student = staleLabel.replace(/^.* for /, '').replace(/, .*$/, '')
  const fresh = page.getByRole('gridcell', { name: new RegExp(`^Tomás Herrera: [\\d.]+ for ${student}`) })
  await fresh.focus()
  await page.keyboard.press('Enter')
  await expect(fresh).toHaveAttribute('aria-selected', 'true')
  await page.getByRole('button', { name: /^Stale \(\d+\)$/ }).click()

  await expect(panel).toContainText('Nothing blocks publishing')
  await expect(panel).toContainText('No chosen grade is stale.')
  await panel.getByRole('button', { name: 'Publish grades' }).click()
  const dialog = page.getByRole('alertdialog', { name: 'Publish grades?' })
  await dialog.getByRole('textbox', { name: 'Type PUBLISH to confirm' }).fill('PUBLISH')
  await dialog.getByRole('button', { name: /^Publish \d+ grades$/ }).click()
  await expect(panel.getByRole('status')).toHaveText(
    'Grades were published to the gradebook. This page is now read-only.',
  )

  // Home now says so too.
  await page.getByRole('link', { name: 'Courses' }).first().click()
  const item = page
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: 'Lab Report 3: Enzyme Kinetics' }) })
    .last()
  await expect(item).toContainText('Published')

  // The gradebook has the chosen grades.
  const subs = (await (
    await world.api('GET', '/courses/101/assignments/501/submissions?per_page=100')
  ).json()) as Array<{ user_id: number; score: number | null; grader_id: number | null }>
  const graded = subs.filter((s) => s.score !== null)
  expect(graded.length).toBeGreaterThanOrEqual(28)
  expect(new Set(graded.map((s) => s.grader_id))).toEqual(
    new Set([1, 2, 3, 4].filter((id) => graded.some((s) => s.grader_id === id))),
  )
})

test.describe('resilience', () => {
  test('malformed data from Canvas gives a clear error, and reloading recovers', async ({ page, world }) => {
    // Broken every time (a single broken answer is retried once by the app, which is fine).
    await world.fault({ route: 'gradeable_students', kind: 'malformed', count: 'always' })
    await page.goto(paths.moderate(101, 501))
    const alert = page.getByRole('alert').filter({ hasText: /could not be loaded/i })
    await expect(alert).toBeVisible()
    await expect(alert).toContainText(/gradeable_students|students/)
    await world.clearFaults()
    await page.reload()
    await expect(page.getByRole('status').filter({ hasText: /31 students loaded/ })).toBeVisible()
  })

  test('quick selections in several rows all land, even while earlier ones are in flight', async ({ page, world }) => {
    await page.goto(paths.moderate(101, 501))
    await expect(page.getByRole('status').filter({ hasText: /31 students loaded/ })).toBeVisible()
    await world.configure({ latencyMs: 400 })
    const names = [
      /^Priya Natarajan: 11 for Aisha Mohammed/,
      /^Tomás Herrera: [\d.]+ for Chloé Dubois/,
      /^Prof\. Daniel Reyes: [\d.]+ for Chloé Dubois/,
    ]
    const cells = names.map((n) => page.getByRole('gridcell', { name: n }))
    for (const c of cells) await c.click()
    // The later click on Chloé wins over the earlier one; Aisha's stays.
    await expect(cells[0]!).toHaveAttribute('aria-selected', 'true')
    await expect(cells[2]!).toHaveAttribute('aria-selected', 'true')
    await expect(cells[1]!).toHaveAttribute('aria-selected', 'false')
    await expect
      .poll(async () => (await world.requests()).filter((r) => r.route === 'select' && r.status === 200).length)
      .toBe(3)
    await world.configure({ latencyMs: 0 })
    await page.reload()
    await expect(
      page.getByRole('gridcell', { name: /^Priya Natarajan: 11 for Aisha Mohammed, selected/ }),
    ).toBeVisible()
    await expect(
      page.getByRole('gridcell', {
        name: /^Prof\. Daniel Reyes: [\d.]+ for Chloé Dubois(, beyond the tolerance)?, selected/,
      }),
    ).toBeVisible()
  })
})
