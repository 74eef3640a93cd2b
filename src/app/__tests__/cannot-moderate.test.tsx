// Assignments marked moderated that Canvas cannot moderate (old data): explained in words, not an empty grid.
import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderApp } from '../../testing/render-app'
import { setupSimulator } from '../../testing/simulator'

const sim = setupSimulator()

describe('assignments Canvas cannot moderate', () => {
  it('a group assignment says Canvas does not moderate group assignments', async () => {
    const w = sim.createWorld()
    w.world.assignments.get(501)!.group_category_id = 77
    renderApp('/courses/101/assignments/501/moderate', w)
    expect(await screen.findByRole('heading', { name: 'Nothing to moderate here' }, { timeout: 5000 })).toBeVisible()
    expect(screen.getByText(/This is a group assignment\. Canvas does not moderate group assignments/)).toBeVisible()
    expect(screen.queryByRole('grid')).not.toBeInTheDocument()
  })

  it('a not-graded assignment says there is nothing to select or publish', async () => {
    const w = sim.createWorld()
    w.world.assignments.get(501)!.grading_type = 'not_graded'
    renderApp('/courses/101/assignments/501/moderate', w)
    expect(await screen.findByText(/set to “Not graded”/, {}, { timeout: 5000 })).toBeVisible()
    expect(screen.queryByRole('grid')).not.toBeInTheDocument()
  })
})
