/**
 * Canvas's wire format for submission comments, as a moderator reads them (snake_case, not `.strict()`).
 * The simulator (src/mocks/sim/submission-comments.ts, submission-json.ts) produces these shapes.
 */
import { z } from 'zod'
import { lenientArray } from '../lenient'
import { provisionalGradeWire } from './moderation'

/**
 * A comment in a provisional grade's `submission_comments` (lib/api/v1/submission_comment.rb
 * `anonymous_moderated_submission_comments_json`: `attempt author_id author_name cached_attachments comment
 * created_at draft group_comment_id id media_comment_id media_comment_type`, plus `publishable`). An author the caller
 * may not know is an `anonymous_id` instead of `author_id`, and without `author_name` (unless it is the caller).
 * There is no `provisional_grade_id`: which grade a comment belongs to is where it is listed.
 */
export const gradeCommentWire = z.object({
  id: z.number(),
  /** Plain text as the author typed it (an empty string for a media comment). Never HTML. */
  comment: z.string().nullable(),
  created_at: z.string(),
  author_id: z.number().nullish(),
  author_name: z.string().nullish(),
  anonymous_id: z.string().nullish(),
  draft: z.boolean().nullish(),
  attempt: z.number().nullish(),
  media_comment_id: z.string().nullish(),
})
export type GradeCommentWire = z.infer<typeof gradeCommentWire>

/**
 * A submission's own (top-level) comment, `submission_comment_json` (lib/api/v1/submission_comment.rb): `id
 * author_id author_name created_at edited_at comment` and `author` (user_display_json), or — when the caller may not
 * read the author — `author: {}`, `author_id: null`, `author_name: "Anonymous User"`.
 */
export const submissionCommentWire = z.object({
  id: z.number(),
  comment: z.string().nullable(),
  created_at: z.string(),
  author_id: z.number().nullish(),
  author_name: z.string().nullish(),
  edited_at: z.string().nullish(),
  author: z.object({ id: z.number().optional(), display_name: z.string().nullish() }).nullish(),
})
export type SubmissionCommentWire = z.infer<typeof submissionCommentWire>

/** A provisional grade with its comments (include[]=submission_comments), each comment read on its own. */
export const gradeWithCommentsWire = provisionalGradeWire.extend({
  submission_comments: lenientArray(gradeCommentWire).optional(),
})

/**
 * Submission JSON read for its feedback: GET …/submissions/:user_id (or …/anonymous_submissions/:anonymous_id) with
 * include[]=provisional_grades&include[]=submission_comments, and the answer of PUT …/submissions/:user_id (which
 * always includes `submission_comments`: SubmissionsApiController#update `includes = %w[submission_comments]`).
 */
export const submissionFeedbackWire = z.object({
  id: z.number(),
  user_id: z.number().optional(),
  anonymous_id: z.string().optional(),
  submission_comments: lenientArray(submissionCommentWire).optional(),
  provisional_grades: z.array(gradeWithCommentsWire).optional(),
})
export type SubmissionFeedbackWire = z.infer<typeof submissionFeedbackWire>
