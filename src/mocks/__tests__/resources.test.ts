// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { setupSimulator } from '../../testing/simulator'
import { A, NOT_FOUND_BODY, UNAUTHORIZED_BODY } from '../../testing/canvas-json'

const sim = setupSimulator()

describe('identity (§6.2)', () => {
  it('401 unauthenticated without a token, 401 invalid token for an unknown one, both with WWW-Authenticate', async () => {
    const none = await fetch(`${sim.origin}/api/v1/users/self`)
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="canvas-lms"')
    expect(await none.json()).toEqual({
      status: 'unauthenticated',
      errors: [{ message: 'user authorization required' }],
    })
    const bad = await fetch(`${sim.origin}/api/v1/users/self`, { headers: { Authorization: 'Bearer nope' } })
    expect(bad.status).toBe(401)
    expect(bad.headers.get('www-authenticate')).toBe('Bearer realm="canvas-lms"')
    expect(await bad.json()).toEqual({ errors: [{ message: 'Invalid access token.' }] })
  })

  it('users/self answers for each token; tokens are unique across worlds and select the world', async () => {
    const a = sim.createWorld()
    const b = sim.createWorld({ seed: 7 })
    expect(a.token('final_grader')).not.toBe(b.token('final_grader'))
    expect(await a.json('final_grader', '/api/v1/users/self')).toMatchObject({
      id: 1,
      name: 'Dr. Maya Chen',
      sortable_name: 'Chen, Dr. Maya',
      login_id: 'mchen@northfield.edu',
    })
    // A write in world a is invisible in world b.
    await a.json('teacher', `${A(501)}/submissions/1024`, {
      method: 'PUT',
      json: { submission: { posted_grade: '10', provisional: true } },
    })
    const inA = await a.json<Array<{ user_id: number; provisional_grades: unknown[] }>>(
      'final_grader',
      `${A(501)}/submissions?include[]=provisional_grades&per_page=100`,
    )
    const inB = await b.json<Array<{ user_id: number; provisional_grades: unknown[] }>>(
      'final_grader',
      `${A(501)}/submissions?include[]=provisional_grades&per_page=100`,
    )
    expect(inA.find((s) => s.user_id === 1024)!.provisional_grades).toHaveLength(1)
    expect(inB.find((s) => s.user_id === 1024)!.provisional_grades).toHaveLength(0)
  })

  it('is deterministic: the same scenario and seed give the same data', async () => {
    const a = sim.createWorld()
    const b = sim.createWorld()
    const path = `${A(502)}/gradeable_students?include[]=provisional_grades&allow_new_anonymous_id=true&per_page=100`
    expect(await a.json('final_grader', path)).toEqual(await b.json('final_grader', path))
    const c = sim.createWorld({ seed: 99 })
    expect(await c.json('final_grader', path)).not.toEqual(await a.json('final_grader', path))
  })
})

describe('courses, users, permissions, accounts', () => {
  it('GET /courses lists the caller’s courses with their enrollments and honours enrollment_type', async () => {
    const w = sim.createWorld()
    const chen = await w.json<
      Array<{
        id: number
        name: string
        course_code: string
        enrollments: Array<{ type: string; role: string; enrollment_state: string; user_id: number }>
      }>
    >('final_grader', '/api/v1/courses?include[]=term&enrollment_type=teacher')
    expect(chen).toHaveLength(1)
    expect(chen[0]).toMatchObject({
      id: 101,
      name: 'BIO 201: Cell Biology',
      course_code: 'BIO 201',
      workflow_state: 'available',
      account_id: 1,
    })
    expect(chen[0]!.enrollments).toEqual([
      expect.objectContaining({ type: 'teacher', role: 'TeacherEnrollment', enrollment_state: 'active', user_id: 1 }),
    ])
    expect(await w.json('final_grader', '/api/v1/courses?enrollment_type=ta')).toEqual([])
    expect(await w.json<unknown[]>('ta', '/api/v1/courses?enrollment_type=ta')).toHaveLength(1)
    expect(await w.json('admin', '/api/v1/courses')).toEqual([])
  })

  it('GET /courses/:id: readable by members and the admin; 404 for unknown', async () => {
    const w = sim.createWorld()
    expect(await w.json('admin', '/api/v1/courses/101')).toMatchObject({ id: 101, enrollments: [] })
    expect(await w.json('ta', '/api/v1/courses/101')).toMatchObject({
      enrollments: [expect.objectContaining({ type: 'ta' })],
    })
    const missing = await w.fetch('final_grader', '/api/v1/courses/999')
    expect([missing.status, await missing.json()]).toEqual([404, NOT_FOUND_BODY])
    // The inactive student cannot read the course.
    expect((await w.fetch(1031, '/api/v1/courses/101')).status).toBe(401)
  })

  it('GET /courses/:id/users with enrollment_type[] teacher+ta and include[]=enrollments', async () => {
    const w = sim.createWorld()
    const users = await w.json<Array<{ id: number; name: string; enrollments: Array<{ type: string }> }>>(
      'final_grader',
      '/api/v1/courses/101/users?enrollment_type[]=teacher&enrollment_type[]=ta&include[]=enrollments',
    )
    expect(users.map((u) => u.id).sort((a, b) => a - b)).toEqual([1, 2, 3, 4])
    expect(users.find((u) => u.id === 3)!.enrollments).toEqual([
      expect.objectContaining({
        type: 'TaEnrollment',
        role: 'TaEnrollment',
        enrollment_state: 'active',
        course_id: 101,
      }),
    ])
    const plain = await w.json<Array<Record<string, unknown>>>(
      'final_grader',
      '/api/v1/courses/101/users?enrollment_type[]=student&per_page=100',
    )
    expect(plain).toHaveLength(30)
    expect(plain[0]).not.toHaveProperty('enrollments')
  })

  it('GET /courses/:id/permissions reflects role defaults (select_final_grade for teachers, TAs, admins)', async () => {
    const w = sim.createWorld()
    const q =
      '/api/v1/courses/101/permissions?permissions[]=select_final_grade&permissions[]=manage_grades&permissions[]=view_all_grades'
    expect(await w.json('final_grader', q)).toEqual({
      select_final_grade: true,
      manage_grades: true,
      view_all_grades: true,
    })
    expect(await w.json('ta', q)).toEqual({ select_final_grade: true, manage_grades: true, view_all_grades: true })
    expect(await w.json('admin', q)).toEqual({ select_final_grade: true, manage_grades: true, view_all_grades: true })
    expect(await w.json(1001, q)).toEqual({ select_final_grade: false, manage_grades: false, view_all_grades: false })
  })

  it('GET /accounts and /accounts/:id/courses let the admin find courses; others are refused', async () => {
    const w = sim.createWorld()
    expect(await w.json('admin', '/api/v1/accounts')).toEqual([
      expect.objectContaining({ id: 1, name: 'Northfield University', parent_account_id: null }),
    ])
    expect(await w.json('final_grader', '/api/v1/accounts')).toEqual([])
    expect(await w.json('admin', '/api/v1/accounts/1/courses')).toEqual([
      expect.objectContaining({ id: 101, course_code: 'BIO 201' }),
    ])
    expect(await w.json('admin', '/api/v1/accounts/1/courses?search_term=chemistry')).toEqual([])
    const refused = await w.fetch('final_grader', '/api/v1/accounts/1/courses')
    expect([refused.status, await refused.json()]).toEqual([401, UNAUTHORIZED_BODY])
    expect((await w.fetch('admin', '/api/v1/accounts/9/courses')).status).toBe(404)
  })
})

describe('assignments (§4)', () => {
  it('lists and shows assignments with every moderation field; grades_published never outside assignment_groups', async () => {
    const w = sim.createWorld()
    const list = await w.json<Array<Record<string, unknown>>>('final_grader', '/api/v1/courses/101/assignments')
    expect(list.map((a) => a.id)).toEqual([503, 501, 502, 504])
    const lab3 = await w.json<Record<string, unknown>>('final_grader', A(501))
    expect(lab3).toMatchObject({
      id: 501,
      course_id: 101,
      name: 'Lab Report 3: Enzyme Kinetics',
      points_possible: 20,
      grading_type: 'points',
      moderated_grading: true,
      grader_count: 3,
      final_grader_id: 1,
      grader_comments_visible_to_graders: true,
      graders_anonymous_to_graders: false,
      grader_names_visible_to_final_grader: true,
      anonymous_grading: false,
      anonymize_students: false,
      muted: true,
      post_manually: true,
      published: true,
    })
    expect(lab3).not.toHaveProperty('grades_published')
    expect(await w.json('final_grader', A(502))).toMatchObject({
      anonymous_grading: true,
      anonymize_students: true,
      graders_anonymous_to_graders: true,
      grader_names_visible_to_final_grader: false,
    })
    expect(await w.json('final_grader', A(504))).toMatchObject({
      moderated_grading: false,
      grader_count: 0,
      final_grader_id: null,
      grader_names_visible_to_final_grader: true,
      graders_anonymous_to_graders: false,
    })
    expect((await w.fetch('final_grader', A(999))).status).toBe(404)
    expect((await w.fetch('final_grader', '/api/v1/courses/999/assignments')).status).toBe(404)
  })

  it('assignment_groups: grades_published only with include[]=grades_published (non-moderated report true)', async () => {
    const w = sim.createWorld()
    type G = { id: number; name: string; assignments?: Array<{ id: number; grades_published?: boolean }> }
    const plain = await w.json<G[]>('final_grader', '/api/v1/courses/101/assignment_groups')
    expect(plain.map((g) => g.name)).toEqual(['Labs', 'Essays', 'Quizzes'])
    expect(plain[0]).not.toHaveProperty('assignments')
    const withAssignments = await w.json<G[]>(
      'final_grader',
      '/api/v1/courses/101/assignment_groups?include[]=assignments',
    )
    expect(withAssignments[0]!.assignments![0]).not.toHaveProperty('grades_published')
    const full = await w.json<G[]>(
      'final_grader',
      '/api/v1/courses/101/assignment_groups?include[]=assignments&include[]=grades_published',
    )
    const published = Object.fromEntries(full.flatMap((g) => g.assignments!).map((a) => [a.id, a.grades_published]))
    expect(published).toEqual({ 501: false, 502: false, 503: true, 504: true })
  })
})
