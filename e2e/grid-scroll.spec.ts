import AxeBuilder from '@axe-core/playwright'
import type { Locator, Page } from '@playwright/test'
import { expect, paths, test } from './fixtures'

// The grid after a jump (scrollbar drag, End, a fling) and after a sort, when every mounted row shows other
// students: rows in order, each row one student's, focus and the tab stop kept, header and student column in place.
const LAB = paths.moderate(101, 501)
const N = 2000

async function loaded(page: Page) {
  await expect(page.getByRole('status').filter({ hasText: /students loaded/ })).toBeVisible({ timeout: 20_000 })
  await expect(page.getByRole('grid')).toHaveAttribute('aria-busy', 'false')
}

/** Each mounted body row in DOM order: its aria-rowindex, its student (row header) and whom its cells name. */
function bodyRows(grid: Locator) {
  return grid
    .locator('[role="rowgroup"]')
    .nth(1)
    .getByRole('row')
    .evaluateAll((rows) =>
      rows.map((r) => {
        const labels = [...r.querySelectorAll('[role="gridcell"]')].map((c) => c.getAttribute('aria-label') ?? '')
        const name = labels.map((l) => /^Spread for (.+?): /.exec(l)?.[1]).find(Boolean) ?? ''
        const rowheader = r.querySelector('[role="rowheader"]')?.textContent ?? ''
        return { index: Number(r.getAttribute('aria-rowindex')), name, rowheader, labels }
      }),
    )
}

async function expectCoherentRows(grid: Locator) {
  const rows = await bodyRows(grid)
  expect(rows.length).toBeGreaterThan(3)
  // DOM order is row order (what assistive technology reads), and every cell of a row is that row's student's.
  for (let i = 1; i < rows.length; i++) expect(rows[i]!.index).toBeGreaterThan(rows[i - 1]!.index)
  for (const r of rows) {
    expect(r.name).not.toBe('')
    expect(r.rowheader.startsWith(r.name)).toBe(true)
    for (const label of r.labels) expect(label).toContain(`${r.name}`)
  }
  return rows
}

/** Scrolls the grid to `top` and waits for the frame that shows it. */
async function scrollGridTo(grid: Locator, top: number) {
  await grid.evaluate(
    (el, y) =>
      new Promise<void>((resolve) => {
        el.scrollTop = y
        requestAnimationFrame(() => requestAnimationFrame(() => resolve()))
      }),
    top,
  )
}

test.describe(`a grid of ${N.toLocaleString('en-US')} students`, () => {
  test.use({ scenario: { scenario: 'large', students: N, graders: 3 }, viewport: { width: 1366, height: 768 } })

  test('a jump shows whole rows in order, keeps focus and the header and student column in place', async ({ page }) => {
    await page.goto(LAB)
    await loaded(page)
    const grid = page.getByRole('grid')
    const header = (await grid.getByRole('columnheader', { name: 'Student' }).boundingBox())!
    await expectCoherentRows(grid)

    // Focus a grade in the first rows: the grid's tab stop.
    const cell = grid.getByRole('gridcell').nth(1)
    await cell.click()
    // A click on a grade selects it, which its name then says: read the name once it does.
    await expect(cell).toHaveAttribute('aria-selected', 'true')
    const focusedName = (await cell.getAttribute('aria-label'))!
    await expect(cell).toBeFocused()

    // Jumps far down and further: other students in the rows, in order, each row one student's.
    for (const top of [52 * 700, 52 * 700 + 3000, 52 * 1500]) {
      await scrollGridTo(grid, top)
      const rows = await expectCoherentRows(grid)
      // The row at the top of the scrolled body is mounted (rows are 52 px; the header is row 1).
      expect(rows.some((r) => r.index === Math.floor(top / 52) + 2)).toBe(true)
      // The focused grade stays what it was and where focus is; it is still the only tab stop.
      await expect(page.locator(':focus')).toHaveAttribute('aria-label', focusedName)
      await expect(grid.locator('[role=gridcell][tabindex="0"], [role=rowheader][tabindex="0"]')).toHaveCount(1)
      const h = (await grid.getByRole('columnheader', { name: 'Student' }).boundingBox())!
      expect([Math.round(h.x), Math.round(h.y)]).toEqual([Math.round(header.x), Math.round(header.y)])
    }

    // Horizontal scrolling after the jumps: the student column stays at the grid's left edge.
    await grid.evaluate((el) => el.scrollBy(400, 0))
    const left = await grid
      .getByRole('rowheader')
      .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().left)))
    expect(new Set(left.filter((x) => x > 0))).toEqual(new Set([Math.round(header.x)]))
    await grid.evaluate((el) => el.scrollTo(0, el.scrollTop))

    const axe = await new AxeBuilder({ page }).include('[role="grid"]').analyze()
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([])

    // Back at the top, the keyboard goes on from the focused grade.
    await scrollGridTo(grid, 0)
    await expect(page.locator(':focus')).toHaveAttribute('aria-label', focusedName)
    await page.keyboard.press('ArrowDown')
    await expect(page.locator(':focus')).not.toHaveAttribute('aria-label', focusedName)
    await expectCoherentRows(grid)
  })

  test('after a sort the rows show the new order, and the grid keeps its one tab stop', async ({ page }) => {
    await page.goto(LAB)
    await loaded(page)
    const grid = page.getByRole('grid')
    const before = await expectCoherentRows(grid)
    await grid.getByRole('gridcell').nth(1).click()
    const stop = grid.locator('[role=gridcell][tabindex="0"], [role=rowheader][tabindex="0"]')
    const name = await stop.getAttribute('aria-label')

    // Student Z–A: the focused student moves far out of view.
    await grid.getByRole('columnheader', { name: 'Student' }).getByRole('button').click()
    await expect(grid.getByRole('columnheader', { name: 'Student' })).toHaveAttribute('aria-sort', 'descending')
    const rows = await expectCoherentRows(grid)
    expect(rows[0]!.index).toBe(2)
    expect(rows[0]!.name).not.toBe(before[0]!.name)
    await expect(stop).toHaveCount(1)
    await expect(stop).toHaveAttribute('aria-label', name!)

    // Back to A–Z: the same.
    await grid.getByRole('columnheader', { name: 'Student' }).getByRole('button').click()
    await expect(grid.getByRole('columnheader', { name: 'Student' })).toHaveAttribute('aria-sort', 'ascending')
    await expectCoherentRows(grid)
    await expect(stop).toHaveCount(1)
    await expect(stop).toHaveAttribute('aria-label', name!)
  })
})
