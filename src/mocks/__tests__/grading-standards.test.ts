// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { createGradingStandard } from '../sim/grading-standards'
import { setupSimulator } from '../../testing/simulator'
import { A, NOT_FOUND_BODY, UNAUTHORIZED_BODY } from '../../testing/canvas-json'

const sim = setupSimulator()
const LIST = '/api/v1/courses/101/grading_standards'

const degree = {
  id: 1,
  title: 'Degree classification',
  context_type: 'Course',
  context_id: 101,
  scaling_factor: 1,
  points_based: false,
  grading_scheme: [
    { name: 'First', value: 0.7, calculated_value: 70 },
    { name: '2:1', value: 0.6, calculated_value: 60 },
    { name: '2:2', value: 0.5, calculated_value: 50 },
    { name: 'Third', value: 0.4, calculated_value: 40 },
    { name: 'Fail', value: 0, calculated_value: 0 },
  ],
}

describe('grading standards (GradingStandardsApiController)', () => {
  it('lists the course’s own schemes with Canvas’s shape; the account’s scheme is not in the course list', async () => {
    const w = sim.createWorld()
    const res = await w.fetch('final_grader', LIST)
    expect(res.status).toBe(200)
    // context_index renders the whole list (no Api.paginate): no Link header.
    expect(res.headers.get('link')).toBeNull()
    expect(await res.json()).toEqual([degree])
    expect(await w.json('final_grader', `${LIST}/1`)).toEqual(degree)
  })

  it('course and assignment JSON carry grading_standard_id (501 and the course: Degree classification; others null)', async () => {
    const w = sim.createWorld()
    expect(await w.json('final_grader', '/api/v1/courses/101')).toMatchObject({ grading_standard_id: 1 })
    expect(await w.json('final_grader', A(501))).toMatchObject({ grading_standard_id: 1 })
    expect(await w.json('final_grader', A(502))).toMatchObject({ grading_standard_id: null })
    const groups = await w.json<Array<{ assignments: Array<{ id: number; grading_standard_id: number | null }> }>>(
      'final_grader',
      '/api/v1/courses/101/assignment_groups?include[]=assignments',
    )
    expect(groups.flatMap((g) => g.assignments).find((a) => a.id === 501)?.grading_standard_id).toBe(1)
  })

  it('the large scenario has no scheme: empty list, null ids', async () => {
    const w = sim.createWorld({ scenario: 'large', students: 5 })
    expect(await w.json('final_grader', LIST)).toEqual([])
    expect(await w.json('final_grader', '/api/v1/courses/101')).toMatchObject({ grading_standard_id: null })
    expect(await w.json('final_grader', A(501))).toMatchObject({ grading_standard_id: null })
  })

  it('permission is the course’s :read: teachers, TAs, admins and students read; an inactive student does not', async () => {
    const w = sim.createWorld()
    for (const who of ['final_grader', 'teacher', 'ta', 'admin'] as const)
      expect((await w.fetch(who, LIST)).status, who).toBe(200)
    expect((await w.fetch(1001, LIST)).status).toBe(200)
    expect((await w.fetch(1001, `${LIST}/1`)).status).toBe(200)
    const inactive = await w.fetch(1031, LIST)
    expect(inactive.status).toBe(401)
    expect(await inactive.json()).toEqual(UNAUTHORIZED_BODY)
    expect((await w.fetch(1031, `${LIST}/1`)).status).toBe(401)
  })

  it('404s: unknown course (before permissions), an account scheme or unknown id through the course, non-numeric id', async () => {
    const w = sim.createWorld()
    for (const path of ['/api/v1/courses/999/grading_standards', `${LIST}/2`, `${LIST}/77`, `${LIST}/abc`]) {
      const res = await w.fetch('final_grader', path)
      expect(res.status, path).toBe(404)
      expect(await res.json()).toEqual(NOT_FOUND_BODY)
    }
    // Unknown course → 404 even for someone who could read nothing.
    expect((await w.fetch(1031, '/api/v1/courses/999/grading_standards')).status).toBe(404)
    // Order: the caller's rights are checked before the scheme is looked up.
    expect((await w.fetch(1031, `${LIST}/77`)).status).toBe(401)
  })

  it('points-based schemes: value stays a fraction, calculated_value in points, scaling_factor is the maximum', async () => {
    const w = sim.createWorld()
    createGradingStandard(w.world, {
      context_type: 'Course',
      context_id: 101,
      title: 'Four-point',
      points_based: true,
      scaling_factor: 4,
      data: [
        ['Exceeds', 0.8375],
        ['Meets', 0.625],
        ['Approaching', 0.375],
        ['Beginning', 0],
      ],
    })
    const list = await w.json<
      Array<{ id: number; title: string; points_based: boolean; scaling_factor: number; grading_scheme: unknown[] }>
    >('final_grader', LIST)
    expect(list.map((g) => g.title)).toEqual(['Degree classification', 'Four-point'])
    expect(list[1]).toMatchObject({
      id: 3,
      points_based: true,
      scaling_factor: 4,
      grading_scheme: [
        { name: 'Exceeds', value: 0.8375, calculated_value: 3.35 },
        { name: 'Meets', value: 0.625, calculated_value: 2.5 },
        { name: 'Approaching', value: 0.375, calculated_value: 1.5 },
        { name: 'Beginning', value: 0, calculated_value: 0 },
      ],
    })
  })

  it('logs the routes as grading_standards / grading_standard and takes faults by those names', async () => {
    const w = sim.createWorld()
    await fetch(`${sim.origin}/__sim/worlds/${w.id}/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ route: 'grading_standard', status: 503 }),
    })
    expect((await w.fetch('final_grader', `${LIST}/1`)).status).toBe(503)
    expect((await w.fetch('final_grader', `${LIST}/1`)).status).toBe(200)
    await w.fetch('final_grader', LIST)
    const log = (await (await fetch(`${sim.origin}/__sim/worlds/${w.id}/requests`)).json()) as Array<{
      route: string
      status: number
    }>
    expect(log.map((r) => [r.route, r.status])).toEqual([
      ['grading_standard', 503],
      ['grading_standard', 200],
      ['grading_standards', 200],
    ])
  })
})
