import { expect, paths, test } from './fixtures'

// The `realistic` scenario: what real Canvas instances send beyond the ideal course (src/mocks/README.md).
test.use({ scenario: { scenario: 'realistic' } })

test.describe('a real Canvas instance', () => {
  test('the home page lists the courses despite a date-restricted stub, and says one is not shown', async ({
    page,
  }) => {
    await page.goto(paths.home)
    await expect(page.getByRole('link', { name: 'Lab Report 3' })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Poster Presentation' })).toBeVisible()
    await expect(page.getByRole('note').filter({ hasText: 'Canvas restricts access to it by date' })).toHaveText(
      /1 course is not shown: Canvas restricts access to it by date\./,
    )
    await expect(page.getByText(/unexpected data/i)).toHaveCount(0)
  })

  test('an old moderated assignment (null moderation fields, older anonymous rows) opens without an error', async ({
    page,
    world,
  }) => {
    await world.signInAs('admin')
    await page.goto(paths.moderate(101, 502))
    const grid = page.getByRole('grid')
    await expect(grid).toBeVisible()
    await expect(grid).toHaveAttribute('aria-busy', 'false')
    // Canvas's older AnonymousUserDisplay has no display_name: the label is made from the anonymous id, never a name.
    await expect(grid.getByRole('rowheader').first()).toHaveText(/^Student [A-Za-z0-9]+/)
    await expect(page.getByText(/unexpected data/i)).toHaveCount(0)
    for (const name of ['Aisha Mohammed', 'Björn Åkesson', 'Test Student'])
      await expect(page.getByText(name)).toHaveCount(0)
  })
})
