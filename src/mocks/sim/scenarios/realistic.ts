/**
 * The `realistic` scenario: BIO 201 (course 101) as a real Canvas course is, not the ideal one — sections, a
 * section-limited TA who is also the final grader of one assignment, the test student, inactive, concluded and invited
 * students, an excused and a never-submitted student, late work under a late policy, letter and pass/fail grading, an
 * old assignment with NULL moderation columns in the older JSON form, and a second course that `GET /courses` only
 * shows as a date-restricted stub. Ids and why each case is there are listed in src/mocks/README.md; keep the two in
 * sync.
 */
import { createAssignment, type AssignmentInput } from '../assignments'
import { createCourse, createSection, defaultSectionId, enroll } from '../courses'
import { createGradingStandard } from '../grading-standards'
import { createSubmission } from '../submissions'
import type { Assignment, Course, ProvisionalGrade, Submission, User } from '../types'
import { createUser } from '../users'
import type { World } from '../world'
import * as common from './common'
import { DEMO_STUDENTS, REALISTIC_EXTRA_STUDENTS } from './names'

const { DAY, DUE_AT, FINAL_GRADER_ID, HOUR, TEACHER_ID, clampScore, seedGrade } = common
const MINUTE = 60_000
const PRIYA = 3
const TOMAS = 4

/** Every id of the scenario that a test or the README names. */
export const REALISTIC = {
  course: 101,
  /** Chen's enrolment there is a student one, inactive by the course's dates: a stub in her GET /courses. */
  restrictedCourse: 102,
  sections: { default: 1010, labA: 1011, labB: 1012, labC: 1013 },
  /**
   * TA limited to Lab B (`limit_privileges_to_course_section`): a provisional grader of 501 and the final grader of 507,
   * so a section-limited moderator who sees one section's students of three.
   */
  sectionTa: 6,
  students: { first: 1001, last: 1036 },
  /** Enrolled in Lab A and Lab C: two enrolments, one user. */
  twoSections: 1007,
  inactive: 1037,
  concluded: 1038,
  /** Has not accepted the course invitation (Lab B): among Course#students, no submission handed in. */
  invited: 1039,
  testStudent: 1099,
  assignments: {
    /** points, moderated, graders Reyes, Natarajan and the section TA. */
    lab3: 501,
    /** Old row: moderated, grader_count and final_grader_id NULL, early-2018 JSON, anonymous. */
    legacyModerated: 502,
    /** letter_grade with its own scheme, moderated. */
    poster: 503,
    /** pass_fail, moderated. */
    safety: 504,
    /** points, moderated, published (not posted); the late policy took points off. */
    lab2: 505,
    /** Old row, not moderated: moderated_grading, grader_count and final_grader_id NULL. */
    legacyPlain: 506,
    /**
     * points, moderated, final grader the section-limited TA: every Lab A and Lab B student selected, Lab C's not, so
     * the TA sees all their rows selected while publishing is still refused for students they cannot see.
     */
    practical: 507,
  },
  late: [1005, 1014, 1023],
  excused: 1008,
  unsubmitted: 1030,
  lab3: {
    disagreement: [1011, 1020],
    singleGrader: 1016,
    selected: [1001, 1002, 1003],
  },
  safetyDisagreement: [1006, 1015],
  gradingStandard: 1,
} as const

/** Students in the cast: 36 active, the inactive, the concluded and the invited one, and the test student. */
export const REALISTIC_STUDENT_COUNT = 40

const LAB_SECTIONS = [REALISTIC.sections.labA, REALISTIC.sections.labB, REALISTIC.sections.labC] as const

interface Student {
  user: User
  /** The student's (first) lab section. */
  section: number
}

export function buildRealistic(world: World): void {
  const course = common.buildStaff(world)
  // A late policy: 10% of the points per day late, never below half (Course Settings → Late policies).
  course.late_policy = {
    late_submission_deduction: 10,
    late_submission_interval: 'day',
    late_submission_minimum_percent: 50,
  }
  createSection(world, { id: REALISTIC.sections.labA, course_id: course.id, name: 'BIO 201 Lab A (Mon)' })
  createSection(world, { id: REALISTIC.sections.labB, course_id: course.id, name: 'BIO 201 Lab B (Wed)' })
  createSection(world, { id: REALISTIC.sections.labC, course_id: course.id, name: 'BIO 201 Lab C (Fri)' })

  const jordan = createUser(world, { id: REALISTIC.sectionTa, name: 'Jordan Blake', login_id: 'jblake@northfield.edu' })
  enroll(world, course, jordan, 'ta', 'active', {
    sectionId: REALISTIC.sections.labB,
    limitPrivilegesToCourseSection: true,
  })
  world.cast.push({ id: jordan.id, name: jordan.name, role: 'ta', token: '' })

  const names = [...DEMO_STUDENTS, ...REALISTIC_EXTRA_STUDENTS]
  const active: Student[] = names.map((name, i) => {
    const section = LAB_SECTIONS[i % 3]!
    return { user: common.addStudent(world, course, 1001 + i, name, 'active', { sectionId: section }), section }
  })
  enroll(world, course, world.users.get(REALISTIC.twoSections)!, 'student', 'active', {
    sectionId: REALISTIC.sections.labC,
  })
  const inactive = common.addStudent(world, course, REALISTIC.inactive, 'Marcus Reed', 'inactive', {
    sectionId: REALISTIC.sections.labA,
  })
  const concluded = common.addStudent(world, course, REALISTIC.concluded, 'Leah Fischer', 'concluded', {
    sectionId: REALISTIC.sections.labC,
  })
  const invited = common.addStudent(world, course, REALISTIC.invited, 'Tomasz Wiśniewski', 'invited', {
    sectionId: REALISTIC.sections.labB,
  })
  // Student View's user (`Course#student_view_student`): a StudentViewEnrollment in the default section.
  const testStudent = createUser(world, { id: REALISTIC.testStudent, name: 'Test Student', fake_student: true })
  enroll(world, course, testStudent, 'student', 'active', { sectionId: defaultSectionId(course) })
  world.cast.push({ id: testStudent.id, name: testStudent.name, role: 'student', token: '' })

  const letters = createGradingStandard(world, {
    id: REALISTIC.gradingStandard,
    context_type: 'Course',
    context_id: course.id,
    title: 'Northfield letter grades',
    data: [
      ['A', 0.93],
      ['A-', 0.9],
      ['B+', 0.87],
      ['B', 0.83],
      ['B-', 0.8],
      ['C+', 0.77],
      ['C', 0.73],
      ['C-', 0.7],
      ['D', 0.6],
      ['F', 0],
    ],
  })

  const users = active.map((s) => s.user)
  buildLab3(world, course, active, { inactive, concluded, invited, testStudent })
  buildLegacyModerated(world, course, users)
  buildPoster(world, course, users, letters.id)
  buildSafety(world, course, users)
  buildLab2(world, course, [...users, inactive])
  buildLegacyPlain(world, course, users)
  buildPractical(world, course, active)
  buildRestrictedCourse(world)
}

/** A moderated assignment whose final grader is Chen, who sees grader names. */
function moderatedAssignment(world: World, course: Course, input: AssignmentInput): Assignment {
  return createAssignment(world, course, {
    moderated_grading: true,
    final_grader_id: FINAL_GRADER_ID,
    grader_names_visible_to_final_grader: true,
    ...input,
  })
}

interface SubmitPlan {
  /** Time between on-time submissions, the first one `spacing` before the due date. */
  spacing: number
  /** Hours late of each student of `REALISTIC.late`; without it they are on time here. */
  lateHours?: readonly [number, number, number]
}

/**
 * A submission for each user (`seconds_late` from the due date); the never-submitted student gets an empty row and
 * no grades. `grade` then seeds what the graders did with each handed-in submission.
 */
function submitAll(
  world: World,
  a: Assignment,
  users: readonly User[],
  plan: SubmitPlan,
  grade: (submission: Submission, user: User, i: number) => void,
) {
  const due = a.due_at!
  users.forEach((user, i) => {
    if (user.id === REALISTIC.unsubmitted) {
      createSubmission(world, a, user.id)
      return
    }
    const late = (REALISTIC.late as readonly number[]).indexOf(user.id)
    const lateMs = plan.lateHours && late >= 0 ? plan.lateHours[late]! * HOUR : null
    const at = lateMs === null ? due - (i + 1) * plan.spacing : due + lateMs
    const submission = createSubmission(world, a, user.id, {
      submitted_at: at,
      seconds_late: lateMs === null ? 0 : Math.round(lateMs / 1000),
    })
    grade(submission, user, i)
  })
}

function buildLab3(
  world: World,
  course: Course,
  students: Student[],
  others: { inactive: User; concluded: User; invited: User; testStudent: User },
) {
  const { rng } = world
  const a = moderatedAssignment(world, course, {
    id: REALISTIC.assignments.lab3,
    name: 'Lab Report 3: Enzyme Kinetics',
    description: '<p>Report the Michaelis–Menten parameters you measured for catalase.</p>',
    points_possible: 20,
    assignment_group_id: 201,
    position: 3,
    due_at: DUE_AT,
    grader_count: 3,
  })
  let clock = DUE_AT + DAY
  const nextGradeTime = () => (clock += 29 * MINUTE)
  const L = REALISTIC.lab3
  const sectionOf = new Map(students.map((s) => [s.user.id, s.section]))
  const graded = (submission: Submission, scorerId: number, score: number) =>
    seedGrade(world, a, submission, scorerId, clampScore(score, 20), nextGradeTime())

  submitAll(
    world,
    a,
    students.map((s) => s.user),
    { spacing: 37 * MINUTE, lateHours: [2, 27, 72] },
    (submission, user, i) => {
      const id = user.id
      if (id === REALISTIC.excused) {
        // Excused by the final grader from the gradebook: no grade, and not late or missing.
        Object.assign(submission, {
          excused: true,
          workflow_state: 'graded',
          grader_id: FINAL_GRADER_ID,
        } satisfies Partial<Submission>)
        return
      }
      // The section-limited TA grades Lab B only, with Reyes or Natarajan; the other labs get Reyes and Natarajan.
      const [first, second] =
        sectionOf.get(id) === REALISTIC.sections.labB
          ? [REALISTIC.sectionTa, i % 2 ? PRIYA : TEACHER_ID]
          : [TEACHER_ID, PRIYA]
      const base = rng.int(24, 38) / 2
      const jitter = () => rng.pick([-1, -0.5, 0, 0.5, 1])
      let pgs: ProvisionalGrade[]
      if (id === L.singleGrader) pgs = [graded(submission, first!, base)]
      else if ((L.disagreement as readonly number[]).includes(id)) {
        const low = Math.min(base, 13)
        pgs = [graded(submission, first!, low), graded(submission, second!, low + 5)]
      } else pgs = [graded(submission, first!, base + jitter()), graded(submission, second!, base + jitter())]
      if ((L.selected as readonly number[]).includes(id))
        common.seedSelection(world, a, pgs[0]!, DUE_AT + 5 * DAY + i * MINUTE)
    },
  )

  submitAll(
    world,
    a,
    [others.inactive, others.concluded, others.testStudent],
    { spacing: 3 * HOUR },
    (submission, user) => {
      // The inactive student has one grade, the concluded one two; Chen tried Student View, which has none.
      if (user === others.inactive) graded(submission, PRIYA, 12)
      if (user === others.concluded) {
        graded(submission, TEACHER_ID, 15)
        graded(submission, PRIYA, 16)
      }
    },
  )
  // The invited student is assigned (a submission row) but has not accepted the invitation, so handed in nothing.
  createSubmission(world, a, others.invited.id)
}

/**
 * The section-limited TA's own moderated assignment: Reyes and Natarajan grade every student, the TA is the final
 * grader. Canvas shows the TA only Lab B (gradeable_students, submissions, course users), while publishing covers every
 * submission: Lab A and Lab B are selected, Lab C's students are not (their two grades differ), so the TA sees all of
 * their rows selected and publishing still answers 422. The never-submitted student has an empty row and no grades.
 */
function buildPractical(world: World, course: Course, students: Student[]) {
  const { rng } = world
  const a = createAssignment(world, course, {
    id: REALISTIC.assignments.practical,
    name: 'Lab Practical: Micropipetting',
    moderated_grading: true,
    final_grader_id: REALISTIC.sectionTa,
    grader_names_visible_to_final_grader: true,
    points_possible: 10,
    assignment_group_id: 203,
    position: 2,
    due_at: DUE_AT - 3 * DAY,
    grader_count: 2,
  })
  submitAll(
    world,
    a,
    students.map((s) => s.user),
    { spacing: 5 * MINUTE },
    (submission, _, i) => {
      const base = rng.int(12, 20) / 2
      const at = a.due_at! + DAY + i * MINUTE
      const first = seedGrade(world, a, submission, TEACHER_ID, clampScore(base, 10), at)
      seedGrade(world, a, submission, PRIYA, clampScore(base + 0.5, 10), at + HOUR)
      if (students[i]!.section !== REALISTIC.sections.labC) common.seedSelection(world, a, first, at + DAY)
    },
  )
}

/**
 * An assignment from early 2018, before `grader_count` and the visibility flags existed: moderated, but
 * grader_count and final_grader_id NULL, so only an account admin with select_final_grade can moderate it, and it
 * renders in the older JSON (no visibility flags, no entered_* on grades, anonymous rows without display_name).
 */
function buildLegacyModerated(world: World, course: Course, users: User[]) {
  const { rng } = world
  const a = createAssignment(world, course, {
    id: REALISTIC.assignments.legacyModerated,
    name: 'Field Notebook Review',
    legacy: true,
    moderated_grading: true,
    anonymous_grading: true,
    created_at: Date.UTC(2018, 0, 15, 14, 30),
    points_possible: 10,
    assignment_group_id: 201,
    position: 2,
    due_at: DUE_AT - 7 * DAY,
  })
  submitAll(world, a, users, { spacing: 13 * MINUTE }, (submission, _, i) => {
    const base = rng.int(10, 20) / 2
    const at = a.due_at! + DAY + i * MINUTE
    seedGrade(world, a, submission, TEACHER_ID, clampScore(base, 10), at)
    seedGrade(world, a, submission, PRIYA, clampScore(base + rng.pick([-0.5, 0, 0.5]), 10), at + DAY)
  })
}

/** Letter grades with the course's own scheme: provisional grades read "B+", "A-", … */
function buildPoster(world: World, course: Course, users: User[], schemeId: number) {
  const { rng } = world
  const a = moderatedAssignment(world, course, {
    id: REALISTIC.assignments.poster,
    name: 'Poster Presentation: Cell Signalling',
    points_possible: 100,
    grading_type: 'letter_grade',
    grading_standard_id: schemeId,
    assignment_group_id: 202,
    position: 1,
    due_at: DUE_AT + 3 * DAY,
    grader_count: 2,
  })
  submitAll(world, a, users, { spacing: 17 * MINUTE }, (submission, _, i) => {
    // The first student is B+ from one grader and A- from the other; the rest are drawn.
    const base = rng.int(68, 97)
    const [first, second] = i === 0 ? [88, 91] : [base + rng.int(-3, 3), base + rng.int(-3, 3)]
    const at = a.due_at! + DAY + i * MINUTE
    seedGrade(world, a, submission, TEACHER_ID, clampScore(first, 100), at)
    seedGrade(world, a, submission, PRIYA, clampScore(second, 100), at + 40 * MINUTE)
  })
}

/** Pass/fail: scores are 0 or 10 only, shown as "complete" / "incomplete". */
function buildSafety(world: World, course: Course, users: User[]) {
  const a = moderatedAssignment(world, course, {
    id: REALISTIC.assignments.safety,
    name: 'Lab Safety Sign-off',
    points_possible: 10,
    grading_type: 'pass_fail',
    assignment_group_id: 203,
    position: 1,
    due_at: DUE_AT - 10 * DAY,
    grader_count: 2,
  })
  submitAll(world, a, users, { spacing: 7 * MINUTE }, (submission, user, i) => {
    const split = (REALISTIC.safetyDisagreement as readonly number[]).includes(user.id)
    const at = a.due_at! + DAY + i * MINUTE
    seedGrade(world, a, submission, PRIYA, 10, at)
    seedGrade(world, a, submission, TOMAS, split ? 0 : 10, at + DAY)
  })
}

/**
 * Published before "now" and not posted (publishing does not post). Publish applied the late policy: the late
 * students' submissions keep the provisional score as entered_score, with points_deducted taken off score.
 */
function buildLab2(world: World, course: Course, users: User[]) {
  const { rng } = world
  const due = DUE_AT - 14 * DAY
  const publishedAt = due + 8 * DAY
  const a = moderatedAssignment(world, course, {
    id: REALISTIC.assignments.lab2,
    name: 'Lab Report 2: Microscopy',
    points_possible: 20,
    assignment_group_id: 201,
    position: 1,
    due_at: due,
    grader_count: 2,
    grades_published_at: publishedAt,
  })
  submitAll(world, a, users, { spacing: 11 * MINUTE, lateHours: [0.5, 26, 96] }, (submission, _, i) => {
    const base = rng.int(26, 38) / 2
    const at = due + DAY + i * 20 * MINUTE
    const first = seedGrade(world, a, submission, TEACHER_ID, clampScore(base, 20), at)
    const second = seedGrade(world, a, submission, PRIYA, clampScore(base + 0.5, 20), at + DAY)
    const chosen = i % 2 === 0 ? first : second
    common.seedSelection(world, a, chosen, due + 6 * DAY)
    common.applyPublished(world, submission, chosen, publishedAt, false)
  })
}

/** An old assignment, not moderated: its moderation columns are NULL, which Canvas reads as "not moderated". */
function buildLegacyPlain(world: World, course: Course, users: User[]) {
  const a = createAssignment(world, course, {
    id: REALISTIC.assignments.legacyPlain,
    name: 'Reading Response 1',
    legacy: true,
    created_at: Date.UTC(2016, 8, 2, 9, 0),
    due_at: DUE_AT - 30 * DAY,
    points_possible: 5,
    assignment_group_id: 202,
    position: 2,
  })
  submitAll(world, a, users, { spacing: 9 * MINUTE }, (submission, _, i) => {
    const score = world.rng.int(3, 5)
    const gradedAt = a.due_at! + DAY + i * MINUTE
    Object.assign(submission, {
      grade: String(score),
      score,
      entered_grade: String(score),
      entered_score: score,
      grader_id: TEACHER_ID,
      graded_at: gradedAt,
      workflow_state: 'graded',
      posted_at: gradedAt,
      updated_at: gradedAt,
    } satisfies Partial<Submission>)
  })
}

/** A summer course Chen took as a student; it ended, and its dates now restrict her student enrolment. */
function buildRestrictedCourse(world: World) {
  const course = createCourse(world, {
    id: REALISTIC.restrictedCourse,
    account_id: 1,
    name: 'Teaching Excellence Certificate (Summer 2025)',
    course_code: 'TEC 100',
  })
  enroll(world, course, world.users.get(FINAL_GRADER_ID)!, 'student', 'active', { restrictedByDate: true })
}
