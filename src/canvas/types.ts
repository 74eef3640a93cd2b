/** App-facing domain types (camelCase). Wire types stay in ./wire. */

export interface User {
  id: number
  name: string
  sortableName: string
}

export interface Course {
  id: number
  name: string
  courseCode: string
  /** The caller's own enrollment types in this course ('teacher', 'ta', ...), lower-case, without "Enrollment". */
  myRoles: string[]
}

export interface Assignment {
  id: number
  courseId: number
  name: string
  pointsPossible: number | null
  gradingType: string
  /** The assignment's own grading scheme; null: the course's (or Canvas's default). */
  gradingStandardId: number | null
  /** A group assignment's group set; null for individual assignments. */
  groupCategoryId: number | null
  moderatedGrading: boolean
  /** How many provisional graders the assignment allows; null when Canvas has none recorded (old assignments). */
  graderCount: number | null
  finalGraderId: number | null
  graderNamesVisibleToFinalGrader: boolean
  anonymousGrading: boolean
  /** Students anonymous to the caller right now (Canvas `anonymize_students`). */
  anonymizeStudents: boolean
  /** undefined when Canvas did not say (only the Assignment Groups API reports it). */
  gradesPublished: boolean | undefined
  /**
   * Canvas `muted`: the assignment has a submission whose grade is not posted to the student (lib/mutable.rb
   * update_muted_status!, run whenever grades are posted or hidden). undefined when Canvas did not send it.
   */
  muted: boolean | undefined
}

/** Identifies a grader column: `u:<user id>` when names are visible, `a:<anonymous grader id>` otherwise. */
export type GraderKey = string

export interface ProvisionalGrade {
  id: number
  grade: string | null
  score: number | null
  gradedAt: string | null
  final: boolean
  /** Canvas `grade_matches_current_submission`; false = the student resubmitted after this grade (stale). */
  matchesCurrentSubmission: boolean
  speedGraderUrl: string
  graderKey: GraderKey
  scorerId: number | undefined
  anonymousGraderId: string | null | undefined
}

/** A gradeable_students row with its provisional grades. */
export interface GradeableStudent {
  /** Stable row id: `u:<user id>` for named rows, `a:<anonymous id>` for anonymous rows. */
  key: string
  /** Absent when Canvas returned an anonymous row; never guess it. */
  userId: number | undefined
  /** Named rows: base-36 of the user id. Anonymous rows: the submission anonymous id. */
  anonymousId: string
  anonymous: boolean
  displayName: string
  /**
   * The course's test student (Student View: a StudentViewEnrollment, `fake_student: true` in user_display_json,
   * lib/api/v1/user.rb). Canvas counts it among the students — publish covers it — but it is nobody's grade.
   */
  testStudent: boolean
  inModerationSet: boolean
  selectedGradeId: number | null
  grades: ProvisionalGrade[]
}

export interface Selection {
  /** Matches GradeableStudent.key. */
  studentKey: string
  selectedGradeId: number
}
