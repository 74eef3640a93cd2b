import { expect, paths, test } from './fixtures'

const LAB = paths.moderate(101, 501)

test.describe('the moderation set', () => {
  test('lists its students; a student outside it cannot be selected until added', async ({ page, world, request }) => {
    // Student 1029 joined after Canvas last computed the moderation set.
    const studentId = 1029
    const removed = await request.post(`/__sim/worlds/${world.id}/moderation-set/remove`, {
      data: { assignmentId: 501, studentId },
    })
    expect(await removed.json()).toEqual({ removed: true })
    const name = world.users.find((u) => u.id === studentId)!.name

    await page.goto(LAB)
    await expect(page.getByRole('status').filter({ hasText: /31 students loaded/ })).toBeVisible()

    // Selecting fails with Canvas's reason and is rolled back.
    await page.getByLabel('Search students').fill(name)
    const label = await page
      .getByRole('gridcell', { name: new RegExp(`^[^:]+: [\\d.]+ for ${name}(, beyond the tolerance)?$`) })
      .first()
      .getAttribute('aria-label')
    const cell = page.getByRole('gridcell', { name: label!, exact: false })
    await cell.click()
    await expect(page.getByRole('alert').filter({ hasText: /not in moderation set|moderation set/i })).toBeVisible()
    await expect(cell).toHaveAttribute('aria-selected', 'false')

    // The panel lists the set and offers the missing student.
    await page.getByText('Moderation set', { exact: true }).click()
    await expect(page.getByText(/30 students are in the moderation set/)).toBeVisible()
    const toAdd = page.getByRole('listbox', { name: 'Students to add' })
    await toAdd.selectOption({ label: name })
    // Canvas adds the student, and its answer is lost on the way back: the set is read back, the student counted.
    await world.fault({ route: 'moderated_students_create', kind: 'commit-then-502', count: 1 })
    await page.getByRole('button', { name: 'Add to moderation set' }).click()
    await expect(
      page.getByRole('status').filter({
        hasText:
          'Canvas’s answer was lost, so the moderation set was read back from Canvas. Added 1 student to the moderation set.',
      }),
    ).toBeVisible()
    await expect(page.getByText(/31 students are in the moderation set/)).toBeVisible()

    // Now Canvas accepts the selection.
    await cell.click()
    await expect(cell).toHaveAttribute('aria-selected', 'true')
    const posts = (await world.requests()).filter((r) => r.route === 'moderated_students_create')
    expect(posts).toHaveLength(1)
  })
})

test.describe('grading slot status', () => {
  test('the final grader can always add a provisional grade; a teacher without a slot cannot', async ({
    page,
    world,
  }) => {
    await page.goto(LAB)
    const slot = page.getByRole('region', { name: 'Your grading slot' })
    await slot.getByRole('button', { name: 'Check grading slot' }).click()
    await expect(slot.getByRole('status')).toHaveText(/You can still add a provisional grade/)
    const status = (await world.requests()).filter((r) => r.route === 'provisional_grades_status')
    expect(status).toHaveLength(1)
  })

  test('on the anonymous assignment it asks Canvas by anonymous id', async ({ page, world }) => {
    await page.goto(paths.moderate(101, 502))
    const slot = page.getByRole('region', { name: 'Your grading slot' })
    await slot.getByRole('button', { name: 'Check grading slot' }).click()
    await expect(slot.getByRole('status')).toHaveText(/provisional grade/)
    const reqs = (await world.requests()).filter((r) => r.route.includes('status'))
    expect(reqs.map((r) => r.route)).toEqual(['anonymous_provisional_grades_status'])
    expect(reqs[0]!.path).toMatch(/anonymous_id=[A-Za-z0-9]{5}/)
  })
})
