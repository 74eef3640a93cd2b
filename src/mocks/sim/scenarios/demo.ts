/**
 * The `demo` scenario: Northfield University, BIO 201 (course 101), four assignments. Which students are
 * special, and why, is listed in src/mocks/README.md; keep the two in sync.
 */
import { createAssignment } from '../assignments'
import { createGradingStandard } from '../grading-standards'
import { createSubmission } from '../submissions'
import type { Assignment, Course, ProvisionalGrade, User } from '../types'
import type { World } from '../world'
import {
  ADMIN_ID,
  DAY,
  DUE_AT,
  FINAL_GRADER_ID,
  HOUR,
  TEACHER_ID,
  addStudent,
  applyPublished,
  buildStaff,
  clampScore,
  seedGrade,
  seedSelection,
} from './common'
import { seedDemoFeedback } from './demo-feedback'
import { DEMO_STUDENTS } from './names'

void ADMIN_ID

const MINUTE = 60_000
const PRIYA = 3
const TOMAS = 4

/** Special students of 501 "Lab Report 3" (see README). */
export const LAB3 = {
  tripleMarked: [1003, 1008, 1015, 1022, 1027],
  bigDisagreement: [1005, 1012, 1019, 1026],
  singleGrader: 1010,
  stale: 1017,
  noGrade: 1024,
  unsubmitted: 1030,
  customSelected: 1005,
  customNotSelected: 1019,
  preselected: [1001, 1002, 1004, 1006, 1007, 1008],
  inactive: 1031,
  concluded: 1032,
} as const

/** Special students of 502 "Reflective Essay (anonymous)". */
export const ESSAY = {
  students: 20,
  bigDisagreement: [1002, 1013, 1018],
  singleGrader: 1007,
  stale: 1009,
  noGrade: 1016,
  customSelected: 1002,
  customNotSelected: 1013,
  preselected: [1001, 1003, 1005, 1006],
} as const

/** Grading schemes: the course's own (its default, and Lab Report 3's) and one of the account, which the course API does not list. */
export const GRADING_STANDARDS = { degree: 1, account: 2 } as const

function buildGradingStandards(world: World, course: Course) {
  const degree = createGradingStandard(world, {
    id: GRADING_STANDARDS.degree,
    context_type: 'Course',
    context_id: course.id,
    title: 'Degree classification',
    data: [
      ['First', 0.7],
      ['2:1', 0.6],
      ['2:2', 0.5],
      ['Third', 0.4],
      ['Fail', 0],
    ],
  })
  createGradingStandard(world, {
    id: GRADING_STANDARDS.account,
    context_type: 'Account',
    context_id: course.account_id,
    title: 'Northfield Pass/Merit/Distinction',
    data: [
      ['Distinction', 0.85],
      ['Merit', 0.65],
      ['Pass', 0.5],
      ['Fail', 0],
    ],
  })
  course.grading_standard_id = degree.id
}

/** Students in the demo's cast: the named ones plus Marcus Reed (inactive) and Leah Fischer (concluded). */
export const DEMO_STUDENT_COUNT = DEMO_STUDENTS.length + 2

export function buildDemo(world: World): void {
  const course = buildStaff(world)
  buildGradingStandards(world, course)
  const students: User[] = DEMO_STUDENTS.map((name, i) => addStudent(world, course, 1001 + i, name))
  const inactive = addStudent(world, course, LAB3.inactive, 'Marcus Reed', 'inactive')
  const concluded = addStudent(world, course, LAB3.concluded, 'Leah Fischer', 'concluded')

  buildLab3(world, course, [...students, inactive, concluded])
  buildEssay(world, course, students.slice(0, ESSAY.students))
  buildLab2(world, course, students)
  buildQuiz(world, course, students)
  seedDemoFeedback(world)
}

function buildLab3(world: World, course: Course, students: User[]) {
  const { rng } = world
  const a = createAssignment(world, course, {
    id: 501,
    name: 'Lab Report 3: Enzyme Kinetics',
    description: '<p>Report the Michaelis–Menten parameters you measured for catalase.</p>',
    points_possible: 20,
    assignment_group_id: 201,
    position: 2,
    due_at: DUE_AT,
    moderated_grading: true,
    grader_count: 3,
    final_grader_id: FINAL_GRADER_ID,
    grader_comments_visible_to_graders: true,
    graders_anonymous_to_graders: false,
    grader_names_visible_to_final_grader: true,
    grading_standard_id: GRADING_STANDARDS.degree,
  })
  const pairs: Array<[number, number]> = [
    [TEACHER_ID, PRIYA],
    [PRIYA, TOMAS],
    [TOMAS, TEACHER_ID],
  ]
  let clock = DUE_AT + DAY
  const nextGradeTime = () => (clock += 37 * MINUTE)

  students.forEach((student, i) => {
    const id = student.id
    const submittedAt = id === LAB3.unsubmitted ? null : DUE_AT - ((i % 5) + 1) * HOUR - i * 7 * MINUTE
    const submission = createSubmission(world, a, id, { submitted_at: submittedAt })
    if (id === LAB3.unsubmitted || id === LAB3.noGrade) return

    const base = rng.int(22, 38) / 2
    const jitter = () => rng.pick([-1, -0.5, 0, 0, 0.5, 1])
    const [first, second] = pairs[i % 3]!
    const pgs: ProvisionalGrade[] = []

    if (id === LAB3.singleGrader) {
      pgs.push(seedGrade(world, a, submission, PRIYA, clampScore(base, 20), nextGradeTime()))
    } else if (id === LAB3.stale) {
      // Reyes graded attempt 1; the student resubmitted; Herrera graded attempt 2.
      pgs.push(seedGrade(world, a, submission, TEACHER_ID, clampScore(base, 20), DUE_AT + 2 * DAY))
      submission.submitted_at = DUE_AT + 3 * DAY + 9 * HOUR
      submission.attempt = 2
      submission.updated_at = submission.submitted_at
      pgs.push(seedGrade(world, a, submission, TOMAS, clampScore(base + 1, 20), DUE_AT + 4 * DAY))
    } else if ((LAB3.tripleMarked as readonly number[]).includes(id)) {
      for (const grader of [TEACHER_ID, PRIYA, TOMAS])
        pgs.push(seedGrade(world, a, submission, grader, clampScore(base + jitter() * 2, 20), nextGradeTime()))
    } else if ((LAB3.bigDisagreement as readonly number[]).includes(id)) {
      const low = clampScore(Math.min(base, 14), 20)
      pgs.push(seedGrade(world, a, submission, first, low, nextGradeTime()))
      pgs.push(seedGrade(world, a, submission, second, clampScore(low + 4 + rng.int(0, 2), 20), nextGradeTime()))
    } else if (id === LAB3.concluded) {
      pgs.push(seedGrade(world, a, submission, first, clampScore(base, 20), nextGradeTime()))
    } else {
      pgs.push(seedGrade(world, a, submission, first, clampScore(base + jitter(), 20), nextGradeTime()))
      pgs.push(seedGrade(world, a, submission, second, clampScore(base + jitter(), 20), nextGradeTime()))
    }

    const selectAt = DUE_AT + 5 * DAY + i * MINUTE
    if (id === LAB3.customSelected || id === LAB3.customNotSelected) {
      const avg = (pgs[0]!.score! + pgs[1]!.score!) / 2
      const custom = seedGrade(world, a, submission, FINAL_GRADER_ID, clampScore(avg, 20), DUE_AT + 5 * DAY, true)
      if (id === LAB3.customSelected) seedSelection(world, a, custom, selectAt)
    } else if ((LAB3.preselected as readonly number[]).includes(id)) {
      seedSelection(world, a, pgs.length === 3 ? pgs[1]! : pgs[0]!, selectAt)
    } else if (id === LAB3.inactive) {
      seedSelection(world, a, pgs[0]!, selectAt)
    }
  })
}

function buildEssay(world: World, course: Course, students: User[]) {
  const { rng } = world
  const a = createAssignment(world, course, {
    id: 502,
    name: 'Reflective Essay (anonymous)',
    description: '<p>Reflect on one experiment that did not go as planned.</p>',
    points_possible: 100,
    assignment_group_id: 202,
    position: 1,
    due_at: DUE_AT + 2 * DAY,
    moderated_grading: true,
    grader_count: 2,
    final_grader_id: FINAL_GRADER_ID,
    grader_comments_visible_to_graders: true,
    graders_anonymous_to_graders: true,
    grader_names_visible_to_final_grader: false,
    anonymous_grading: true,
    only_visible_to_overrides: true,
  })
  let clock = DUE_AT + 3 * DAY
  const nextGradeTime = () => (clock += 41 * MINUTE)

  students.forEach((student, i) => {
    const id = student.id
    const submission = createSubmission(world, a, id, { submitted_at: DUE_AT + 2 * DAY - (i + 1) * 23 * MINUTE })
    if (id === ESSAY.noGrade) return
    const base = rng.int(60, 92)
    const pgs: ProvisionalGrade[] = []
    if (id === ESSAY.singleGrader) {
      pgs.push(seedGrade(world, a, submission, TOMAS, base, nextGradeTime()))
    } else if (id === ESSAY.stale) {
      pgs.push(seedGrade(world, a, submission, PRIYA, base, DUE_AT + 3 * DAY))
      submission.submitted_at = DUE_AT + 4 * DAY
      submission.attempt = 2
      submission.updated_at = submission.submitted_at
      pgs.push(seedGrade(world, a, submission, TOMAS, clampScore(base + 3, 100), DUE_AT + 5 * DAY))
    } else if ((ESSAY.bigDisagreement as readonly number[]).includes(id)) {
      const low = Math.min(base, 80)
      pgs.push(seedGrade(world, a, submission, PRIYA, low, nextGradeTime()))
      pgs.push(seedGrade(world, a, submission, TOMAS, clampScore(low + rng.int(12, 18), 100), nextGradeTime()))
    } else {
      pgs.push(seedGrade(world, a, submission, PRIYA, clampScore(base + rng.int(-3, 3), 100), nextGradeTime()))
      pgs.push(seedGrade(world, a, submission, TOMAS, clampScore(base + rng.int(-3, 3), 100), nextGradeTime()))
    }
    const selectAt = DUE_AT + 6 * DAY + i * MINUTE
    if (id === ESSAY.customSelected || id === ESSAY.customNotSelected) {
      const custom = seedGrade(
        world,
        a,
        submission,
        FINAL_GRADER_ID,
        Math.round((pgs[0]!.score! + pgs[1]!.score!) / 2),
        DUE_AT + 6 * DAY,
        true,
      )
      if (id === ESSAY.customSelected) seedSelection(world, a, custom, selectAt)
    } else if ((ESSAY.preselected as readonly number[]).includes(id)) {
      seedSelection(world, a, pgs[0]!, selectAt)
    }
  })
}

function buildLab2(world: World, course: Course, students: User[]) {
  const { rng } = world
  const due = DUE_AT - 14 * DAY
  const publishedAt = due + 8 * DAY
  const a = createAssignment(world, course, {
    id: 503,
    name: 'Lab Report 2: Microscopy',
    points_possible: 20,
    assignment_group_id: 201,
    position: 1,
    due_at: due,
    moderated_grading: true,
    grader_count: 2,
    final_grader_id: FINAL_GRADER_ID,
    grader_names_visible_to_final_grader: true,
    grades_published_at: publishedAt,
  })
  students.forEach((student, i) => {
    const submission = createSubmission(world, a, student.id, { submitted_at: due - (i + 1) * 11 * MINUTE })
    const base = rng.int(24, 38) / 2
    const first = seedGrade(
      world,
      a,
      submission,
      TEACHER_ID,
      clampScore(base + rng.pick([-0.5, 0, 0.5]), 20),
      due + DAY + i * 30 * MINUTE,
    )
    const second = seedGrade(
      world,
      a,
      submission,
      PRIYA,
      clampScore(base + rng.pick([-0.5, 0, 0.5]), 20),
      due + 2 * DAY + i * 30 * MINUTE,
    )
    const chosen = i % 2 === 0 ? first : second
    seedSelection(world, a, chosen, due + 6 * DAY)
    applyPublished(world, submission, chosen, publishedAt, true)
  })
}

function buildQuiz(world: World, course: Course, students: User[]) {
  const { rng } = world
  const due = DUE_AT + 5 * DAY
  const a: Assignment = createAssignment(world, course, {
    id: 504,
    name: 'Weekly Quiz 5',
    points_possible: 10,
    assignment_group_id: 203,
    position: 5,
    due_at: due,
  })
  students.forEach((student, i) => {
    const unsubmitted = i >= students.length - 2
    const submission = createSubmission(world, a, student.id, {
      submitted_at: unsubmitted ? null : due - (i + 1) * 5 * MINUTE,
    })
    if (unsubmitted) return
    const score = rng.int(5, 10)
    const gradedAt = due + 3 * HOUR + i * MINUTE
    submission.grade = String(score)
    submission.score = score
    submission.entered_grade = String(score)
    submission.entered_score = score
    submission.grader_id = i % 2 === 0 ? FINAL_GRADER_ID : TEACHER_ID
    submission.graded_at = gradedAt
    submission.workflow_state = 'graded'
    submission.posted_at = gradedAt
    submission.updated_at = gradedAt
  })
}
