import { expect, paths, test } from './fixtures'

// Keeps the README's picture of the moderation page current: every test run re-takes it.
test('screenshot of the moderation page for the README', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1500 })
  await page.goto(paths.moderate(101, 501))
  await expect(page.getByRole('status').filter({ hasText: /31 students loaded/ })).toBeVisible()
  await page.getByRole('combobox', { name: 'Sort by' }).selectOption({ label: 'Spread (largest first)' })
  await expect(page.getByRole('grid').getByRole('rowheader').first()).toBeVisible()
  await page.screenshot({ path: 'e2e/screenshots/moderation-page.png' })
})
