import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { expect, paths, test, type World } from './fixtures'

// Issue #6: triage, reconciliation rules (preview → apply → restore), grader agreement, CSV and the printable report,
// against the demo scenario (assignment 501 named, 502 anonymous; see src/mocks/README.md).

// These tests drive long flows and run axe several times; the shared 2-core machine makes them slow.
test.describe.configure({ timeout: 120_000 })

async function expectNoViolations(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  expect(r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual(
    [],
  )
}

async function open(page: Page, assignmentId: number, query = '') {
  await page.goto(`${paths.moderate(101, assignmentId)}${query}`)
  const total = assignmentId === 501 ? 31 : 20
  await expect(page.getByRole('status').filter({ hasText: new RegExp(`${total} students loaded`) })).toBeVisible({
    timeout: 20_000,
  })
}

type Row = {
  id?: number
  display_name: string
  selected_provisional_grade_id: number | null
  provisional_grades: { provisional_grade_id: number; score: number | null; final: boolean }[]
}

async function selections(world: World): Promise<Map<number, number | null>> {
  const res = await world.api(
    'GET',
    '/courses/101/assignments/501/gradeable_students?include[]=provisional_grades&per_page=100',
  )
  const rows = (await res.json()) as Row[]
  return new Map(rows.map((r) => [r.id!, r.selected_provisional_grade_id]))
}

test('triage: chips with counts filter the grid, next student walks the queue by spread, tolerance is remembered', async ({
  page,
}) => {
  await open(page, 501, '?tol=1')
  const chips = page.getByRole('group', { name: /Show students by/ })
  for (const name of [
    'Agreed (19)',
    'Disagree (9)',
    'Single grader (1)',
    'No grade (2)',
    'Stale (1)',
    'Custom grade (2)',
    'Selected (8)',
    'Not selected (23)',
  ])
    await expect(chips.getByRole('button', { name, exact: true })).toBeVisible()

  const disagree = page.getByRole('button', { name: 'Disagree (9)' })
  await disagree.click()
  await expect(disagree).toHaveAttribute('aria-pressed', 'true')
  await expect(page).toHaveURL(/show=disagree/)
  await expect(page.getByText('Showing 9 of 31 students')).toBeVisible()
  await expect(page.getByRole('rowheader', { name: 'Amara Okafor' })).toHaveCount(0)
  // AND across groups: disagreeing and not selected.
  await page.getByRole('button', { name: 'Not selected (23)' }).click()
  await expect(page.getByText('Showing 7 of 31 students')).toBeVisible()

  // The queue, largest spread first: Sven (5 points), then Liam (4, by name).
  // N lands on the student's first grade, so Enter selects it; P goes back.
  await page.getByRole('button', { name: 'Next student needing a decision' }).click()
  await expect(page.getByRole('gridcell', { name: /^Priya Natarajan: .* for Sven Lindqvist/ })).toBeFocused()
  await expect(
    page.getByRole('status').filter({
      hasText: 'Sven Lindqvist: 1 of 7 needing a decision in this filter, graders 5 points apart.',
    }),
  ).toBeVisible()
  await page.keyboard.press('n')
  await expect(page.getByRole('gridcell', { name: /^Priya Natarajan: .* for Liam O'Brien/ })).toBeFocused()
  await page.keyboard.press('Shift+P')
  await expect(page.getByRole('gridcell', { name: /^Priya Natarajan: .* for Sven Lindqvist/ })).toBeFocused()

  // Wider tolerance: nobody disagrees; the value is kept for this assignment.
  await page.getByRole('button', { name: 'Clear filters' }).click()
  await page.getByRole('spinbutton', { name: 'Tolerance' }).fill('5')
  await expect(page.getByRole('button', { name: 'Disagree (0)' })).toBeVisible()
  await expect(page).toHaveURL(/tol=5/)
  await page.goto(paths.moderate(101, 501))
  await expect(page.getByRole('spinbutton', { name: 'Tolerance' })).toHaveValue('5')
  await expect(page.getByRole('button', { name: 'Agreed (28)' })).toBeVisible()
  await expectNoViolations(page)
})

test('rules: preview the lower grade for agreeing students, apply exactly that, then restore the snapshot', async ({
  page,
  world,
}) => {
  await open(page, 501, '?tol=1')
  const before = await selections(world)
  await page.getByRole('button', { name: 'Reconciliation rules…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Reconciliation rules' })
  await dialog.getByRole('combobox', { name: 'Rule' }).selectOption({ label: 'Select the lower grade' })
  await expect(dialog.getByText(/^12 students would change \(12 selections, 0 new custom grades\)/)).toBeVisible()
  await dialog.getByRole('checkbox', { name: 'Also change students who already have a selected grade' }).check()
  await expect(dialog.getByText(/^15 students would change/)).toBeVisible()
  // 501's Canvas scheme (Degree classification) puts none of these across a boundary; the moderator's own
  // boundaries (Canvas's default letter scheme, typed in) do.
  const boundaries = dialog.getByRole('textbox', { name: 'Grade boundaries (% of points possible)' })
  await expect(boundaries).toHaveValue('First 70, 2:1 60, 2:2 50, Third 40, Fail 0')
  await expect(dialog.getByText(/0 students cross a grade boundary/)).toBeVisible()
  await boundaries.fill('A 94, A- 90, B+ 87, B 84, B- 80, C+ 77, C 74, C- 70, D+ 67, D 64, D- 61, F 0')
  await expect(
    dialog.getByText('Your boundaries, edited from: From Canvas: Degree classification (course grading scheme)', {
      exact: false,
    }),
  ).toBeVisible()
  await expect(dialog.getByText(/3 students cross a grade boundary/)).toBeVisible()

  const changes = dialog.getByRole('table', { name: /Students that change \(15\)/ })
  await expect(
    changes.getByRole('row', { name: /Amara Okafor 15\.5 \(Prof\. Daniel Reyes\) 15 \(Priya Natarajan\) Select/ }),
  ).toBeVisible()
  await expect(
    changes.getByRole('row', { name: /Isaac Goldberg no selection 14 \(Prof\. Daniel Reyes\) Select/ }),
  ).toBeVisible()
  const crossings = dialog.getByRole('table', { name: 'Crossing a grade boundary (3)' })
  await expect(crossings.getByRole('row')).toHaveCount(4)
  await expect(crossings.getByRole('row', { name: 'Amara Okafor C+ (15.5) C (15)' })).toBeVisible()
  await expect(crossings.getByRole('row', { name: 'Dmitri Volkov D+ (13.5) D (13)' })).toBeVisible()
  await expect(crossings.getByRole('row', { name: 'Farah Haddad A- (18) B+ (17.5)' })).toBeVisible()
  const dist = dialog.getByRole('table', { name: /Distribution of selected grades/ })
  await expect(dist.getByRole('row', { name: /^No grade 23 11 \(-12\)/ })).toBeVisible()
  await expect(dialog.getByText('Left for a person (13)')).toBeVisible()
  await expectNoViolations(page)

  // Before applying, the preview says what a restore can and cannot put back: 12 of the 15 had no selection,
  // and Canvas cannot clear a selection.
  await expect(
    dialog.getByText(/restoring it can put back only 3 of these 15 changes: 12 students have no selection now/),
  ).toBeVisible()
  await dialog.getByRole('button', { name: 'Apply to 15 students' }).click()
  await expect(dialog.getByRole('status')).toHaveText(
    /Applied the rules to 15 students\. A snapshot was taken: restoring it can put back 3 of the 15 changes\./,
  )
  // Canvas now has exactly the previewed selections, and nothing else changed.
  const expected = new Map([
    [1001, 2],
    [1004, 9],
    [1006, 14],
    [1009, 21],
    [1011, 24],
    [1013, 27],
    [1014, 30],
    [1016, 35],
    [1018, 39],
    [1020, 44],
    [1021, 45],
    [1022, 47],
    [1023, 51],
    [1025, 52],
    [1029, 61],
  ])
  const after = await selections(world)
  for (const [id, sel] of before) expect(after.get(id), `student ${id}`).toBe(expected.get(id) ?? sel)
  const bulk = (await world.requests()).filter((r) => r.route === 'bulk_select')
  expect(bulk.map((r) => r.status)).toEqual([200])
  await dialog.getByRole('button', { name: 'Close' }).click()

  // Restore: the three overwritten selections come back; Canvas cannot clear the twelve new ones, and says so.
  await page.getByRole('button', { name: /^Restore the snapshot taken .*, before applying the rules$/ }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Restored 3 selections from the snapshot.' })).toContainText(
    '12 students have no selection in the snapshot',
  )
  const restored = await selections(world)
  for (const id of [1001, 1004, 1006, 1002, 1005, 1007, 1008, 1031])
    expect(restored.get(id), `student ${id}`).toBe(before.get(id))
  // The restore itself took a snapshot first: the rules' selections can be put back too.
  await expect(
    page.getByRole('button', { name: /^Restore the snapshot taken .*, before restoring a snapshot$/ }),
  ).toBeVisible()
})

test('rules: boundaries come from the course’s Canvas grading scheme, and crossings use its names', async ({
  page,
  world,
}) => {
  // Wei Chen's graders agree within a point across the First boundary (14 of 20): select the lower grade first.
  const res = await world.api(
    'GET',
    '/courses/101/assignments/501/gradeable_students?include[]=provisional_grades&per_page=100',
  )
  const wei = ((await res.json()) as Row[]).find((r) => r.display_name === 'Wei Chen')!
  const scores = wei.provisional_grades.filter((g) => g.score !== null).sort((a, b) => a.score! - b.score!)
  const [low, high] = [scores[0]!, scores.at(-1)!]
  expect(low.score).toBeLessThan(14)
  expect(high.score).toBeGreaterThanOrEqual(14)
  const sel = await world.api(
    'PUT',
    `/courses/101/assignments/501/provisional_grades/${low.provisional_grade_id}/select`,
  )
  expect(sel.status()).toBe(200)

  await open(page, 501, '?tol=1')
  await page.getByRole('button', { name: 'Reconciliation rules…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Reconciliation rules' })
  await expect(
    dialog.getByText('From Canvas: Degree classification (course grading scheme)', { exact: false }),
  ).toBeVisible()
  await expect(dialog.getByRole('textbox', { name: 'Grade boundaries (% of points possible)' })).toHaveValue(
    'First 70, 2:1 60, 2:2 50, Third 40, Fail 0',
  )
  await dialog.getByRole('checkbox', { name: 'Also change students who already have a selected grade' }).check()
  const crossings = dialog.getByRole('table', { name: /Crossing a grade boundary/ })
  await expect(crossings.getByRole('row', { name: `Wei Chen 2:1 (${low.score}) First (${high.score})` })).toBeVisible()
  const dist = dialog.getByRole('table', { name: /Distribution of selected grades/ })
  await expect(
    dist.getByRole('rowheader', { name: 'First' }).or(dist.getByRole('cell', { name: 'First', exact: true })),
  ).toBeVisible()
  await expectNoViolations(page)

  // Edited boundaries can be put back to the Canvas scheme.
  const boundaries = dialog.getByRole('textbox', { name: 'Grade boundaries (% of points possible)' })
  await boundaries.fill('Pass 40, Fail 0')
  await expect(crossings.getByRole('row', { name: /Wei Chen/ })).toHaveCount(0)
  await dialog.getByRole('button', { name: 'Use the Canvas scheme again' }).click()
  await expect(boundaries).toHaveValue('First 70, 2:1 60, 2:2 50, Third 40, Fail 0')
  await expect(crossings.getByRole('row', { name: `Wei Chen 2:1 (${low.score}) First (${high.score})` })).toBeVisible()
  const gsRequests = (await world.requests()).filter((r) => r.route.startsWith('grading_standard'))
  expect(gsRequests.map((r) => [r.route, r.status])).toEqual([['grading_standards', 200]])
})

test('rules: the mean as a custom grade creates the final grader’s grade and selects it', async ({ page, world }) => {
  await open(page, 501, '?tol=1')
  await page.getByRole('button', { name: 'Reconciliation rules…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Reconciliation rules' })
  await dialog.getByRole('combobox', { name: 'Rule' }).selectOption({ label: 'Custom grade: the mean' })
  await dialog.getByRole('combobox', { name: 'Round to the nearest' }).selectOption({ label: '0.5 points' })
  await expect(dialog.getByText(/^12 students would change \(4 selections, 8 new custom grades\)/)).toBeVisible()
  await expect(
    dialog.getByRole('row', { name: /Kiri Te Awa no selection 17 \(Custom grade\) Create custom grade and select it/ }),
  ).toBeVisible()
  await dialog.getByRole('button', { name: 'Apply to 12 students' }).click()
  await expect(dialog.getByRole('status')).toHaveText(/Applied the rules to 12 students/)
  const res = await world.api(
    'GET',
    '/courses/101/assignments/501/gradeable_students?include[]=provisional_grades&per_page=100',
  )
  const kiri = ((await res.json()) as Row[]).find((r) => r.id === 1011)!
  const final = kiri.provisional_grades.find((g) => g.final)!
  expect(final.score).toBe(17)
  expect(kiri.selected_provisional_grade_id).toBe(final.provisional_grade_id)
  expect((await world.requests()).filter((r) => r.route === 'submissions_update' && r.status === 200)).toHaveLength(8)
})

test('grader agreement: loads on demand, shows the figures, and every chart has a text alternative', async ({
  page,
}) => {
  const chunks: string[] = []
  page.on('request', (r) => chunks.push(r.url()))
  await open(page, 501, '?tol=1')
  expect(chunks.filter((u) => /agreement-panel/.test(u))).toEqual([])
  await page.getByRole('button', { name: 'Show grader agreement' }).click()
  const panel = page.getByRole('region', { name: 'Grader agreement' })
  await expect(panel).toBeVisible({ timeout: 20_000 })
  expect(chunks.filter((u) => /agreement-panel/.test(u)).length).toBeGreaterThan(0)
  await expect(page).toHaveURL(/panel=agreement/)
  await expect(panel.getByText('On the 28 students marked by two or more graders; tolerance 1 point.')).toBeVisible()
  await expect(panel.getByText('Krippendorff’s alpha (interval)')).toBeVisible()
  await expect(panel.locator('dd').first()).toHaveText(/^0\.\d{3}$/)
  const pairs = panel.getByRole('table', { name: 'Agreement per pair of graders' })
  await expect(pairs.getByRole('row')).toHaveCount(4)
  await expect(pairs.getByRole('rowheader', { name: 'Priya Natarajan and Prof. Daniel Reyes' })).toBeVisible()
  // Every chart is an image named by its caption, which says in words what the chart shows.
  const images = panel.getByRole('img')
  await expect(images).toHaveCount(6)
  for (const img of await images.all()) expect((await img.getAttribute('aria-labelledby'))!.length).toBeGreaterThan(0)
  await expect(
    panel.getByRole('img', {
      name: /Prof\. Daniel Reyes against Priya Natarajan \d+ shared students: Prof\. Daniel Reyes marked higher for \d+/,
    }),
  ).toBeVisible()
  await expect(panel.getByRole('img', { name: /Scores given by Tomás Herrera \d+ scores \(/ })).toBeVisible()
  await expectNoViolations(page)
})

test('CSV export of the anonymous assignment carries no names or user ids', async ({ page }) => {
  await open(page, 502, '?tol=0')
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ])
  expect(download.suggestedFilename()).toBe('moderation-101-502-reflective-essay-anonymous.csv')
  const text = (await (await download.createReadStream()).toArray())
    .map(String)
    .join('')
    .replace(/^\uFEFF/, '')
  const rows = text
    .trimEnd()
    .split('\r\n')
    .map((l) => l.split(','))
  expect(rows[0]).toEqual([
    'Student',
    'Grader 1',
    'Grader 2',
    'Spread',
    'Class (tolerance 0 points)',
    'Stale',
    'Selected grade',
    'Band (Degree classification)',
    'Selected source',
    'Custom grade',
  ])
  expect(rows).toHaveLength(21)
  for (const r of rows.slice(1)) expect(r[0]).toMatch(/^Student \d+$/)
  expect(text).not.toMatch(/Amara|Okafor|Whitfield|Dubois|Natarajan|Herrera|\b10\d\d\b/)
  expect(rows.filter((r) => r[4] === 'Disagree').length + rows.filter((r) => r[4] === 'Agreed').length).toBe(18)
})

test('CSV export of a named assignment lists every grader and the selection source', async ({ page }) => {
  await open(page, 501, '?tol=0')
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ])
  const text = (await (await download.createReadStream()).toArray())
    .map(String)
    .join('')
    .replace(/^\uFEFF/, '')
  const lines = text.trimEnd().split('\r\n')
  expect(lines[0]).toBe(
    'Student,Canvas user id,SIS user id,Login id,Priya Natarajan,Prof. Daniel Reyes,Tomás Herrera,Spread,Class (tolerance 0 points),Stale,Selected grade,Band (Degree classification),Selected source,Custom grade',
  )
  expect(lines).toContain(
    'Elena Márquez,1005,S0001005,s1005@students.northfield.edu,14,,18,4,Disagree,no,16,First,Custom grade,16',
  )
  expect(lines).toContain("Liam O'Brien,1012,S0001012,s1012@students.northfield.edu,,18,14,4,Disagree,no,,,,")
})

test('printable report: counts, agreement, decisions against all graders; one page per assignment in print', async ({
  page,
}) => {
  await open(page, 501, '?tol=1')
  await page.getByRole('link', { name: 'Printable report' }).click()
  await expect(page).toHaveURL(/\/moderate\/report\?tol=1/)
  await expect(
    page.getByRole('heading', { level: 1, name: 'Moderation report: Lab Report 3: Enzyme Kinetics' }),
  ).toBeVisible()
  await expect(page.getByRole('region', { name: 'Grader agreement' })).toBeVisible({ timeout: 20_000 })
  await expect(
    page.getByRole('table', { name: 'Students by class (31 in all)' }).getByRole('row', { name: 'Disagree 9' }),
  ).toBeVisible()
  const against = page.getByRole('table', { name: 'Decisions against all graders’ grades (1)' })
  await expect(against.getByRole('row', { name: /Elena Márquez 14 — 18 16/ })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Grader agreement' }).getByRole('img')).toHaveCount(6)
  await expectNoViolations(page)

  await page.emulateMedia({ media: 'print' })
  const article = page.getByRole('article')
  expect(await article.evaluate((el) => getComputedStyle(el).breakAfter)).toMatch(/page|auto/)
  expect(
    await page.evaluate(() =>
      [...document.styleSheets].some((s) => [...s.cssRules].some((r) => r.cssText.includes('@page'))),
    ),
  ).toBe(true)
  await expect(page.getByRole('button', { name: 'Print' })).toBeHidden()
  const pdf = await page.pdf({ format: 'A4' })
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length
  expect(pages).toBe(1)
})

test.describe('rules on a large course', () => {
  // More students than the dialog plans at once (PLAN_AT_ONCE_UP_TO): planned in steps, the long lists windowed.
  test.use({ scenario: { scenario: 'large', students: 1500, graders: 3 } })

  test('rules: the preview lists every change in a scrolling table, counts exactly, and Apply sends exactly that', async ({
    page,
    world,
  }) => {
    await page.goto(`${paths.moderate(101, 501)}?tol=1`)
    await expect(page.getByRole('status').filter({ hasText: /1,?500 students loaded/ })).toBeVisible({
      timeout: 30_000,
    })
    await page.getByRole('button', { name: 'Reconciliation rules…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Reconciliation rules' })
    const preview = dialog.getByRole('region', { name: 'Preview of the changes' })
    const summary = preview.getByText(/^[\d,]+ students would change/)
    await expect(summary).toBeVisible({ timeout: 15_000 })
    const n = Number((await summary.textContent())!.match(/^([\d,]+)/)![1]!.replace(/,/g, ''))
    expect(n).toBeGreaterThan(100)
    const shown = n.toLocaleString('en-US')

    // The table says how many rows it has; the rows on screen say where they are in it.
    const changes = dialog.getByRole('table', { name: `Students that change (${shown})` })
    await expect(changes).toHaveAttribute('aria-rowcount', String(n + 1))
    const rendered = await changes.getByRole('row').count()
    expect(rendered).toBeGreaterThan(5)
    expect(rendered).toBeLessThan(n) // only the rows near the box
    await expect(changes.getByRole('row').nth(1)).toHaveAttribute('aria-rowindex', '2')
    // The keyboard reaches the last change: the box scrolls (End), and its last row is rendered.
    const box = dialog.getByRole('region', { name: `Students that change (${shown})` })
    await box.focus()
    await page.keyboard.press('End')
    await expect(changes.locator(`tr[aria-rowindex="${n + 1}"]`)).toBeVisible()

    // Left for a person: listed when opened, each item saying its place in the whole list.
    const leftSummary = preview.getByText(/^Left for a person \([\d,]+\)$/)
    const left = Number((await leftSummary.textContent())!.match(/\(([\d,]+)\)/)![1]!.replace(/,/g, ''))
    await leftSummary.click()
    const items = preview.getByRole('region', { name: /^Left for a person/ }).getByRole('listitem')
    await expect(items.first()).toHaveAttribute('aria-setsize', String(left))
    await expect(items.first()).toHaveAttribute('aria-posinset', '1')
    await expectNoViolations(page)

    // What is applied is the whole plan: every student counted, and Canvas has that many new selections.
    const before = await allSelections(world, 15)
    await dialog.getByRole('button', { name: `Apply to ${shown} students` }).click()
    await expect(dialog.getByRole('status')).toHaveText(new RegExp(`^Applied the rules to ${shown} students\\.`), {
      timeout: 60_000,
    })
    const after = await allSelections(world, 15)
    expect([...after].filter(([id, sel]) => before.get(id) !== sel)).toHaveLength(n)
  })
})

async function allSelections(world: World, pages: number): Promise<Map<number, number | null>> {
  const all = new Map<number, number | null>()
  for (let p = 1; p <= pages; p++) {
    const res = await world.api(
      'GET',
      `/courses/101/assignments/501/gradeable_students?include[]=provisional_grades&per_page=100&page=${p}`,
    )
    for (const r of (await res.json()) as Row[]) all.set(r.id!, r.selected_provisional_grade_id)
  }
  return all
}
