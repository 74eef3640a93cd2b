import { z } from '../zod'
import { provisionalGradeWire } from './moderation'

/** §2.7/§2.8 — Submission JSON (the fields this app and the simulator use). */
export const submissionWire = z.object({
  id: z.number(),
  assignment_id: z.number(),
  user_id: z.optional(z.number()),
  anonymous_id: z.optional(z.string()),
  attempt: z.nullable(z.number()),
  submitted_at: z.nullable(z.string()),
  submission_type: z.nullable(z.string()),
  workflow_state: z.string(),
  grade: z.nullable(z.string()),
  score: z.nullable(z.number()),
  entered_grade: z.nullish(z.string()),
  entered_score: z.nullish(z.number()),
  graded_at: z.nullable(z.string()),
  grader_id: z.nullish(z.number()),
  grade_matches_current_submission: z.boolean(),
  excused: z.nullish(z.boolean()),
  /**
   * Tardiness (lib/api/v1/submission.rb `SUBMISSION_JSON_METHODS`/`SUBMISSION_JSON_FIELDS`, app/models/submission.rb
   * `Submission::Tardiness`): computed by Canvas; servers from before late policies (about 2017) send none of
   * `missing`, `seconds_late`, `points_deducted`, `late_policy_status`.
   */
  late: z.nullish(z.boolean()),
  missing: z.nullish(z.boolean()),
  seconds_late: z.nullish(z.number()),
  /** What the course's late policy took off `entered_score`; null until a late submission is graded. */
  points_deducted: z.nullish(z.number()),
  /** A grader's override: 'late' | 'missing' | 'extended' | 'none' | null. */
  late_policy_status: z.nullish(z.string()),
  cached_due_date: z.nullish(z.string()),
  posted_at: z.nullish(z.string()),
  preview_url: z.optional(z.string()),
  provisional_grades: z.optional(z.array(provisionalGradeWire)),
  submission_comments: z.optional(z.array(z.unknown())),
  all_submissions: z.optional(z.array(z.unknown())),
})
export type SubmissionWire = z.infer<typeof submissionWire>

/**
 * A row of GET …/assignments/:id/submissions read for its state only (submission-states.ts): every field but who it
 * belongs to may be missing or null, so an older or trimmed row still counts. The list carries `user_id` (always,
 * also on anonymous assignments) and, for account admins, `anonymous_id` (lib/api/v1/submission.rb
 * `submission_json`).
 */
export const submissionStateWire = z
  .object({
    id: z.optional(z.number()),
    user_id: z.optional(z.number()),
    anonymous_id: z.optional(z.string()),
    workflow_state: z.nullish(z.string()),
    submitted_at: z.nullish(z.string()),
    excused: z.nullish(z.boolean()),
    late: z.nullish(z.boolean()),
    missing: z.nullish(z.boolean()),
    seconds_late: z.nullish(z.number()),
    points_deducted: z.nullish(z.number()),
    late_policy_status: z.nullish(z.string()),
    score: z.nullish(z.number()),
    grade: z.nullish(z.string()),
    entered_score: z.nullish(z.number()),
    entered_grade: z.nullish(z.string()),
    cached_due_date: z.nullish(z.string()),
    /** When the grade was posted to the student; null while hidden (SUBMISSION_JSON_FIELDS, lib/api/v1/submission.rb). */
    posted_at: z.nullish(z.string()),
  })
  .check(
    z.refine((row) => row.user_id !== undefined || row.anonymous_id !== undefined, {
      message: 'a submission row needs a user_id or an anonymous_id',
    }),
  )
export type SubmissionStateWire = z.infer<typeof submissionStateWire>
