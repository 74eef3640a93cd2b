import { expect, paths, test } from './fixtures'

// An LTI launch from Canvas's course navigation lands on `/?course=<id>` (issue #16): that course only.
test('?course= shows that course’s moderated assignments only, with a way to all courses', async ({ page }) => {
  await page.goto(`${paths.home}?course=101`)
  await expect(page.getByRole('heading', { level: 2, name: /BIO 201: Cell Biology/ })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Lab Report 3: Enzyme Kinetics' })).toBeVisible()
  await page.getByRole('link', { name: 'Show all your courses' }).click()
  await expect(page).toHaveURL(/\/$/)
  await expect(
    page.getByText('Courses you teach or administer, and the state of each moderated assignment.'),
  ).toBeVisible()

  await page.goto(`${paths.home}?course=999`)
  await expect(page.getByRole('heading', { name: 'This course is not one of yours here' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Lab Report 3: Enzyme Kinetics' })).toHaveCount(0)
})
