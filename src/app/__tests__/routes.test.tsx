// The route table itself: loading states, error pages and what resets them (the real routes against the simulator).
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { http, HttpResponse } from 'msw'
import { describe, expect, it } from 'vitest'
import { renderApp } from '../../testing/render-app'
import { setupSimulator } from '../../testing/simulator'

const sim = setupSimulator()
const URL_501 = '/courses/101/assignments/501/moderate'
// Generous: the first test of a file also loads the lazy route modules, slow on a busy 2-core machine.
const SLOW = { timeout: 5000 }

/**
 * GET /api/v1/courses/101/assignments/501 refused by Canvas while `refuse.on`, once `refuse.held` has settled; the
 * simulator answers otherwise.
 */
function refuseAssignment501() {
  const refuse = { on: true, count: 0, held: Promise.resolve() }
  const handler = http.get('*/api/v1/courses/101/assignments/501', async () => {
    if (!refuse.on) return undefined
    refuse.count++
    await refuse.held
    return HttpResponse.json(
      { status: 'unauthorized', errors: [{ message: 'user not authorized to perform that action' }] },
      { status: 403 },
    )
  })
  return { refuse, handlers: [handler] }
}

describe('routes', () => {
  it('says "Loading…" until the first screen and the assignment it waits for are there', async () => {
    const w = sim.createWorld()
    renderApp(URL_501, w)
    expect(screen.getByRole('status')).toHaveTextContent('Loading…')
    expect(await screen.findByRole('heading', { level: 1, name: 'Lab Report 3: Enzyme Kinetics' }, SLOW)).toBeVisible()
    expect(screen.queryByText('Loading…')).not.toBeInTheDocument()
    expect(screen.getByRole('main')).not.toHaveAttribute('aria-busy')
    await waitFor(() => expect(document.title).toBe('Lab Report 3: Enzyme Kinetics — Moderation Desk'))
    const crumbs = screen.getByRole('navigation', { name: 'Breadcrumb' })
    expect(within(crumbs).getByRole('link', { name: 'Courses' })).toHaveAttribute('href', '/')
  })

  it('moving to another screen says "Loading…" in the page (main busy) until it can show', async () => {
    const w = sim.createWorld()
    const { refuse, handlers } = refuseAssignment501()
    renderApp('/', w, 1, handlers)
    const link = await screen.findByRole('link', { name: /Lab Report 3/ }, SLOW)
    // The refusal is held until the loading state has been seen.
    let release = () => {}
    refuse.held = new Promise<void>((resolve) => (release = resolve))
    await userEvent.click(link)
    const status = await screen.findByRole('status')
    expect(status).toHaveTextContent('Loading…')
    expect(screen.getByRole('main')).toHaveAttribute('aria-busy', 'true')
    expect(screen.getByRole('main')).toContainElement(status)
    expect(screen.getByRole('banner')).toBeVisible() // the layout stays
    release()
    expect(await screen.findByRole('heading', { level: 1, name: 'This page could not be loaded' }, SLOW)).toBeVisible()
    expect(screen.getByRole('main')).not.toHaveAttribute('aria-busy')
  })

  it('an id that is not a Canvas id is "Not found", without asking Canvas', async () => {
    const w = sim.createWorld()
    const { refuse, handlers } = refuseAssignment501()
    renderApp('/courses/101/assignments/5x1/moderate', w, 1, handlers)
    expect(await screen.findByRole('heading', { level: 1, name: 'Not found' }, SLOW)).toBeVisible()
    expect(screen.getByRole('alert')).toHaveTextContent('Canvas has no such course or assignment')
    expect(refuse.count).toBe(0)
  })

  it('an assignment Canvas does not have is "Not found", with the request', async () => {
    const w = sim.createWorld()
    renderApp('/courses/101/assignments/999999/moderate/report', w)
    expect(await screen.findByRole('heading', { level: 1, name: 'Not found' }, SLOW)).toBeVisible()
    expect(screen.getByText(/^Request: .*\/api\/v1\/courses\/101\/assignments\/999999$/)).toBeVisible()
  })

  it('any other failure of the first data is "could not be loaded"; the next navigation tries again', async () => {
    const w = sim.createWorld()
    const { refuse, handlers } = refuseAssignment501()
    renderApp(URL_501, w, 1, handlers)
    expect(await screen.findByRole('heading', { level: 1, name: 'This page could not be loaded' }, SLOW)).toBeVisible()
    expect(screen.getByRole('alert')).toHaveTextContent(
      'You are not allowed to do this in Canvas (user not authorized to perform that action).',
    )
    expect(screen.getByText(/^Request: .*\/api\/v1\/courses\/101\/assignments\/501$/)).toBeVisible()
    expect(refuse.count).toBe(1) // a 4xx is not retried

    refuse.on = false
    await userEvent.click(screen.getByRole('link', { name: 'Back to your courses' }))
    expect(await screen.findByRole('heading', { level: 1, name: 'Moderated assignments' }, SLOW)).toBeVisible()
    await userEvent.click(await screen.findByRole('link', { name: /Lab Report 3/ }, SLOW))
    expect(await screen.findByRole('heading', { level: 1, name: 'Lab Report 3: Enzyme Kinetics' }, SLOW)).toBeVisible()
  })

  it('any other path is "Page not found"', async () => {
    const w = sim.createWorld()
    renderApp('/courses/101/nothing-here', w)
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' }, SLOW)).toBeVisible()
    await waitFor(() => expect(document.title).toBe('Page not found — Moderation Desk'))
    await userEvent.click(screen.getByRole('link', { name: 'Back to your courses' }))
    expect(await screen.findByRole('heading', { level: 1, name: 'Moderated assignments' }, SLOW)).toBeVisible()
  })
})
