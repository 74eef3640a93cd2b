// A roster page that keeps failing: the page never claims completeness and can load the students again.
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { server } from '../../mocks/node'
import { renderApp } from '../../testing/render-app'
import { setupSimulator } from '../../testing/simulator'

const sim = setupSimulator()

describe('a roster page that fails twice', () => {
  it('says how many loaded, keeps counts honest, and "Load the students again" completes it', async () => {
    const w = sim.createWorld({ scenario: 'large', students: 250, graders: 3 })
    let failing = true
    renderApp('/courses/101/assignments/501/moderate', w)
    server.use(
      http.get(
        '*/api/v1/courses/101/assignments/501/gradeable_students',
        ({ request }) =>
          failing && new URL(request.url).searchParams.get('page') === '2'
            ? HttpResponse.json({ errors: [{ message: 'An error occurred.' }] }, { status: 500 })
            : undefined, // on to the simulator's own handler
      ),
    )
    const alert = await screen.findByText(/loading stopped/, {}, { timeout: 8000 })
    expect(alert).toHaveTextContent(/Loaded 100 students of about \d+; loading stopped/)
    expect(screen.getByText(/^Showing 100 of 100 students loaded so far/)).toBeInTheDocument()
    expect(screen.getByRole('grid')).toHaveAttribute('aria-busy', 'false')
    failing = false
    await userEvent.click(within(alert).getByRole('button', { name: 'Load the students again' }))
    await waitFor(() => expect(screen.getByText(/^Showing 250 of 250 students$/)).toBeInTheDocument(), {
      timeout: 8000,
    })
    expect(screen.queryByText(/loading stopped/)).not.toBeInTheDocument()
  })
})
