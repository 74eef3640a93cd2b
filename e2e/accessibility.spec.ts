import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { expect, paths, test } from './fixtures'
import { settleEveryConflict } from './support/settle'

async function expectNoViolations(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  expect(r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual(
    [],
  )
}

test.describe('axe finds no violations', () => {
  // A full axe scan of the moderation page (hundreds of grid cells, panels, dialogs) takes seconds per run, and
  // several tests here run two: allow them the longer "slow" limit on a loaded 2-core machine.
  test.beforeEach(() => test.slow())
  test('on the home page', async ({ page }) => {
    await page.goto(paths.home)
    await expect(page.getByRole('link', { name: 'Lab Report 3: Enzyme Kinetics' })).toBeVisible()
    await expectNoViolations(page)
  })

  test('on the moderation page, with a selection made', async ({ page }) => {
    await page.goto(paths.moderate(101, 501))
    await expect(page.getByRole('status').filter({ hasText: /31 students loaded/ })).toBeVisible()
    await page.getByRole('gridcell', { name: /^Priya Natarajan: 11 for Aisha Mohammed/ }).click()
    await expectNoViolations(page)
  })

  test('in the publish dialog and the accept-all dialog', async ({ page, world }) => {
    await settleEveryConflict(world)
    await page.goto(paths.moderate(101, 501))
    await expect(page.getByRole('status').filter({ hasText: /31 students loaded/ })).toBeVisible()
    await page.getByRole('button', { name: 'Publish grades' }).click()
    await expect(page.getByRole('alertdialog')).toBeVisible()
    await expectNoViolations(page)
    await page.keyboard.press('Escape')
    await expect(page.getByRole('alertdialog')).toHaveCount(0)
    await page.getByRole('button', { name: 'Accept all grades from Tomás Herrera' }).click()
    await expect(page.getByRole('dialog')).toBeVisible()
    await expectNoViolations(page)
  })

  test('on the anonymous assignment and on a read-only view', async ({ page, world }) => {
    await page.goto(paths.moderate(101, 502))
    await expect(page.getByRole('grid')).toBeVisible()
    await expectNoViolations(page)
    await world.signInAs('teacher')
    await page.goto(paths.moderate(101, 501))
    await expect(page.getByText(/Only the final grader/)).toBeVisible()
    await expectNoViolations(page)
  })

  test('on the not-found page', async ({ page }) => {
    await page.goto('/no/such/page')
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
    await expectNoViolations(page)
  })
})

test.describe('axe on a real course', () => {
  test.use({ scenario: { scenario: 'realistic' } })
  test.beforeEach(() => test.slow())
  test('sections, student markers and the letter-grade custom grade dialog', async ({ page }) => {
    await page.goto(paths.moderate(101, 501))
    await expect(page.getByRole('columnheader', { name: 'Section' })).toBeVisible()
    await expect(
      page
        .getByText('Test student', { exact: true })
        .or(page.getByText('Late', { exact: true }))
        .first(),
    ).toBeVisible()
    await expectNoViolations(page)
    await page.goto(paths.moderate(101, 503))
    await page
      .getByRole('button', { name: /^Custom grade for / })
      .first()
      .click()
    await page.getByRole('dialog').getByText('Grades in this scheme').click()
    await expectNoViolations(page)
  })
})
