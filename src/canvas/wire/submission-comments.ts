/**
 * Canvas's wire format for submission comments, as a moderator reads them (snake_case, not `.strict()`).
 * The simulator (src/mocks/sim/submission-comments.ts, submission-json.ts) produces these shapes.
 */
import { z } from '../zod'
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
  comment: z.nullable(z.string()),
  created_at: z.string(),
  author_id: z.nullish(z.number()),
  author_name: z.nullish(z.string()),
  anonymous_id: z.nullish(z.string()),
  draft: z.nullish(z.boolean()),
  attempt: z.nullish(z.number()),
  media_comment_id: z.nullish(z.string()),
})
export type GradeCommentWire = z.infer<typeof gradeCommentWire>

/**
 * A submission's own (top-level) comment, `submission_comment_json` (lib/api/v1/submission_comment.rb): `id
 * author_id author_name created_at edited_at comment` and `author` (user_display_json), or — when the caller may not
 * read the author — `author: {}`, `author_id: null`, `author_name: "Anonymous User"`.
 */
export const submissionCommentWire = z.object({
  id: z.number(),
  comment: z.nullable(z.string()),
  created_at: z.string(),
  author_id: z.nullish(z.number()),
  author_name: z.nullish(z.string()),
  edited_at: z.nullish(z.string()),
  author: z.nullish(z.object({ id: z.optional(z.number()), display_name: z.nullish(z.string()) })),
})
export type SubmissionCommentWire = z.infer<typeof submissionCommentWire>

/** A provisional grade with its comments (include[]=submission_comments), each comment read on its own. */
export const gradeWithCommentsWire = z.extend(provisionalGradeWire, {
  submission_comments: z.optional(lenientArray(gradeCommentWire)),
})

/**
 * Submission JSON read for its feedback: GET …/submissions/:user_id (or …/anonymous_submissions/:anonymous_id) with
 * include[]=provisional_grades&include[]=submission_comments, and the answer of PUT …/submissions/:user_id (which
 * always includes `submission_comments`: SubmissionsApiController#update `includes = %w[submission_comments]`).
 */
export const submissionFeedbackWire = z.object({
  id: z.number(),
  user_id: z.optional(z.number()),
  anonymous_id: z.optional(z.string()),
  submission_comments: z.optional(lenientArray(submissionCommentWire)),
  provisional_grades: z.optional(z.array(gradeWithCommentsWire)),
})
export type SubmissionFeedbackWire = z.infer<typeof submissionFeedbackWire>
