// Sections, students' enrolments and the caller's section limit, read from the simulator's `realistic` course.
import { http, HttpResponse } from 'msw'
import { afterEach, describe, expect, it } from 'vitest'
import { createSection } from '../../mocks/sim/courses'
import { REALISTIC } from '../../mocks/sim/scenarios/realistic'
import { setupSimulator } from '../../testing/simulator'
import { getOwnSectionLimit, listStudentEnrollments, type CourseStudent } from '../enrollments'
import { listSections } from '../sections'
import { resetThrottle } from '../throttle'
import { signInAs, signOut } from './sim-session'

const sim = setupSimulator()
afterEach(() => {
  resetThrottle()
  signOut()
})

const { sections: S, sectionTa: TA } = REALISTIC
const LAB_B = Array.from({ length: 12 }, (_, i) => 1002 + 3 * i)
const course = { courseId: 101 }
const byId = (students: CourseStudent[]) => new Map(students.map((s) => [s.userId, s]))

describe('listSections', () => {
  it('lists the course’s sections by name, as { id, name }', async () => {
    signInAs(sim.createWorld({ scenario: 'realistic' }), 1)
    expect(await listSections(course)).toEqual({
      items: [
        { id: S.labA, name: 'BIO 201 Lab A (Mon)' },
        { id: S.labB, name: 'BIO 201 Lab B (Wed)' },
        { id: S.labC, name: 'BIO 201 Lab C (Fri)' },
        { id: S.default, name: 'BIO 201: Cell Biology' },
      ],
      skipped: [],
    })
  })

  it('gives a section-limited TA every section; their own limit says which one they see', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    signInAs(w, TA)
    expect((await listSections(course)).items.map((s) => s.id)).toEqual([S.labA, S.labB, S.labC, S.default])
    expect(await getOwnSectionLimit({ ...course, userId: TA })).toEqual({ limited: true, sectionIds: [S.labB] })
    signInAs(w, 1)
    expect(await getOwnSectionLimit({ ...course, userId: 1 })).toEqual({ limited: false, sectionIds: [S.default] })
    // The account admin has no enrolment in the course: not limited.
    signInAs(w, 5)
    expect(await getOwnSectionLimit({ ...course, userId: 5 })).toEqual({ limited: false, sectionIds: [] })
  })

  it('reads every page of a long list', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    for (let i = 0; i < 230; i++) createSection(w.world, { id: 5000 + i, course_id: 101, name: `Tutorial ${1000 + i}` })
    signInAs(w, 1)
    const { items } = await listSections(course)
    expect(items).toHaveLength(234)
    expect(items.at(-1)).toEqual({ id: 5229, name: 'Tutorial 1229' })
    expect(w.world.requestLog.filter((e) => e.route === 'course_sections')).toHaveLength(3)
  })
})

describe('listStudentEnrollments', () => {
  it('has every student in every state, their sections, and the test student marked; no staff', async () => {
    signInAs(sim.createWorld({ scenario: 'realistic' }), 1)
    const list = await listStudentEnrollments(course)
    expect(list.skipped).toEqual([])
    const of = byId(list.items)
    expect(list.items).toHaveLength(40)
    expect([1, 2, 3, 4, 5, TA].some((id) => of.has(id))).toBe(false)
    expect(of.get(1001)).toEqual({
      userId: 1001,
      sectionIds: [S.labA],
      enrollments: [{ id: expect.any(Number), sectionId: S.labA, state: 'active', testStudent: false }],
      state: 'active',
      testStudent: false,
      // The final grader is a teacher: Canvas shows them SIS and login ids (read_sis, view_user_logins).
      sisUserId: 'S0001001',
      loginId: 's1001@students.northfield.edu',
    })
    expect(of.get(REALISTIC.twoSections)).toMatchObject({ sectionIds: [S.labA, S.labC], state: 'active' })
    expect(of.get(REALISTIC.twoSections)!.enrollments).toHaveLength(2)
    expect(of.get(REALISTIC.inactive)).toMatchObject({ state: 'inactive', sectionIds: [S.labA] })
    expect(of.get(REALISTIC.concluded)).toMatchObject({ state: 'completed', sectionIds: [S.labC] })
    expect(of.get(REALISTIC.invited)).toMatchObject({ state: 'invited', sectionIds: [S.labB] })
    expect(of.get(REALISTIC.testStudent)).toMatchObject({ testStudent: true, sectionIds: [S.default], state: 'active' })
  })

  it('gives a section-limited TA their sections’ students only', async () => {
    signInAs(sim.createWorld({ scenario: 'realistic' }), TA)
    const { items } = await listStudentEnrollments(course)
    expect(items.map((s) => s.userId).sort((x, y) => x - y)).toEqual([...LAB_B, REALISTIC.invited])
    expect(items.every((s) => s.sectionIds.includes(S.labB) && !s.testStudent)).toBe(true)
    // A TA sees login ids but not SIS ids (Canvas sends no sis_user_id without read_sis).
    expect(items.every((s) => s.sisUserId === null && s.loginId === `s${s.userId}@students.northfield.edu`)).toBe(true)
  })

  it('follows rel="next" (the endpoint never sends rel="last") through every page', async () => {
    const w = sim.createWorld({ scenario: 'large', students: 250 })
    signInAs(w, 1)
    const { items } = await listStudentEnrollments(course)
    expect(items).toHaveLength(250)
    expect(new Set(items.map((s) => s.userId)).size).toBe(250)
    const pages = w.world.requestLog.filter((e) => e.route === 'course_users')
    expect(pages.length).toBeGreaterThanOrEqual(3)
  })

  it('leaves out and counts rows it cannot read; keeps students whose state it does not know', async () => {
    signInAs(sim.createWorld({ scenario: 'realistic' }), 1)
    const enrollment = (over: Record<string, unknown>) => ({
      id: 1,
      user_id: 7001,
      type: 'StudentEnrollment',
      role: 'StudentEnrollment',
      enrollment_state: 'active',
      course_section_id: 1011,
      ...over,
    })
    sim.server.use(
      http.get('*/api/v1/courses/101/users', () =>
        HttpResponse.json([
          { id: 7001, name: 'A', enrollments: [enrollment({})] },
          { id: 7002, name: 'No enrolments' },
          { id: 7003, enrollments: [enrollment({ user_id: 7003, type: 'TaEnrollment', role: 'TaEnrollment' })] },
          { id: 7004, enrollments: [enrollment({ user_id: 7004, enrollment_state: 'archived' })] },
          // A user who is a TA and a student: only the student enrolment counts. Sections may be hidden.
          {
            id: 7005,
            enrollments: [
              enrollment({ user_id: 7005, type: 'TaEnrollment', role: 'TaEnrollment', course_section_id: 1010 }),
              enrollment({ user_id: 7005, course_section_id: undefined, enrollment_state: 'inactive' }),
            ],
          },
        ]),
      ),
    )
    const list = await listStudentEnrollments(course)
    expect(list.items.map((s) => [s.userId, s.state, s.sectionIds])).toEqual([
      [7001, 'active', [1011]],
      [7004, 'unknown', [1011]],
      [7005, 'inactive', []],
    ])
    expect(list.skipped.map((s) => [s.reason, s.id])).toEqual([
      ['unreadable', 7002],
      ['unreadable', 7003],
    ])
    expect(list.skipped[1]!.issue).toMatch(/student enrolment/)
  })
})
