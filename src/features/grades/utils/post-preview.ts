import type { SubmissionState } from '../../../canvas/submission-states'

export interface PostScope {
  gradedOnly: boolean
  /** Names of the chosen sections; null: every section the caller sees. */
  sections: ReadonlySet<string> | null
}

export interface PostPreview {
  /** Students whose grade the posting would show them (not posted yet, in scope). */
  willSee: number
  /** In scope but already posted. */
  alreadyPosted: number
  /** In scope, not graded, left hidden by "graded only". */
  leftHidden: number
}

/**
 * `Submission.postable` (app/models/submission.rb): graded, with hidden comments, or with a sticker. The submissions
 * list shows grades and excused, so graded or excused stands for it here (hidden comments are not in this list).
 */
export function isPostable(s: SubmissionState): boolean {
  return s.workflowState === 'graded' || s.excused || s.score !== null || s.grade !== null
}

/**
 * Who a posting would show grades to, from the submission list (the caller's visible, active students: the same
 * enrolments Canvas posts, `apply_enrollment_visibility(course.student_enrollments, …)`). `sectionsOf` gives a
 * student's section names (empty when not known: such a student counts as outside any chosen section).
 */
export function previewPost(
  states: readonly SubmissionState[],
  scope: PostScope,
  sectionsOf: (key: string) => readonly string[],
): PostPreview {
  const out: PostPreview = { willSee: 0, alreadyPosted: 0, leftHidden: 0 }
  for (const s of states) {
    if (scope.sections && !sectionsOf(s.key).some((name) => scope.sections!.has(name))) continue
    if (scope.gradedOnly && !isPostable(s)) {
      if (s.postedAt === null) out.leftHidden++
      continue
    }
    if (s.postedAt !== null) out.alreadyPosted++
    else out.willSee++
  }
  return out
}
