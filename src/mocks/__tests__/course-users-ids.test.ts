// @vitest-environment node
// Issue #13: SIS and login ids in GET /courses/:id/users, to those Canvas shows them to (lib/api/v1/user.rb
// `user_json`; role defaults in config/initializers/permissions_registry.rb: read_sis for teachers and admins,
// view_user_logins for teachers, TAs and admins).
import { describe, expect, it } from 'vitest'
import { enroll } from '../sim/courses'
import { REALISTIC } from '../sim/scenarios/realistic'
import { createUser } from '../sim/users'
import { setupSimulator, type SimWorldHandle } from '../../testing/simulator'

const sim = setupSimulator()

type Row = { id: number; name: string; sis_user_id?: string | null; integration_id?: string | null; login_id?: string }

const students = (w: SimWorldHandle, who: Parameters<SimWorldHandle['json']>[0]) =>
  w.json<Row[]>(who, '/api/v1/courses/101/users?enrollment_type[]=student&include[]=enrollments&per_page=100')
const of = (rows: Row[], id: number) => rows.find((r) => r.id === id)!

describe('GET /courses/:id/users: sis_user_id and login_id', () => {
  it('a teacher gets both, for every student', async () => {
    const w = sim.createWorld()
    const rows = await students(w, 'teacher')
    expect(of(rows, 1001)).toMatchObject({
      sis_user_id: 'S0001001',
      integration_id: null,
      login_id: 's1001@students.northfield.edu',
    })
    expect(rows.every((r) => typeof r.sis_user_id === 'string' && typeof r.login_id === 'string')).toBe(true)
    expect(new Set(rows.map((r) => r.sis_user_id)).size).toBe(rows.length)
  })

  it('an account admin gets both', async () => {
    const rows = await students(sim.createWorld(), 'admin')
    expect(of(rows, 1002)).toMatchObject({ sis_user_id: 'S0001002', login_id: 's1002@students.northfield.edu' })
  })

  it('a TA gets login ids but no SIS ids (read_sis is not a TA default): the key is absent', async () => {
    const rows = await students(sim.createWorld(), 'ta')
    expect(of(rows, 1001).login_id).toBe('s1001@students.northfield.edu')
    expect(rows.some((r) => 'sis_user_id' in r || 'integration_id' in r)).toBe(false)
  })

  it('a student gets neither', async () => {
    const rows = await students(sim.createWorld(), 1001)
    expect(rows.length).toBeGreaterThan(1)
    expect(rows.some((r) => 'sis_user_id' in r || 'login_id' in r)).toBe(false)
  })

  it('a concluded teacher still gets both (both rights apply to concluded enrolments)', async () => {
    const w = sim.createWorld()
    for (const e of w.world.enrollmentsByUser.get(2) ?? []) e.state = 'concluded'
    const rows = await students(w, 'teacher')
    expect(of(rows, 1001)).toMatchObject({ sis_user_id: 'S0001001', login_id: 's1001@students.northfield.edu' })
  })

  it('the test student has a login but no SIS id (null, not absent)', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    const rows = await w.json<Row[]>(
      'final_grader',
      '/api/v1/courses/101/users?enrollment_type[]=student_view&include[]=enrollments&include[]=test_student',
    )
    const row = of(rows, REALISTIC.testStudent)
    expect(row).toHaveProperty('sis_user_id', null)
    expect(typeof row.login_id).toBe('string')
  })
})

describe('GET /courses/:id/users read again after someone enrols', () => {
  it('lists the newcomer in sortable-name order, as a fresh sort would', async () => {
    const w = sim.createWorld()
    const before = await students(w, 'teacher')
    const newcomer = createUser(w.world, { name: 'Aaron Aardvark' })
    enroll(w.world, w.world.courses.get(101)!, newcomer, 'student')
    const after = await students(w, 'teacher')
    expect(after).toHaveLength(before.length + 1)
    const sortable = (id: number) => w.world.users.get(id)!.sortable_name
    const ids = after.map((r) => r.id)
    expect(ids).toEqual([...ids].sort((a, b) => sortable(a).localeCompare(sortable(b)) || a - b))
    expect(ids).toContain(newcomer.id)
  })
})
