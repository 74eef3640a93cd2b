/**
 * The `large` scenario: the demo staff and course 101 with one moderated assignment (501) of
 * N students × K provisional graders, every grader grading every student. Built in one pass with
 * indexed tables, so 10,000 × 3 takes well under a second.
 */
import { createAssignment } from '../assignments'
import { enroll } from '../courses'
import { createSubmission } from '../submissions'
import { createUser } from '../users'
import type { World } from '../world'
import {
  DAY,
  DUE_AT,
  FINAL_GRADER_ID,
  TA_IDS,
  TEACHER_ID,
  addStudent,
  buildStaff,
  clampScore,
  seedGrade,
  seedSelection,
} from './common'
import { FIRST_NAMES, LAST_NAMES } from './names'
import type { ScenarioOptions } from './options'

const MINUTE = 60_000
export const DEFAULT_LARGE_STUDENTS = 1000

/** The number of students buildLarge makes for `options`. */
export function largeStudentCount(options: ScenarioOptions): number {
  return Math.max(1, Math.min(100_000, Math.floor(options.students ?? DEFAULT_LARGE_STUDENTS)))
}

export function buildLarge(world: World, options: ScenarioOptions): void {
  const studentCount = largeStudentCount(options)
  const graderCount = Math.max(1, Math.min(10, Math.floor(options.graders ?? 3)))
  const course = buildStaff(world)
  const graders: number[] = [TEACHER_ID, ...TA_IDS].slice(0, graderCount)
  // More than three graders: extra TAs with ids 11, 12, … (Canvas's UI limit is 10 graders).
  for (let k = graders.length; k < graderCount; k++) {
    const id = 11 + k - 3
    const user = createUser(world, {
      id,
      name: `${FIRST_NAMES[k]} ${LAST_NAMES[k]}`,
      login_id: `ta${id}@northfield.edu`,
    })
    enroll(world, course, user, 'ta')
    world.cast.push({ id, name: user.name, role: 'ta', token: '' })
    graders.push(id)
  }
  const a = createAssignment(world, course, {
    id: 501,
    name: 'Large Assignment: Lab Portfolio',
    points_possible: 20,
    assignment_group_id: 201,
    position: 1,
    due_at: DUE_AT,
    moderated_grading: true,
    grader_count: graderCount,
    final_grader_id: FINAL_GRADER_ID,
    grader_names_visible_to_final_grader: true,
  })
  const { rng } = world
  const gradedFrom = DUE_AT + DAY
  for (let i = 0; i < studentCount; i++) {
    const id = 1001 + i
    const name = `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]}${i >= FIRST_NAMES.length * LAST_NAMES.length ? ` ${Math.floor(i / (FIRST_NAMES.length * LAST_NAMES.length)) + 1}` : ''}`
    addStudent(world, course, id, name)
    const submission = createSubmission(world, a, id, { submitted_at: DUE_AT - (i % 600) * MINUTE })
    const base = rng.int(20, 38) / 2
    let firstPg = null
    for (let g = 0; g < graders.length; g++) {
      const pg = seedGrade(
        world,
        a,
        submission,
        graders[g]!,
        clampScore(base + rng.pick([-1, -0.5, 0, 0.5, 1]), 20),
        gradedFrom + (i * graders.length + g) * 1000,
      )
      firstPg ??= pg
    }
    // Every third student already has a selection.
    if (i % 3 === 0 && firstPg) seedSelection(world, a, firstPg, gradedFrom + 2 * DAY)
  }
}
