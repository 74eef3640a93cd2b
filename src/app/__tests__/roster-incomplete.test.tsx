// A roster page that keeps failing: the page never claims completeness, and "Load the rest" asks for just it.
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { server } from '../../mocks/node'
import { renderApp } from '../../testing/render-app'
import { setupSimulator } from '../../testing/simulator'

const sim = setupSimulator()

/**
 * The moderation page of 250 students (3 pages), whose page 2 Canvas refuses (500) until `recover()`; `asked` is the
 * pages asked for (since `recover()`).
 */
function openWithPage2Failing() {
  const w = sim.createWorld({ scenario: 'large', students: 250, graders: 3 })
  let failing = true
  const asked: string[] = []
  renderApp('/courses/101/assignments/501/moderate', w)
  server.use(
    http.get('*/api/v1/courses/101/assignments/501/gradeable_students', ({ request }) => {
      const page = new URL(request.url).searchParams.get('page') ?? '1'
      asked.push(page)
      return failing && page === '2'
        ? HttpResponse.json({ errors: [{ message: 'An error occurred.' }] }, { status: 500 })
        : undefined // on to the simulator's own handler
    }),
  )
  return {
    asked,
    recover() {
      failing = false
      asked.length = 0
    },
  }
}

describe('a roster page that fails twice', () => {
  it('loads every other page, says how many loaded, keeps counts honest, and "Load the rest" completes it', async () => {
    const roster = openWithPage2Failing()
    const alert = await screen.findByText(/; loading stopped:/, {}, { timeout: 8000 })
    // Pages 1 and 3 (the last, 50 students) landed; only page 2 is missing.
    expect(alert).toHaveTextContent(/Loaded 150 students of about 250; loading stopped/)
    expect(screen.getByText(/^Showing 150 of 150 students loaded so far/)).toBeInTheDocument()
    expect(screen.getByRole('grid')).toHaveAttribute('aria-busy', 'false')
    roster.recover()
    await userEvent.click(within(alert).getByRole('button', { name: 'Load the rest' }))
    await waitFor(() => expect(screen.getByText(/^Showing 250 of 250 students$/)).toBeInTheDocument(), {
      timeout: 8000,
    })
    expect(screen.queryByText(/; loading stopped:/)).not.toBeInTheDocument()
    expect(roster.asked).toEqual(['2'])
  })

  it('a visit to the report after the roster stopped asks Canvas again, and the report is whole', async () => {
    const roster = openWithPage2Failing()
    await screen.findByText(/; loading stopped:/, {}, { timeout: 8000 })
    roster.recover()
    await userEvent.click(await screen.findByRole('link', { name: 'Printable report' }, { timeout: 8000 }))
    expect(await screen.findByRole('heading', { name: /^Moderation report:/ }, { timeout: 8000 })).toBeInTheDocument()
    expect(await screen.findByText('Students by class (250 in all)', {}, { timeout: 8000 })).toBeInTheDocument()
    expect(roster.asked).toContain('1')
    expect(screen.queryByText('Students could not be loaded.')).not.toBeInTheDocument()
  })
})
