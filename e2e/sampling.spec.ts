import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { expect, paths, test, type World } from './fixtures'

// Issue #15, sample moderation: rules → preview → written into Canvas's moderation set (POST moderated_students),
// the reasons shown in the moderation set; and no names on the anonymous assignment (502).

test.describe.configure({ timeout: 90_000 })

async function expectNoViolations(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  expect(r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual(
    [],
  )
}

async function open(page: Page, assignmentId: number) {
  await page.goto(paths.moderate(101, assignmentId))
  const total = assignmentId === 501 ? 31 : 20
  await expect(page.getByRole('status').filter({ hasText: new RegExp(`${total} students loaded`) })).toBeVisible({
    timeout: 20_000,
  })
  await page.getByRole('heading', { name: 'Sample for moderation', exact: true }).click()
  return page.getByRole('group', { name: /^Rules/ })
}

async function moderationSet(world: World): Promise<number[]> {
  const res = await world.api('GET', '/courses/101/assignments/501/moderated_students?per_page=100')
  expect(res.ok()).toBeTruthy()
  return ((await res.json()) as { id: number }[]).map((u) => u.id).sort((a, b) => a - b)
}

test('bottom 3 and a seeded random 2: previewed with reasons, written into Canvas’s set, shown in the set', async ({
  page,
  world,
  request,
}) => {
  // Canvas put every student in the set; take them all out, so the set holds exactly what the sample adds.
  for (let studentId = 1001; studentId <= 1031; studentId++) {
    const r = await request.post(`/__sim/worlds/${world.id}/moderation-set/remove`, {
      data: { assignmentId: 501, studentId },
    })
    expect(r.ok()).toBeTruthy()
  }
  expect(await moderationSet(world)).toEqual([])

  const rules = await open(page, 501)
  await rules.getByRole('checkbox', { name: 'Across the range of marks' }).uncheck()
  await rules.getByRole('checkbox', { name: 'All fails' }).uncheck()
  await rules.getByRole('checkbox', { name: 'Bottom marks' }).check()
  await rules.getByRole('checkbox', { name: 'Random' }).check()
  await rules.getByRole('spinbutton', { name: 'Seed' }).fill('2025')
  // Keyboard: the random count is a number field, stepped with the arrow keys.
  const count = rules.getByRole('spinbutton', { name: 'Random: students' })
  await count.fill('1')
  await count.press('ArrowUp')
  await expect(count).toHaveValue('2')

  const table = page.getByRole('table', { name: 'Who the sample picks (5)' })
  await expect(table).toBeVisible()
  const rows = table.locator('tbody tr')
  await expect(rows).toHaveCount(5)
  await expect(table.getByRole('cell', { name: 'Bottom 3', exact: true })).toHaveCount(3)
  await expect(table.getByRole('cell', { name: 'Random (seed 2025)', exact: true })).toHaveCount(2)
  await expect(table.getByRole('cell', { name: 'Will be added', exact: true })).toHaveCount(5)
  const names = await rows.getByRole('rowheader').allTextContents()
  const ids = names.map((n) => world.users.find((u) => u.name === n)!.id).sort((a, b) => a - b)
  await expectNoViolations(page)

  await page.getByRole('button', { name: 'Add 5 students to the moderation set' }).click()
  await expect(page.getByRole('status').filter({ hasText: /^Added 5 students to the moderation set\./ })).toBeVisible()
  expect(await moderationSet(world)).toEqual(ids)
  await expect(table.getByRole('cell', { name: 'Already in the set', exact: true })).toHaveCount(5)
  const posts = (await world.requests()).filter((r) => r.route === 'moderated_students_create')
  expect(posts).toHaveLength(1)

  // The moderation set says which students came from the sample, and why.
  await page.getByRole('heading', { name: 'Moderation set', exact: true }).click()
  await expect(page.getByText('5 students are in the moderation set, 5 of them from a sample.')).toBeVisible()
  const list = page.locator('.name-list')
  for (const name of names) await expect(list.getByText(new RegExp(`^${name} — added by a sample: `))).toBeVisible()
  await expect(list.getByText(/added by a sample: Bottom 3$/)).toHaveCount(3)
  await expect(list.getByText(/added by a sample: Random \(seed 2025\)$/)).toHaveCount(2)
  await expectNoViolations(page)

  // The same seed and rules give the same sample after a reload.
  await page.reload()
  const again = await open(page, 501)
  await again.getByRole('checkbox', { name: 'Across the range of marks' }).uncheck()
  await again.getByRole('checkbox', { name: 'All fails' }).uncheck()
  await again.getByRole('checkbox', { name: 'Bottom marks' }).check()
  await again.getByRole('checkbox', { name: 'Random' }).check()
  await again.getByRole('spinbutton', { name: 'Seed' }).fill('2025')
  await expect(page.getByRole('table', { name: 'Who the sample picks (5)' }).getByRole('rowheader')).toHaveText(names)
})

test('the anonymous assignment: the sample shows labels only, and cannot be written', async ({ page, world }) => {
  const rules = await open(page, 502)
  await expect(rules).toBeVisible()
  const panel = page.locator('details', {
    has: page.getByRole('heading', { name: 'Sample for moderation', exact: true }),
  })
  await expect(panel.getByRole('table', { name: /Who the sample picks/ })).toBeVisible()
  await expect(panel.getByRole('note')).toContainText('Canvas adds students to it by user id only')
  await expect(panel.getByRole('button', { name: /to the moderation set/ })).toHaveCount(0)
  const text = (await panel.textContent()) ?? ''
  for (const u of world.users.filter((x) => x.role === 'student')) expect(text).not.toContain(u.name)
  for (const label of await panel.getByRole('rowheader').allTextContents()) expect(label).toMatch(/^Student \S+$/)
  const reads = (await world.requests()).filter((r) => r.route.startsWith('moderated_students'))
  expect(reads).toHaveLength(0)
  await expectNoViolations(page)
})
