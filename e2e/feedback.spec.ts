import AxeBuilder from '@axe-core/playwright'
import type { APIRequestContext, Page } from '@playwright/test'
import { expect, paths, test, type World } from './fixtures'
import { settleEveryConflict } from './support/settle'

// Issue #15: the final grader reads every grader's comments on a student side by side, builds the final comment from
// them, and saves it with a custom grade. What Canvas holds is then checked over its API, and what the student sees
// before publishing, after publishing and after the grades are posted.

const LAB = paths.moderate(101, 501)
const ESSAY = paths.moderate(101, 502)
const BOTH = 'include[]=provisional_grades&include[]=submission_comments'

// Demo 501, Liam O'Brien (src/mocks/sim/scenarios/demo-feedback.ts): Herrera and Reyes, two comments each.
const HERRERA_KM =
  'Your Km of 0.8 mM is far below the published values for catalase: check the dilution factor before you interpret it.'
const REYES_DISCUSSION =
  'The discussion is thoughtful: you explain why the rate levels off at high [S] and link it to saturation of the active sites.'
const REYES_FIGURE = 'Figure 2: rates at [S] < 5 mM have no error bars, and the x-axis needs units (mM).'

type Comment = { id: number; comment: string; author_id?: number | null; author_name?: string; anonymous_id?: string }
type Pg = {
  provisional_grade_id: number
  final: boolean
  score: number | null
  scorer_id?: number
  anonymous_grader_id?: string | null
  submission_comments?: Comment[]
}
type Submission = { submission_comments?: Comment[]; provisional_grades?: Pg[] }
type Row = {
  id?: number
  anonymous_id: string
  display_name: string
  selected_provisional_grade_id: number | null
  provisional_grades: Pg[]
}

async function expectNoViolations(page: Page) {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  expect(r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual(
    [],
  )
}

/** What the student (or anyone with a token of the world) gets from Canvas's API. */
async function apiAs(request: APIRequestContext, world: World, userId: number, path: string) {
  const token = world.users.find((u) => u.id === userId)!.token
  const res = await request.get(`/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } })
  expect(res.ok(), await res.text()).toBeTruthy()
  return (await res.json()) as Submission
}

const studentSees = async (request: APIRequestContext, world: World, userId: number) =>
  (
    (await apiAs(request, world, userId, '/courses/101/assignments/501/submissions/self?include[]=submission_comments'))
      .submission_comments ?? []
  ).map((c) => c.comment)

test('build the final mark from two graders’ comments and a grade; Canvas holds it where it reaches the student', async ({
  page,
  world,
  request,
}) => {
  await page.goto(LAB)
  await expect(page.getByRole('status').filter({ hasText: /31 students loaded/ })).toBeVisible()
  await page.getByLabel('Search students').fill('Liam')
  await page.getByRole('button', { name: "Custom grade for Liam O'Brien" }).click()
  const dialog = page.getByRole('dialog', { name: "Custom grade for Liam O'Brien" })

  // Both graders side by side: name, grade, their comments as text.
  const feedback = dialog.getByRole('region', { name: 'The graders’ comments' })
  const herrera = feedback.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Tomás Herrera' }) })
  const reyes = feedback.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Daniel Reyes/ }) })
  await expect(herrera).toContainText(/Grade: \d/)
  await expect(reyes).toContainText(/Grade: \d/)
  await expect(herrera.getByRole('list', { name: 'Tomás Herrera’s comments' }).getByRole('listitem')).toHaveCount(2)
  await expect(reyes.getByRole('listitem')).toHaveCount(2)
  // Plain text, never HTML: "<" stays a character.
  await expect(reyes.getByText(REYES_FIGURE, { exact: true })).toBeVisible()
  await expectNoViolations(page)

  // Add one comment of each, then edit the combined text.
  const add = (column: typeof herrera, text: string) =>
    column.getByRole('listitem').filter({ hasText: text }).getByRole('button', { name: 'Add to final comment' })
  await add(herrera, HERRERA_KM).click()
  await add(reyes, REYES_DISCUSSION).click()
  const final = dialog.getByRole('textbox', { name: 'Final comment' })
  await expect(final).toHaveValue(`${HERRERA_KM}\n\n${REYES_DISCUSSION}`)
  await expect(
    reyes
      .getByRole('listitem')
      .filter({ hasText: REYES_DISCUSSION })
      .getByRole('button', { name: 'Remove from final comment' }),
  ).toBeVisible()
  await expect(dialog).toContainText('the student sees it when grades are posted, whichever grade is published')
  const finalText = `Liam, a good report overall.\n\n${HERRERA_KM}\n\n${REYES_DISCUSSION}`
  await final.fill(finalText)

  await dialog.getByRole('textbox', { name: 'Custom grade' }).fill('14.5')
  await dialog.getByRole('button', { name: 'Save and select' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(
    page.getByRole('status').filter({
      hasText:
        /Custom grade 14\.5 saved and selected for Liam O.Brien\. Final comment saved for Liam O.Brien: the student sees it when grades are posted\./,
    }),
  ).toBeVisible()
  await expect(page.getByRole('gridcell', { name: /^Final grade: 14\.5 for Liam O.Brien, selected/ })).toBeVisible()

  // What Canvas holds: the final provisional grade with the score, selected …
  const rows = (await (
    await world.api('GET', '/courses/101/assignments/501/gradeable_students?include[]=provisional_grades&per_page=100')
  ).json()) as Row[]
  const liam = rows.find((r) => r.id === 1012)!
  const selected = liam.provisional_grades.find((g) => g.provisional_grade_id === liam.selected_provisional_grade_id)
  expect(selected).toMatchObject({ final: true, score: 14.5 })
  // … and the final comment as an ordinary comment on the submission (not on any grader's grade), by the final grader.
  const held = (await (
    await world.api('GET', `/courses/101/assignments/501/submissions/1012?${BOTH}`)
  ).json()) as Submission
  expect(held.submission_comments).toEqual([expect.objectContaining({ comment: finalText, author_id: 1 })])
  // Canvas lists ordinary comments under every grade too (OR NULL); no grade holds it as its own provisional comment,
  // and no grade of the final grader's own was created for it.
  expect(held.provisional_grades!.filter((g) => !g.final && g.scorer_id === 1)).toEqual([])
  // The student sees nothing yet: neither the graders' comments nor the final comment.
  expect(await studentSees(request, world, 1012)).toEqual([])

  // Publish (every blocker settled over the API first): the grades are in the gradebook, still hidden.
  await settleEveryConflict(world)
  expect((await world.api('POST', '/courses/101/assignments/501/provisional_grades/publish')).status()).toBe(200)
  expect(await studentSees(request, world, 1012)).toEqual([])

  // Post the grades to students: the student now sees the final comment — and, with a custom grade, no grader's own.
  const token = world.user('final_grader').token
  const post = await request.post('/api/md/courses/101/assignments/501/post_grades', {
    headers: { Authorization: `Bearer ${token}` },
    data: {},
  })
  expect(post.ok(), await post.text()).toBeTruthy()
  await expect.poll(() => studentSees(request, world, 1012)).toEqual([finalText])
})

test('on an anonymous assignment the graders are “Grader 1/2”, no name leaks, and the comment can go alone', async ({
  page,
  world,
}) => {
  const rows = (await (
    await world.api(
      'GET',
      `/courses/101/assignments/502/gradeable_students?${BOTH}&allow_new_anonymous_id=true&per_page=100`,
    )
  ).json()) as Row[]
  const row = rows.find(
    (r) =>
      !r.provisional_grades.some((g) => g.final) &&
      r.provisional_grades.filter((g) => (g.submission_comments ?? []).length > 0).length >= 2,
  )!
  expect(row.id).toBeUndefined()
  const ownComments = (g: Pg) => g.submission_comments!.map((c) => c.comment)

  await page.setViewportSize({ width: 1400, height: 2200 })
  await page.goto(ESSAY)
  await expect(page.getByRole('status').filter({ hasText: /20 students loaded/ })).toBeVisible()
  await page
    .locator(`[role="row"][data-row-key="a:${row.anonymous_id}"]`)
    .getByRole('button', { name: `Custom grade for ${row.display_name}` })
    .click()
  const dialog = page.getByRole('dialog', { name: `Custom grade for ${row.display_name}` })
  const feedback = dialog.getByRole('region', { name: 'The graders’ comments' })
  await expect(feedback.getByRole('heading', { name: /^Grader [12]$/ })).toHaveCount(2)
  for (const g of row.provisional_grades)
    for (const text of ownComments(g)) await expect(feedback.getByText(text, { exact: true })).toBeVisible()
  // Canvas hides who graded and who the student is: nothing on the page names them.
  const text = (await dialog.textContent()) ?? ''
  for (const name of ['Natarajan', 'Priya', 'Herrera', 'Tomás', 'Reyes', 'Jiménez', 'Volkov'])
    expect(text, name).not.toContain(name)
  await expectNoViolations(page)

  // Only a comment, with no custom grade: the selected grade (none here) is left as it is.
  const g1 = feedback.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Grader 1' }) })
  await g1.getByRole('button', { name: 'Add to final comment' }).first().click()
  const final = dialog.getByRole('textbox', { name: 'Final comment' })
  const chosen = await final.inputValue()
  expect(chosen.length).toBeGreaterThan(0)
  await dialog.getByRole('button', { name: 'Save comment only' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(
    page.getByRole('status').filter({ hasText: `Final comment saved for ${row.display_name}: the student sees it` }),
  ).toBeVisible()
  const held = (await (
    await world.api('GET', `/courses/101/assignments/502/anonymous_submissions/${row.anonymous_id}?${BOTH}`)
  ).json()) as Submission
  expect(held.submission_comments!.map((c) => c.comment)).toEqual([chosen])
  // No grade was written: the same grades as before, none of them final.
  const ids = (pgs: Pg[]) => pgs.map((g) => g.provisional_grade_id).sort((a, b) => a - b)
  expect(ids(held.provisional_grades!)).toEqual(ids(row.provisional_grades))
})

test('a final comment whose answer is lost (a gateway’s 502) after Canvas saved it is read back, not sent twice', async ({
  page,
  world,
}) => {
  await page.goto(LAB)
  await expect(page.getByRole('status').filter({ hasText: /31 students loaded/ })).toBeVisible()
  await page.getByLabel('Search students').fill('Aisha')
  // Natarajan's grade selected: publishing would give the student her comments, the final comment whichever grade.
  await page.getByRole('gridcell', { name: /^Priya Natarajan: [\d.]+ for Aisha Mohammed/ }).click()
  await expect(page.getByRole('gridcell', { name: /^Priya Natarajan: .* for Aisha Mohammed, selected/ })).toBeVisible()
  await page.getByRole('button', { name: 'Custom grade for Aisha Mohammed' }).click()
  const dialog = page.getByRole('dialog', { name: 'Custom grade for Aisha Mohammed' })
  await dialog.getByRole('textbox', { name: 'Custom grade' }).fill('')
  await expect(dialog).toContainText(
    'Publishing also gives the student Priya Natarajan’s comments while Priya Natarajan’s grade is selected; the other graders’ comments never reach the student.',
  )
  const herrera = dialog
    .getByRole('region', { name: 'The graders’ comments' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: 'Tomás Herrera' }) })
  await herrera.getByRole('button', { name: 'Add to final comment' }).click()
  const text = await dialog.getByRole('textbox', { name: 'Final comment' }).inputValue()

  await world.fault({ route: 'submissions_update', kind: 'commit-then-502', count: 1 })
  await dialog.getByRole('button', { name: 'Save comment only' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(
    page.getByRole('status').filter({
      hasText:
        'Canvas’s answer was lost, so the submission was read back: the final comment for Aisha Mohammed is there.',
    }),
  ).toBeVisible()
  await expect(page.getByText(/<html>|Bad Gateway<\/|nginx/)).toHaveCount(0)
  expect((await world.requests()).filter((r) => r.route === 'submissions_update')).toHaveLength(1)
  const held = (await (
    await world.api('GET', `/courses/101/assignments/501/submissions/1029?${BOTH}`)
  ).json()) as Submission
  expect(held.submission_comments!.map((c) => c.comment)).toEqual([text])
  // The selection is untouched.
  await expect(page.getByRole('gridcell', { name: /^Priya Natarajan: .* for Aisha Mohammed, selected/ })).toBeVisible()
})
