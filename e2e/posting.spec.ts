import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { expect, paths, test, type World } from './fixtures'

// Issue #15: after publishing, grades are in the gradebook but hidden from students (moderated assignments post
// manually); "Post grades to students" posts them through the server's named GraphQL operation.

type Row = {
  selected_provisional_grade_id: number | null
  provisional_grades: { provisional_grade_id: number; final: boolean; score: number | null }[]
}
type Sub = { user_id: number; posted_at: string | null }

/** Selects a grade for every student who blocks publishing, then publishes, all through Canvas's API. */
async function publishThroughApi(world: World, assignmentId: number) {
  const base = `/courses/101/assignments/${assignmentId}`
  const rows = (await (
    await world.api('GET', `${base}/gradeable_students?include[]=provisional_grades&per_page=100`)
  ).json()) as Row[]
  for (const r of rows) {
    const graded = r.provisional_grades.filter((g) => !g.final && g.score !== null)
    if (r.selected_provisional_grade_id === null && graded.length >= 2)
      await world.api('PUT', `${base}/provisional_grades/${graded[0]!.provisional_grade_id}/select`)
  }
  expect((await world.api('POST', `${base}/provisional_grades/publish`)).status()).toBe(200)
}

/** Publishes through Canvas's API, then opens the moderation page: its "Post to students" panel. */
async function openPublished(page: Page, world: World, assignmentId: number) {
  await publishThroughApi(world, assignmentId)
  await page.goto(paths.moderate(101, assignmentId))
  return page.getByRole('region', { name: 'Post to students' })
}

/** The home list's row of the lab report. */
const homeRow = (page: Page) =>
  page.getByRole('link', { name: 'Lab Report 3: Enzyme Kinetics' }).locator('xpath=ancestor::li[1]')

const submissions = async (world: World, assignmentId: number) =>
  (await (await world.api('GET', `/courses/101/assignments/${assignmentId}/submissions?per_page=100`)).json()) as Sub[]

async function expectNoViolations(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  expect(r.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([])
}

test('publish → post to every student → Canvas holds posted_at for all, and the home list says Posted', async ({
  page,
  world,
}) => {
  const panel = await openPublished(page, world, 501)
  const total = (await submissions(world, 501)).length
  await expect(panel).toContainText(
    `The grades are in the gradebook, but hidden from students: none of the ${total} students can see theirs yet.`,
  )
  await panel.getByRole('button', { name: 'Post grades to students…' }).click()
  const dialog = page.getByRole('alertdialog', { name: 'Post grades to students?' })
  await expect(dialog).toContainText(`${total} students will see their grade and the comments published with it.`)
  await expectNoViolations(page)
  await dialog.getByRole('button', { name: `Post to ${total} students` }).click()
  await expect(panel.getByRole('status')).toHaveText(`Posted. ${total} of ${total} students can see their grade.`)
  await expect(panel).toContainText(`Posted: all ${total} students can see their grade.`)
  expect((await submissions(world, 501)).every((s) => s.posted_at !== null)).toBe(true)
  // Through the server's named operation: one GraphQL request, and the Progress followed.
  const log = await world.requests()
  expect(log.filter((r) => r.route === 'graphql')).toHaveLength(1)
  expect(log.filter((r) => r.route === 'progress').length).toBeGreaterThanOrEqual(1)

  await page.goto(paths.home)
  const row = homeRow(page)
  await expect(row.getByText('Posted', { exact: true })).toBeVisible()
})

test.describe('a course with sections', () => {
  test.use({ scenario: { scenario: 'realistic' } })

  test('post for one section: only its students see their grade; the home list counts them', async ({
    page,
    world,
  }) => {
    const panel = await openPublished(page, world, 501)
    await panel.getByRole('button', { name: 'Post grades to students…' }).click()
    const dialog = page.getByRole('alertdialog', { name: 'Post grades to students?' })
    await dialog.getByRole('radio', { name: 'Students in chosen sections' }).check()
    await expect(dialog.getByRole('button', { name: /^Post to / })).toBeDisabled()
    await dialog.getByRole('checkbox', { name: 'BIO 201 Lab A (Mon)' }).check()
    const text = (await dialog.getByText(/will see their grade/).textContent())!
    const n = Number(/^(\d+) students? will see/.exec(text)![1])
    expect(n).toBeGreaterThan(0)
    await dialog.getByRole('button', { name: new RegExp(`^Post to ${n} students?$`) }).click()
    await expect(panel.getByRole('status')).toHaveText(
      new RegExp(`^Posted\\. ${n} of \\d+ students can see their grade\\.$`),
    )
    const subs = await submissions(world, 501)
    const posted = subs.filter((s) => s.posted_at !== null)
    expect(posted).toHaveLength(n)
    // Every one of them is in Lab A (section 1011), and nobody else was posted.
    const users = (await (
      await world.api('GET', '/courses/101/users?enrollment_type[]=student&include[]=enrollments&per_page=100')
    ).json()) as { id: number; enrollments: { course_section_id: number }[] }[]
    const inLabA = new Set(
      users.filter((u) => u.enrollments.some((e) => e.course_section_id === 1011)).map((u) => u.id),
    )
    for (const s of posted) expect(inLabA.has(s.user_id), `user ${s.user_id}`).toBe(true)

    await page.goto(paths.home)
    const row = homeRow(page)
    await expect(row.getByText(`Published · posted to ${n} of ${subs.length}`)).toBeVisible()
  })
})

test('the anonymous assignment posts to everyone at once: no sections, no graded-only, no names', async ({
  page,
  world,
}) => {
  const panel = await openPublished(page, world, 502)
  await panel.getByRole('button', { name: 'Post grades to students…' }).click()
  const dialog = page.getByRole('alertdialog', { name: 'Post grades to students?' })
  await expect(dialog.getByRole('radio', { name: 'Students in chosen sections' })).toBeDisabled()
  await expect(dialog.getByRole('radio', { name: 'Graded students only' })).toBeDisabled()
  await expect(dialog).toContainText('Canvas posts anonymous assignments to everyone at once, not by section.')
  await dialog.getByRole('button', { name: /^Post to \d+ students$/ }).click()
  await expect(panel.getByRole('status')).toHaveText(/^Posted\. (\d+) of \1 students can see their grade\.$/)
})

test('a posting whose answer is lost (a gateway’s 502 after Canvas posted) is read back and shown as posted', async ({
  page,
  world,
}) => {
  const panel = await openPublished(page, world, 501)
  const total = (await submissions(world, 501)).length
  await world.fault({ route: 'graphql', kind: 'commit-then-502', count: 1 })
  await panel.getByRole('button', { name: 'Post grades to students…' }).click()
  await page
    .getByRole('alertdialog', { name: 'Post grades to students?' })
    .getByRole('button', { name: /^Post to \d+ students$/ })
    .click()
  await expect(panel.getByRole('status')).toHaveText(
    `Canvas’s answer was lost, so the students were read back from Canvas: ${total} of ${total} students can see their grade. Posting again is safe if that is not what you meant.`,
  )
  await expect(page.getByText(/<html>|Bad Gateway<\//)).toHaveCount(0)
  expect((await submissions(world, 501)).every((s) => s.posted_at !== null)).toBe(true)
})
