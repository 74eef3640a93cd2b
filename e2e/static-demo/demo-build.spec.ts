import { expect, test } from '@playwright/test'

// The backend-less build for static hosting (`npm run build:demo`): no server but static files; the Canvas
// simulator runs in the page behind a service worker. Each test's fresh browser context is a fresh simulator.
test('the static demo build works with no server behind it', async ({ page }) => {
  await page.goto('/courses/101/assignments/501/moderate')
  await expect(page.getByRole('region', { name: 'Demo mode' })).toContainText(
    'signed in as Dr. Maya Chen (final grader)',
  )
  const grid = page.getByRole('grid')
  await expect(grid).toHaveAccessibleName(/Lab Report 3: Enzyme Kinetics/)
  await expect(page.getByRole('status').filter({ hasText: /31 students loaded/ })).toBeVisible()

  const cell = page.getByRole('gridcell', { name: /^Priya Natarajan: 11 for Aisha Mohammed/ })
  await cell.click()
  await expect(cell).toHaveAttribute('aria-selected', 'true')

  // Switching identity works here too (the cookie is written by the page, not a server).
  await page.getByRole('combobox', { name: 'Demo identity' }).selectOption({ label: 'Prof. Daniel Reyes (teacher)' })
  await expect(
    page.getByText(/Only the final grader \(Dr\. Maya Chen\) or an administrator can moderate this assignment/),
  ).toBeVisible()
})

test('the static demo build serves client routes and the home page', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Moderated assignments' })).toBeVisible()
  await page.getByRole('link', { name: 'Reflective Essay (anonymous)' }).click()
  await expect(page.getByRole('grid')).toHaveAccessibleName(/Reflective Essay/)
  await expect(page.getByRole('grid').getByRole('rowheader').first()).toHaveText(/^Student \d+$/)
})
