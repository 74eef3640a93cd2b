// Runs in Vitest's default jsdom environment, like the app's component tests.
import { describe, expect, it } from 'vitest'
import { setupSimulator } from '../../testing/simulator'

const sim = setupSimulator()

describe('in jsdom', () => {
  it('answers relative /api/v1 requests and builds Link URLs from jsdom’s origin', async () => {
    const w = sim.createWorld()
    expect(location.origin).toBe('http://localhost:3000')
    const res = await fetch('/api/v1/courses/101/assignments/501/gradeable_students?per_page=2', {
      headers: { Authorization: `Bearer ${w.token('final_grader')}` },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('link')).toContain(
      '<http://localhost:3000/api/v1/courses/101/assignments/501/gradeable_students?page=2&per_page=2>; rel="next"',
    )
  })
})
