// The home page's line for each moderated assignment: its state and the caller's part in it (realistic course).
import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderApp } from '../../testing/render-app'
import { setupSimulator } from '../../testing/simulator'

const sim = setupSimulator()

async function itemFor(name: string) {
  const link = await screen.findByRole('link', { name }, { timeout: 8000 })
  return within(link.closest('li')!)
}

describe('home page', () => {
  it('says who moderates: the caller, another final grader, or (none set) an administrator', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    renderApp('/', w)
    const lab3 = await itemFor('Lab Report 3: Enzyme Kinetics')
    expect(lab3.getByText('You are the final grader')).toBeInTheDocument()
    expect(await lab3.findByText(/^Needs selections/, {}, { timeout: 8000 })).toBeInTheDocument()
    // 507's final grader is the TA Jordan Blake: Canvas refuses Chen its moderation data.
    const practical = await itemFor('Lab Practical: Micropipetting')
    expect(practical.getByText('You are not the final grader')).toBeInTheDocument()
    expect(await practical.findByText('Awaiting the final grader', {}, { timeout: 8000 })).toBeInTheDocument()
    // 502 is from 2018: no final grader, so only an administrator moderates it.
    const notebook = await itemFor('Field Notebook Review')
    expect(notebook.getByText('No final grader is set')).toBeInTheDocument()
    const pill = await notebook.findByText('Awaiting an administrator', {}, { timeout: 8000 })
    expect(pill).toHaveAttribute('title', expect.stringMatching(/an administrator moderates this assignment/))
  })
})
