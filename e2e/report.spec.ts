import AxeBuilder from '@axe-core/playwright'
import type { Locator, Page } from '@playwright/test'
import { expect, paths, test } from './fixtures'

// Issue #13 item 11: the report and CSV an exam board needs (course, final grader, tolerance, grade bands, SIS and
// login ids, sign-off lines, unclipped plot axes), on screen and in print, against the demo scenario.

test.describe.configure({ timeout: 120_000 })

/**
 * For every plot: how far the rotated y-axis label reaches outside its SVG on the left (≤ 0 when it is inside),
 * and how far it overlaps the tick labels (≤ 0 when clear). Measured by the browser, in CSS pixels.
 */
async function yAxisOverflow(charts: Locator) {
  return charts.evaluateAll((svgs) =>
    svgs.map((svg) => {
      const box = svg.getBoundingClientRect()
      const label = svg.querySelector('.visx-axis-left .visx-axis-label')!.getBoundingClientRect()
      const ticks = [...svg.querySelectorAll('.visx-axis-left .visx-axis-tick text')].map((t) =>
        t.getBoundingClientRect(),
      )
      return {
        outside: box.left - label.left,
        overlap: label.right - Math.min(...ticks.map((t) => t.left)),
        ticks: [...svg.querySelectorAll('.visx-axis-left .visx-axis-tick text')].map((t) => t.textContent),
      }
    }),
  )
}

async function csvOf(page: Page): Promise<string[][]> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ])
  const text = (await (await download.createReadStream()).toArray())
    .map(String)
    .join('')
    .replace(/^\uFEFF/, '')
  return text
    .trimEnd()
    .split('\r\n')
    .map((l) => l.split(','))
}

test('report for an exam board: details, grade bands, sign-off, unclipped plots on screen and in print; its CSV', async ({
  page,
}) => {
  await page.goto(`${paths.moderate(101, 501)}/report?tol=1`)
  const header = page.getByRole('article').locator('header')
  await expect(
    header.getByRole('heading', { level: 1, name: 'Moderation report: Lab Report 3: Enzyme Kinetics' }),
  ).toBeVisible({ timeout: 20_000 })
  const details: Array<[string, string]> = [
    ['Course', 'BIO 201: Cell Biology'],
    ['Course code', 'BIO 201'],
    ['Points possible', '20'],
    ['Grading type', 'Points'],
    ['Final grader', 'Dr. Maya Chen'],
    ['Tolerance', '1 point'],
    ['Grades', 'Not yet published'],
  ]
  for (const [term, value] of details) {
    const dt = header.getByRole('term').filter({ hasText: new RegExp(`^${term}$`) })
    await expect(dt.locator('xpath=following-sibling::dd[1]')).toHaveText(value)
  }

  const bands = page.getByRole('table', { name: /Final marks by grade band/ })
  await expect(bands).toBeVisible({ timeout: 20_000 })
  await expect(bands.getByRole('row', { name: /^First 70% \(14 points\) \d+ \d+%$/ })).toBeVisible()
  await expect(bands.getByRole('row', { name: /^No final mark yet — \d+/ })).toBeVisible()
  await expect(bands.getByRole('row', { name: /^All students 31$/ })).toBeVisible()
  const signOff = page.getByRole('region', { name: 'Sign-off' })
  await expect(signOff).toContainText('Moderator: Date:')
  await expect(signOff).toContainText('Second marker / exam board: Date:')

  const plots = page.getByRole('region', { name: 'Grader agreement' }).locator('svg[role="img"]')
  await expect(plots).toHaveCount(6, { timeout: 20_000 })
  for (const p of await yAxisOverflow(plots)) {
    expect(p.outside, `y label outside the SVG (ticks ${p.ticks.join(' ')})`).toBeLessThanOrEqual(0)
    expect(p.overlap, `y label over the tick labels (ticks ${p.ticks.join(' ')})`).toBeLessThanOrEqual(0)
  }
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  expect(r.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([])

  // The CSV from the report: SIS and login ids (the final grader is a teacher), tolerance, band, name order.
  const rows = await csvOf(page)
  expect(rows[0]!.slice(0, 4)).toEqual(['Student', 'Canvas user id', 'SIS user id', 'Login id'])
  expect(rows[0]).toContain('Class (tolerance 1 point)')
  expect(rows[0]).toContain('Band (Degree classification)')
  expect(rows.find((row) => row[1] === '1005')!.slice(2, 4)).toEqual(['S0001005', 's1005@students.northfield.edu'])
  expect(rows).toHaveLength(32)

  // In print: the same plots still unclipped, the sign-off kept whole, everything on one A4 page.
  await page.emulateMedia({ media: 'print' })
  await expect(page.getByRole('button', { name: 'Export CSV' })).toBeHidden()
  for (const p of await yAxisOverflow(plots)) {
    expect(p.outside).toBeLessThanOrEqual(0)
    expect(p.overlap).toBeLessThanOrEqual(0)
  }
  expect(await signOff.evaluate((el) => getComputedStyle(el).breakInside)).toBe('avoid')
  const pdf = await page.pdf({ format: 'A4' })
  expect((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length).toBe(1)
})
