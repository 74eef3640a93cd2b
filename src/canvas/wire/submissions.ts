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
  late: z.boolean().optional(),
  missing: z.boolean().optional(),
  posted_at: z.string().nullable().optional(),
  preview_url: z.string().optional(),
  provisional_grades: z.array(provisionalGradeWire).optional(),
  submission_comments: z.array(z.unknown()).optional(),
  all_submissions: z.array(z.unknown()).optional(),
})
export type SubmissionWire = z.infer<typeof submissionWire>
