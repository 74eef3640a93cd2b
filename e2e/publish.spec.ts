import type { Page } from '@playwright/test'
import { expect, paths, test, type World } from './fixtures'

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

/** Selects a grade for every student who would block publishing, over the API (arranging, not testing). */
async function settleEveryConflict(world: World) {
  const rows = (await (await world.api('GET', GRADEABLE)).json()) as Row[]
  const ids = rows
    .filter(
      (r) => r.selected_provisional_grade_id === null && r.provisional_grades.filter((g) => g.graded_at).length >= 2,
    )
    .map((r) => r.provisional_grades.find((g) => g.graded_at && !g.final)!.provisional_grade_id)
  const res = await world.api('PUT', '/courses/101/assignments/501/provisional_grades/bulk_select', {
    data: { provisional_grade_ids: ids },
  })
  expect(res.ok()).toBeTruthy()
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

  test('a 422 says publishing was refused and who blocks it; nothing is published', async ({ page, world }) => {
    await page.goto(LAB)
    const dialog = await openPublishDialog(page)
    await dialog.getByRole('textbox', { name: 'Type PUBLISH to confirm' }).fill('PUBLISH')
    await dialog.getByRole('button', { name: /^Publish/ }).click()
    const alert = page.getByRole('alert').filter({ hasText: /refused/ })
    await expect(alert).toBeVisible()
    await expect(alert).toContainText("Liam O'Brien")
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
