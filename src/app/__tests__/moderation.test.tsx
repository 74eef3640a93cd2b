import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { useSimulator } from '../../mocks/testing'
import { renderApp } from './render-app'

const sim = useSimulator()
const URL_501 = '/courses/101/assignments/501/moderate'

describe('moderation page', () => {
  it('loads the grid with named graders and students', async () => {
    const w = sim.createWorld()
    renderApp(URL_501, w)
    const grid = await screen.findByRole('grid', { name: /Lab Report 3: Enzyme Kinetics/ })
    expect(within(grid).getByRole('columnheader', { name: 'Final grade' })).toBeInTheDocument()
    await waitFor(() => expect(within(grid).getAllByRole('rowheader').length).toBeGreaterThan(5))
    console.log(within(grid).getAllByRole('columnheader').map((h) => h.textContent))
  })
})
