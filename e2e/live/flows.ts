/**
 * The demo's main flows, driven through the app server in a live mode against the simulator over HTTP.
 * Shared by token.spec.ts and oauth.spec.ts; the page must already show the moderation page of 101/501.
 */
import type { Page } from '@playwright/test'
import { expect, GRADEABLE, type LiveCanvas } from './fixtures'

type Row = {
  display_name: string
  selected_provisional_grade_id: number | null
  provisional_grades: Array<{
    provisional_grade_id: number
    scorer_id?: number
    final: boolean
    score: number | null
    graded_at: string | null
  }>
}

const rows = async (canvas: LiveCanvas) => (await (await canvas.api('GET', GRADEABLE)).json()) as Row[]
const selectedOf = (r: Row) =>
  r.provisional_grades.find((g) => g.provisional_grade_id === r.selected_provisional_grade_id)
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * A student without a selection whom two graders graded differently (names and scores differ per world, so
 * they are read from Canvas): the accessible names of those two grid cells, and the graders' user ids.
 */
export async function unselectedPair(canvas: LiveCanvas) {
  const graderName = (id: number | undefined) => canvas.users.find((u) => u.id === id)!.name
  for (const r of await rows(canvas)) {
    if (r.selected_provisional_grade_id !== null || !/^[A-Za-z' -]+$/.test(r.display_name)) continue
    const graded = r.provisional_grades.filter((g) => !g.final && g.score !== null && g.scorer_id !== undefined)
    if (graded.length < 2 || graded[0]!.score === graded[1]!.score) continue
    const cell = (g: (typeof graded)[number]) => ({
      scorerId: g.scorer_id!,
      name: new RegExp(`^${escape(graderName(g.scorer_id))}: ${escape(String(g.score))} for ${escape(r.display_name)}`),
    })
    return { student: r.display_name, first: cell(graded[0]!), second: cell(graded[1]!) }
  }
  throw new Error('no unselected student with two different grades')
}

export async function gridLoads(page: Page) {
  const grid = page.getByRole('grid')
  await expect(grid).toHaveAccessibleName(/Lab Report 3: Enzyme Kinetics/)
  await expect(page.getByRole('status').filter({ hasText: /31 students loaded/ })).toBeVisible()
  await expect(grid.getByRole('columnheader')).toHaveText([
    'Student',
    'Priya Natarajan',
    'Prof. Daniel Reyes',
    'Tomás Herrera',
    'Spread',
    'Mean',
    'Final grade',
  ])
  await expect(page.getByRole('region', { name: 'Demo mode' })).toHaveCount(0)
}

/**
 * The first grade of an unselected student with two different grades, found as a user would: by search (the grid
 * mounts only the rows in view and a few more).
 */
export async function unselectedCell(page: Page, canvas: LiveCanvas) {
  const { student, first } = await unselectedPair(canvas)
  await page.getByLabel('Search students').fill(student)
  return page.getByRole('gridcell', { name: first.name })
}

export async function selectThenRollBackOnFault(page: Page, canvas: LiveCanvas) {
  const { student, first, second } = await unselectedPair(canvas)
  const selectedScorer = async () =>
    selectedOf((await rows(canvas)).find((r) => r.display_name === student)!)?.scorer_id
  // The grid mounts the rows in view (and a few more): the student is found as a user would, by search.
  await page.getByLabel('Search students').fill(student)
  const a = page.getByRole('gridcell', { name: first.name })
  await a.click()
  await expect(a).toHaveAttribute('aria-selected', 'true')
  await expect.poll(selectedScorer).toBe(first.scorerId)

  // Canvas fails the next selection: the grid puts the previous one back and says why.
  await canvas.fault({ route: 'select', status: 500, count: 1 })
  const b = page.getByRole('gridcell', { name: second.name })
  await b.click()
  await expect(page.getByRole('alert').filter({ hasText: student })).toBeVisible()
  await expect(b).toHaveAttribute('aria-selected', 'false')
  await expect(a).toHaveAttribute('aria-selected', 'true')
  expect(await selectedScorer()).toBe(first.scorerId)
}

export async function bulkAccept(page: Page, canvas: LiveCanvas) {
  await page.getByRole('button', { name: 'Accept all grades from Priya Natarajan' }).click()
  const dialog = page.getByRole('dialog', { name: 'Accept all grades from Priya Natarajan?' })
  // Replacing existing selections too, so every student she graded ends with her grade.
  await dialog.getByRole('checkbox', { name: /^Also replace/ }).check()
  const accept = dialog.getByRole('button', { name: /^Accept \d+ grades?$/ })
  const n = Number((await accept.textContent())!.match(/(\d+)/)![1])
  expect(n).toBeGreaterThan(0)
  await accept.click()
  await expect(page.getByRole('status').filter({ hasText: new RegExp(`${n}`) })).toBeVisible()
  for (const r of (await rows(canvas)).filter((r) => r.provisional_grades.some((g) => g.scorer_id === 3 && !g.final))) {
    expect(selectedOf(r)?.scorer_id, r.display_name).toBe(3)
  }
}

export async function customGrade(page: Page, canvas: LiveCanvas) {
  const { student } = await unselectedPair(canvas)
  await page.getByLabel('Search students').fill(student)
  const row = page.getByRole('row', { name: new RegExp(escape(student)) })
  await row.getByRole('button', { name: `Custom grade for ${student}` }).click()
  const dialog = page.getByRole('dialog', { name: `Custom grade for ${student}` })
  await dialog.getByRole('textbox', { name: 'Custom grade' }).fill('13.5')
  await dialog.getByRole('button', { name: 'Save and select' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(
    row.getByRole('gridcell', { name: new RegExp(`Final grade: 13\\.5 for ${escape(student)}, selected`) }),
  ).toHaveAttribute('aria-selected', 'true')
  expect(selectedOf((await rows(canvas)).find((r) => r.display_name === student)!)).toMatchObject({
    final: true,
    score: 13.5,
  })
}

/** Settles the remaining conflicts over the API (arranging), then publishes through the UI. */
export async function publish(page: Page, canvas: LiveCanvas) {
  const ids = (await rows(canvas))
    .filter(
      (r) => r.selected_provisional_grade_id === null && r.provisional_grades.filter((g) => g.graded_at).length >= 2,
    )
    .map((r) => r.provisional_grades.find((g) => g.graded_at && !g.final)!.provisional_grade_id)
  expect(
    (
      await canvas.api('PUT', '/courses/101/assignments/501/provisional_grades/bulk_select', {
        data: { provisional_grade_ids: ids },
      })
    ).ok(),
  ).toBeTruthy()
  await page.reload()
  const panel = page.getByRole('region', { name: 'Publish' })
  await expect(panel).toContainText('Nothing blocks publishing')
  await page.getByRole('button', { name: 'Publish grades' }).click()
  const dialog = page.getByRole('alertdialog')
  await dialog.getByRole('textbox', { name: 'Type PUBLISH to confirm' }).fill('PUBLISH')
  await dialog.getByRole('button', { name: /^Publish/ }).click()
  await expect(page.getByRole('status').filter({ hasText: /published/ })).toBeVisible()
  await expect(page.getByRole('grid')).toHaveAttribute('aria-readonly', 'true')
  expect((await canvas.requests()).filter((r) => r.route === 'publish' && r.status === 200)).toHaveLength(1)
  const subs = (await (
    await canvas.api('GET', '/courses/101/assignments/501/submissions?per_page=100')
  ).json()) as Array<{ score: number | null }>
  expect(subs.filter((s) => s.score !== null).length).toBeGreaterThan(20)
}
