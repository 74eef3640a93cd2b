/**
 * Row types of the simulated Canvas database. Field names follow Canvas's columns (snake_case) so the
 * serializers read like Canvas's `*_json` helpers. Times are epoch milliseconds; JSON renders them as
 * Canvas does (`2025-10-14T16:00:00Z`).
 */

export type EnrollmentType = 'teacher' | 'ta' | 'student'
export type EnrollmentState = 'active' | 'inactive' | 'concluded'

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
  pronouns: string | null
  created_at: number
}

export interface Course {
  id: number
  account_id: number
  name: string
  course_code: string
  workflow_state: 'available' | 'deleted'
  /** The course's default grading scheme (Course Settings → "Enable course grading scheme"); null = none. */
  grading_standard_id: number | null
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
  grading_type: 'points'
  due_at: number | null
  workflow_state: 'published' | 'deleted'
  /** Differentiated: only students with a submission row are assigned (502 in the demo). */
  only_visible_to_overrides: boolean
  post_manually: boolean
  moderated_grading: boolean
  grader_count: number
  final_grader_id: number | null
  grader_comments_visible_to_graders: boolean
  graders_anonymous_to_graders: boolean
  grader_names_visible_to_final_grader: boolean
  anonymous_grading: boolean
  anonymous_instructor_annotations: boolean
  grades_published_at: number | null
  /** The assignment's own grading scheme; null = the course's (or Canvas's default). */
  grading_standard_id: number | null
  created_at: number
  updated_at: number
}

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
