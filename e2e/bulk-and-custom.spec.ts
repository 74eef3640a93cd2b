import { expect, paths, test } from './fixtures'

const LAB = paths.moderate(101, 501)

type Row = {
  display_name: string
  selected_provisional_grade_id: number | null
  provisional_grades: Array<{ provisional_grade_id: number; scorer_id?: number; final: boolean; score: number | null }>
}

test.describe('accept all grades from one grader', () => {
  test('fills only students without a selection by default; replacing others is an explicit choice', async ({
    page,
    world,
  }) => {
    const api = async () =>
      (await (
        await world.api(
          'GET',
          '/courses/101/assignments/501/gradeable_students?include[]=provisional_grades&per_page=100',
        )
      ).json()) as Row[]
    const before = await api()
    await page.goto(LAB)
    await expect(page.getByRole('status').filter({ hasText: /31 students loaded/ })).toBeVisible()
    await page.getByRole('button', { name: 'Accept all grades from Priya Natarajan' }).click()
    const dialog = page.getByRole('dialog', { name: 'Accept all grades from Priya Natarajan?' })
    await expect(dialog).toContainText(/\d+ students? without a selection will get Priya Natarajan’s grade: /)
    const n = Number((await dialog.textContent())!.match(/(\d+) students? without a selection/)![1])
    // Hand-picked selections and custom grades are listed apart, replaced only when asked.
    const replace = dialog.getByRole('checkbox', { name: /^Also replace \d+ existing selections?$/ })
    await expect(replace).not.toBeChecked()
    await expect(dialog).toContainText(/custom grades?\b.*the custom grade stays in Canvas but is no longer selected/)
    await dialog.getByRole('button', { name: new RegExp(`^Accept ${n} grades?$`) }).click()
    await expect(
      page.getByRole('status').filter({ hasText: `Accepted ${n} grades from Priya Natarajan.` }),
    ).toBeVisible()

    const after = await api()
    for (const r of after) {
      const was = before.find((b) => b.display_name === r.display_name)!
      const hers = r.provisional_grades.find((g) => g.scorer_id === 3 && !g.final && g.score !== null)
      if (was.selected_provisional_grade_id !== null)
        expect(r.selected_provisional_grade_id, r.display_name).toBe(was.selected_provisional_grade_id)
      else if (hers) expect(r.selected_provisional_grade_id, r.display_name).toBe(hers.provisional_grade_id)
    }

    // Asked for: every student she graded gets her grade.
    await page.getByRole('button', { name: 'Accept all grades from Priya Natarajan' }).click()
    await dialog.getByRole('checkbox', { name: /^Also replace/ }).check()
    await dialog.getByRole('button', { name: /^Accept \d+ grades?$/ }).click()
    await expect(
      page.getByRole('status').filter({ hasText: /Accepted \d+ grades? from Priya Natarajan/ }),
    ).toBeVisible()
    for (const r of (await api()).filter((r) => r.provisional_grades.some((g) => g.scorer_id === 3 && !g.final))) {
      const chosen = r.provisional_grades.find((g) => g.provisional_grade_id === r.selected_provisional_grade_id)
      expect(chosen?.scorer_id, r.display_name).toBe(3)
    }
    await expect(page.getByRole('gridcell', { name: /^Priya Natarajan: .*, selected/ }).first()).toBeVisible()

    // Each accept took a snapshot first; restoring the newest puts back every selection the replace overwrote.
    const snapshots = page.getByRole('button', {
      name: /^Restore the snapshot taken .*, before accepting grades from Priya Natarajan$/,
    })
    await expect(snapshots).toHaveCount(2)
    await snapshots.first().click()
    await expect(
      page.getByRole('status').filter({ hasText: /^Restored \d+ selections? from the snapshot\./ }),
    ).toBeVisible()
    const restored = await api()
    for (const r of restored) {
      const was = after.find((b) => b.display_name === r.display_name)!
      expect(r.selected_provisional_grade_id, r.display_name).toBe(was.selected_provisional_grade_id)
    }
  })

  test.describe('in a large course', () => {
    test.use({ scenario: { scenario: 'large', students: 600, graders: 3 } })

    test('a partial failure names the students not updated and retries just those', async ({ page, world }) => {
      await page.goto(LAB)
      await expect(page.getByRole('status').filter({ hasText: /600 students loaded/ })).toBeVisible({ timeout: 15_000 })
      const accept = page.getByRole('button', { name: /^Accept all grades from / }).first()
      const grader = (await accept.textContent())!.replace('Accept all grades from ', '')
      await accept.click()
      const dialog = page.getByRole('dialog')
      // Every student the grader graded, those with a selection too.
      await dialog.getByRole('checkbox', { name: /^Also replace/ }).check()
      // One chunk fails once.
      await world.fault({ route: 'bulk_select', status: 500, count: 1 })
      await dialog.getByRole('button', { name: /^Accept \d+ grades$/ }).click()
      const alert = page.getByRole('alert').filter({ hasText: /not updated/ })
      await expect(alert).toBeVisible({ timeout: 15_000 })
      await expect(alert).toContainText(/Student|[A-Z][a-z]+ [A-Z]/)
      const retry = page.getByRole('button', { name: /^Retry/ })
      await retry.click()
      await expect(page.getByRole('alert').filter({ hasText: /not updated/ })).toHaveCount(0, { timeout: 15_000 })
      const bulk = (await world.requests()).filter((r) => r.route === 'bulk_select')
      expect(bulk.length).toBeGreaterThan(2) // chunked
      expect(bulk.filter((r) => r.status >= 500)).toHaveLength(1)
      // Every one of the grader's grades is now selected in Canvas.
      const all: Row[] = []
      for (let p = 1; p <= 6; p++) {
        all.push(
          ...((await (
            await world.api(
              'GET',
              `/courses/101/assignments/501/gradeable_students?include[]=provisional_grades&per_page=100&page=${p}`,
            )
          ).json()) as Row[]),
        )
      }
      expect(all).toHaveLength(600)
      const graderId = world.users.find((u) => u.name === grader)!.id
      const wrong = all.filter(
        (r) =>
          r.provisional_grades.find((g) => g.provisional_grade_id === r.selected_provisional_grade_id)?.scorer_id !==
          graderId,
      )
      expect(wrong.map((r) => r.display_name)).toEqual([])
    })
  })
})

test.describe('custom grade', () => {
  test('the final grader gives a custom grade; it is created in Canvas and selected', async ({ page, world }) => {
    await page.goto(LAB)
    const row = page.getByRole('row', { name: /Aisha Mohammed/ })
    await row.getByRole('button', { name: 'Custom grade for Aisha Mohammed' }).click()
    const dialog = page.getByRole('dialog', { name: 'Custom grade for Aisha Mohammed' })
    const input = dialog.getByRole('textbox', { name: 'Custom grade' })
    await input.fill('abc')
    await dialog.getByRole('button', { name: 'Save and select' }).click()
    await expect(dialog.getByRole('alert')).toBeVisible()
    await input.fill('13.5')
    await dialog.getByRole('button', { name: 'Save and select' }).click()
    await expect(dialog).toHaveCount(0)
    const finalCell = row.getByRole('gridcell', { name: /Final grade: 13\.5 for Aisha Mohammed, selected/ })
    await expect(finalCell).toHaveAttribute('aria-selected', 'true')

    const rows = (await (
      await world.api(
        'GET',
        '/courses/101/assignments/501/gradeable_students?include[]=provisional_grades&per_page=100',
      )
    ).json()) as Row[]
    const aisha = rows.find((r) => r.display_name === 'Aisha Mohammed')!
    const chosen = aisha.provisional_grades.find((g) => g.provisional_grade_id === aisha.selected_provisional_grade_id)!
    expect(chosen).toMatchObject({ final: true, score: 13.5 })
  })
})
