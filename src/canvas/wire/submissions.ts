import { z } from 'zod'
import { provisionalGradeWire } from './moderation'

/** §2.7/§2.8 — Submission JSON (the fields this app and the simulator use). */
export const submissionWire = z.object({
  id: z.number(),
  assignment_id: z.number(),
  user_id: z.number().optional(),
  anonymous_id: z.string().optional(),
  attempt: z.number().nullable(),
  submitted_at: z.string().nullable(),
  submission_type: z.string().nullable(),
  workflow_state: z.string(),
  grade: z.string().nullable(),
  score: z.number().nullable(),
  entered_grade: z.string().nullable().optional(),
  entered_score: z.number().nullable().optional(),
  graded_at: z.string().nullable(),
  grader_id: z.number().nullable().optional(),
  grade_matches_current_submission: z.boolean(),
  excused: z.boolean().nullable().optional(),
  /**
   * Tardiness (lib/api/v1/submission.rb `SUBMISSION_JSON_METHODS`/`SUBMISSION_JSON_FIELDS`, app/models/submission.rb
   * `Submission::Tardiness`): computed by Canvas; servers from before late policies (about 2017) send none of
   * `missing`, `seconds_late`, `points_deducted`, `late_policy_status`.
   */
  late: z.boolean().nullish(),
  missing: z.boolean().nullish(),
  seconds_late: z.number().nullish(),
  /** What the course's late policy took off `entered_score`; null until a late submission is graded. */
  points_deducted: z.number().nullish(),
  /** A grader's override: 'late' | 'missing' | 'extended' | 'none' | null. */
  late_policy_status: z.string().nullish(),
  cached_due_date: z.string().nullish(),
  posted_at: z.string().nullable().optional(),
  preview_url: z.string().optional(),
  provisional_grades: z.array(provisionalGradeWire).optional(),
  submission_comments: z.array(z.unknown()).optional(),
  all_submissions: z.array(z.unknown()).optional(),
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
    id: z.number().optional(),
    user_id: z.number().optional(),
    anonymous_id: z.string().optional(),
    workflow_state: z.string().nullish(),
    submitted_at: z.string().nullish(),
    excused: z.boolean().nullish(),
    late: z.boolean().nullish(),
    missing: z.boolean().nullish(),
    seconds_late: z.number().nullish(),
    points_deducted: z.number().nullish(),
    late_policy_status: z.string().nullish(),
    score: z.number().nullish(),
    grade: z.string().nullish(),
    entered_score: z.number().nullish(),
    entered_grade: z.string().nullish(),
    cached_due_date: z.string().nullish(),
    /** When the grade was posted to the student; null while hidden (SUBMISSION_JSON_FIELDS, lib/api/v1/submission.rb). */
    posted_at: z.string().nullish(),
  })
  .refine((row) => row.user_id !== undefined || row.anonymous_id !== undefined, {
    message: 'a submission row needs a user_id or an anonymous_id',
  })
export type SubmissionStateWire = z.infer<typeof submissionStateWire>
