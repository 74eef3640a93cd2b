/**
 * Row types of the simulated Canvas database. Field names follow Canvas's columns (snake_case) so the
 * serializers read like Canvas's `*_json` helpers. Times are epoch milliseconds; JSON renders them as
 * Canvas does (`2025-10-14T16:00:00Z`).
 */

export type EnrollmentType = 'teacher' | 'ta' | 'student'
/**
 * An enrolment's workflow state. `concluded` is what Canvas stores and sends as `completed`; `invited` is a student
 * who has not accepted the course invitation yet (Canvas counts them among `Course#students`).
 */
export type EnrollmentState = 'active' | 'invited' | 'inactive' | 'concluded'

export interface Account {
  id: number
  name: string
  parent_account_id: number | null
  /** Account memberships: user id → granted account-level rights. */
  admins: Map<number, { select_final_grade: boolean }>
}

export interface User {
  id: number
  name: string
  sortable_name: string
  short_name: string
  login_id: string
  /** The SIS id of the user's login (`pseudonyms.sis_user_id`); null for a login not made by a SIS import. */
  sis_user_id: string | null
  pronouns: string | null
  created_at: number
  /** The course's test student (Student View): Canvas marks the user with `preferences[:fake_student]`. */
  fake_student: boolean
}

export interface Course {
  id: number
  account_id: number
  name: string
  course_code: string
  workflow_state: 'available' | 'deleted'
  /** The course's default grading scheme (Course Settings → "Enable course grading scheme"); null = none. */
  grading_standard_id: number | null
  /** The course's late policy (app/models/late_policy.rb); null = none, as in most courses. */
  late_policy: LatePolicy | null
}

/** A course's late policy: the columns `LatePolicy#points_deducted` reads (app/models/late_policy.rb). */
export interface LatePolicy {
  /** Percent of points_possible taken off per interval late. */
  late_submission_deduction: number
  late_submission_interval: 'day' | 'hour'
  /** The score is never cut below this percent of points_possible (null = no floor). */
  late_submission_minimum_percent: number | null
}

/** A course section. Every course has a default one (here id `course.id * 10`, named after the course). */
export interface CourseSection {
  id: number
  course_id: number
  name: string
}

/**
 * A grading scheme (Canvas `grading_standards`): `data` is `[name, lower bound as a fraction]`, highest first
 * (version 2 data). Points-based schemes keep fractions too; `scaling_factor` is their maximum in points.
 */
export interface GradingStandard {
  id: number
  context_type: 'Course' | 'Account'
  context_id: number
  title: string
  data: [string, number][]
  points_based: boolean
  scaling_factor: number
  workflow_state: 'active' | 'deleted'
}

export interface Enrollment {
  id: number
  course_id: number
  user_id: number
  type: EnrollmentType
  state: EnrollmentState
  course_section_id: number
  /** "Users can only see/interact with users in their section" (section-limited staff). */
  limit_privileges_to_course_section: boolean
  /**
   * Simulator flag: the enrolment is `active` but Canvas's `state_based_on_date` makes it inactive (the course's
   * dates restrict it, e.g. `restrict_student_past_view` after the course ended). It grants nothing, and `GET
   * /courses` shows the course as a stub (lib/api/v1/course.rb `course_json`).
   */
  restrictedByDate: boolean
}

export interface AssignmentGroup {
  id: number
  course_id: number
  name: string
  position: number
}

export interface Assignment {
  id: number
  course_id: number
  assignment_group_id: number
  position: number
  name: string
  description: string | null
  points_possible: number
  grading_type: GradingType
  due_at: number | null
  workflow_state: 'published' | 'deleted'
  /** Differentiated: only students with a submission row are assigned (502 in the demo). */
  only_visible_to_overrides: boolean
  post_manually: boolean
  /**
   * The moderation columns are nullable in Canvas's schema (the 2015 and 2018 migrations added them without a
   * default or a backfill), so an old row can hold NULL; see `legacyJson`.
   */
  moderated_grading: boolean | null
  grader_count: number | null
  final_grader_id: number | null
  grader_comments_visible_to_graders: boolean | null
  graders_anonymous_to_graders: boolean | null
  grader_names_visible_to_final_grader: boolean | null
  anonymous_grading: boolean
  anonymous_instructor_annotations: boolean
  grades_published_at: number | null
  /** The assignment's own grading scheme; null = the course's (or Canvas's default). */
  grading_standard_id: number | null
  /** A group assignment's group set; null for individual work. Canvas does not let group assignments be moderated. */
  group_category_id: number | null
  /**
   * Render this assignment as an older Canvas (early 2018) did: assignment JSON without the three grader visibility
   * flags, provisional grades without `entered_grade`/`entered_score`, anonymous gradeable_students rows without
   * `display_name`. A scenario switches it on for an assignment made long ago.
   */
  legacyJson: boolean
  created_at: number
  updated_at: number
}

export type GradingType = 'points' | 'percent' | 'letter_grade' | 'gpa_scale' | 'pass_fail' | 'not_graded'

export interface Submission {
  id: number
  assignment_id: number
  user_id: number
  /** 5-character base58, unique per assignment (lib/anonymity.rb). */
  anonymous_id: string
  attempt: number | null
  submitted_at: number | null
  submission_type: string | null
  workflow_state: 'unsubmitted' | 'submitted' | 'graded'
  grade: string | null
  score: number | null
  entered_grade: string | null
  entered_score: number | null
  graded_at: number | null
  grader_id: number | null
  graded_anonymously: boolean | null
  grade_matches_current_submission: boolean
  excused: boolean | null
  /** Seconds submitted after the due date (0 = on time); `late` in the JSON is this > 0 and not excused. */
  seconds_late: number
  /** What the course's late policy took off `entered_score` (null until a late submission is graded). */
  points_deducted: number | null
  posted_at: number | null
  updated_at: number
}

export interface ProvisionalGrade {
  id: number
  submission_id: number
  assignment_id: number
  student_id: number
  scorer_id: number
  grade: string | null
  score: number | null
  graded_at: number | null
  graded_anonymously: boolean | null
  final: boolean
  created_at: number
  /** Insertion order, so PGs created in the same simulated second keep a stable order. */
  seq: number
  updated_at: number
}

export interface Selection {
  assignment_id: number
  student_id: number
  selected_provisional_grade_id: number | null
  updated_at: number
}

export interface ModerationGrader {
  assignment_id: number
  user_id: number
  anonymous_id: string
  slot_taken: boolean
}

/** What a scenario says about a seeded user, for the control API and the demo session. */
export type CastRole = 'final_grader' | 'teacher' | 'ta' | 'admin' | 'student'
