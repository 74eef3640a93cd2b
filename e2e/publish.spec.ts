import type { Page } from '@playwright/test'
import { expect, paths, test } from './fixtures'
import { settleEveryConflict } from './support/settle'

const LAB = paths.moderate(101, 501)
const GRADEABLE = '/courses/101/assignments/501/gradeable_students?include[]=provisional_grades&per_page=100'

type Row = {
  id: number
  display_name: string
  selected_provisional_grade_id: number | null
  provisional_grades: Array<{
    provisional_grade_id: number
    graded_at: string | null
    score: number | null
    final: boolean
  }>
}

async function openPublishDialog(page: Page) {
  await expect(page.getByRole('status').filter({ hasText: /31 students loaded/ })).toBeVisible()
  await page.getByRole('button', { name: 'Publish grades' }).click()
  const dialog = page.getByRole('alertdialog')
  await expect(dialog).toBeVisible()
  return dialog
}

test.describe('publishing', () => {
  test('lists what blocks publishing before anything is clicked', async ({ page, world }) => {
    // Canvas's rule (contract §2.6): two or more graded provisional grades and no selection.
    const rows = (await (await world.api('GET', GRADEABLE)).json()) as Row[]
    const blockers = rows.filter(
      (r) => r.selected_provisional_grade_id === null && r.provisional_grades.filter((g) => g.graded_at).length >= 2,
    )
    expect(blockers.length).toBeGreaterThan(3)
    await page.goto(LAB)
    const panel = page.getByRole('region', { name: 'Publish' })
    await expect(panel).toContainText(`${blockers.length} students block publishing`)
    await expect(panel).toContainText("Liam O'Brien")
    await expect(panel).toContainText(/grades? will be written to the gradebook/)
  })

  test('the confirm button needs PUBLISH typed; publishing fires once and leaves the page read-only', async ({
    page,
    world,
  }) => {
    await settleEveryConflict(world)
    await page.goto(LAB)
    const panel = page.getByRole('region', { name: 'Publish' })
    await expect(panel).toContainText('Nothing blocks publishing')

    const dialog = await openPublishDialog(page)
    await expect(dialog).toContainText(/overwrites/)
    await expect(dialog).toContainText(/cannot be undone/i)
    const confirm = dialog.getByRole('button', { name: /^Publish/ })
    const box = dialog.getByRole('textbox', { name: 'Type PUBLISH to confirm' })
    await expect(confirm).toBeDisabled()
    await box.fill('publish')
    await expect(confirm).toBeDisabled()
    await box.fill('PUBLISH')
    await expect(confirm).toBeEnabled()
    // A double click must not publish twice.
    await confirm.dblclick()

    await expect(page.getByRole('status').filter({ hasText: /published/ })).toBeVisible()
    await expect(page.getByRole('button', { name: 'Publish grades' })).toHaveCount(0)
    expect((await world.requests()).filter((r) => r.route === 'publish')).toHaveLength(1)

    // Read-only: grades can no longer be selected.
    const grid = page.getByRole('grid')
    await expect(grid).toHaveAttribute('aria-readonly', 'true')
    await expect(page.getByRole('button', { name: /Accept all grades from/ })).toHaveCount(0)

    // Canvas copied the chosen grades into the gradebook.
    const subs = (await (
      await world.api('GET', '/courses/101/assignments/501/submissions?per_page=100')
    ).json()) as Array<{ score: number | null }>
    expect(subs.filter((s) => s.score !== null).length).toBeGreaterThan(20)
  })

  test('publish stays disabled while students block it; "Show these students" narrows the grid to them', async ({
    page,
  }) => {
    await page.goto(LAB)
    await expect(page.getByRole('status').filter({ hasText: /31 students loaded/ })).toBeVisible()
    const panel = page.getByRole('region', { name: 'Publish' })
    await expect(panel.getByRole('button', { name: 'Publish grades' })).toBeDisabled()
    const n = Number((await panel.textContent())!.match(/(\d+) students block publishing/)![1])
    await panel.getByRole('button', { name: `Show these ${n} students` }).click()
    await expect(page.getByText(new RegExp(`^Showing ${n} of 31 students`))).toBeVisible()
    await expect(page.getByRole('grid').getByRole('rowheader', { name: /^Liam O'Brien/ })).toBeVisible()
  })

  test('a 422 Canvas gives anyway (students the page cannot see) says publishing was refused; nothing is published', async ({
    page,
    world,
  }) => {
    await settleEveryConflict(world)
    await world.fault({ route: 'publish', status: 422, count: 1 })
    await page.goto(LAB)
    const dialog = await openPublishDialog(page)
    await dialog.getByRole('textbox', { name: 'Type PUBLISH to confirm' }).fill('PUBLISH')
    await dialog.getByRole('button', { name: /^Publish/ }).click()
    const alert = page.getByRole('alert').filter({ hasText: /refused/ })
    await expect(alert).toBeVisible()
    await expect(alert).toContainText('Nothing was published')
    const a = (await (
      await world.api('GET', '/courses/101/assignment_groups?include[]=assignments&include[]=grades_published')
    ).json()) as Array<{
      assignments: Array<{ id: number; grades_published: boolean }>
    }>
    expect(a.flatMap((g) => g.assignments).find((x) => x.id === 501)!.grades_published).toBe(false)
  })

  test('a 400 "already published" (another tab published first) turns the page read-only', async ({ page, world }) => {
    await settleEveryConflict(world)
    await page.goto(LAB)
    const dialog = await openPublishDialog(page)
    // Someone else publishes meanwhile.
    expect((await world.api('POST', '/courses/101/assignments/501/provisional_grades/publish')).status()).toBe(200)
    await dialog.getByRole('textbox', { name: 'Type PUBLISH to confirm' }).fill('PUBLISH')
    await dialog.getByRole('button', { name: /^Publish/ }).click()
    await expect(page.getByRole('status').filter({ hasText: /already been published/ })).toBeVisible()
    await expect(page.getByRole('grid')).toHaveAttribute('aria-readonly', 'true')
  })

  test('a server error is explained and publish is not retried by itself', async ({ page, world }) => {
    await settleEveryConflict(world)
    await page.goto(LAB)
    await world.fault({ route: 'publish', status: 500, count: 1 })
    const dialog = await openPublishDialog(page)
    await dialog.getByRole('textbox', { name: 'Type PUBLISH to confirm' }).fill('PUBLISH')
    await dialog.getByRole('button', { name: /^Publish/ }).click()
    await expect(page.getByRole('alert').filter({ hasText: /Publishing failed/ })).toBeVisible()
    await page.waitForTimeout(500)
    expect((await world.requests()).filter((r) => r.route === 'publish')).toHaveLength(1)
  })

  test('an already-published assignment is read-only from the start', async ({ page }) => {
    await page.goto(paths.moderate(101, 503))
    await expect(page.getByRole('grid')).toHaveAttribute('aria-readonly', 'true')
    await expect(page.getByRole('status').filter({ hasText: /have been published/ })).toBeVisible()
    await expect(page.getByRole('button', { name: 'Publish grades' })).toHaveCount(0)
  })
})
