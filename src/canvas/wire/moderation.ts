/**
 * Zod schemas of Canvas's wire format for moderated grading, exactly as Canvas sends it (snake_case).
 * Source of truth: ../shared/canvas-moderation-contract.md (read from instructure/canvas-lms).
 * The simulator (src/mocks) produces these shapes; the client (src/canvas) parses them.
 * Objects are not `.strict()`: Canvas adds fields over time and a client must tolerate them.
 */
import { z } from '../zod'

const isoDate = z.string()

/** §3 — a provisional grade as embedded in gradeable_students / submissions / status. */
export const provisionalGradeWire = z.object({
  provisional_grade_id: z.number(),
  grade: z.nullable(z.string()),
  score: z.nullable(z.number()),
  graded_at: z.nullable(isoDate),
  /** Present only when the caller may see grader identities (§5.2). */
  scorer_id: z.optional(z.number()),
  /** Present (possibly null) only when grader identities are hidden from the caller. */
  anonymous_grader_id: z.nullish(z.string()),
  graded_anonymously: z.nullable(z.boolean()),
  /**
   * Added around 2017–2018 (ProvisionalGrade#grade_attributes: `def entered_score; score; end`); older servers and
   * NullProvisionalGrade send none. The app reads `grade`/`score`, the same values (toProvisionalGrade).
   */
  entered_grade: z.nullish(z.string()),
  entered_score: z.nullish(z.number()),
  final: z.boolean(),
  grade_matches_current_submission: z.boolean(),
  speedgrader_url: z.string(),
  /** Status endpoint only. */
  selected: z.optional(z.boolean()),
  readonly: z.optional(z.boolean()),
  scorer_name: z.optional(z.string()),
  submission_comments: z.optional(z.array(z.unknown())),
  rubric_assessments: z.optional(z.array(z.unknown())),
})
export type ProvisionalGradeWire = z.infer<typeof provisionalGradeWire>

/**
 * §2.9 — a gradeable_students row. Named rows carry `id`; anonymous rows do not. Older servers send less
 * (lib/api/v1/user.rb): an older `user_display_json` has no `anonymous_id`, and the older
 * `anonymous_user_display_json(anonymous_id)` only `anonymous_id` and `avatar_image_url` (no `display_name`;
 * the current one adds "Student N"). A row needs an `id` or an `anonymous_id` to be addressed at all.
 */
export const gradeableStudentWire = z
  .object({
    id: z.optional(z.number()),
    /** Named rows: base-36 of the user id. Anonymous rows: the submission's anonymous id. */
    anonymous_id: z.optional(z.string()),
    display_name: z.nullish(z.string()),
    avatar_image_url: z.nullish(z.string()),
    html_url: z.optional(z.string()),
    pronouns: z.nullish(z.string()),
    fake_student: z.optional(z.boolean()),
    in_moderation_set: z.optional(z.boolean()),
    selected_provisional_grade_id: z.nullish(z.number()),
    provisional_grades: z.optional(z.array(provisionalGradeWire)),
  })
  .check(
    z.refine((row) => row.id !== undefined || row.anonymous_id !== undefined, {
      message: 'a student row needs an id or an anonymous_id',
    }),
  )
export type GradeableStudentWire = z.infer<typeof gradeableStudentWire>

/** §2.4/§2.5 — a selection result. `student_id` is swapped for `anonymous_id` when names are hidden. */
export const selectionWire = z.object({
  assignment_id: z.number(),
  student_id: z.optional(z.number()),
  anonymous_id: z.optional(z.string()),
  selected_provisional_grade_id: z.number(),
})
export type SelectionWire = z.infer<typeof selectionWire>
export const bulkSelectionWire = z.array(selectionWire)

/** §2.3 — provisional grade status. */
export const provisionalGradeStatusWire = z.object({
  needs_provisional_grade: z.boolean(),
  provisional_grades: z.optional(z.array(provisionalGradeWire)),
  final_provisional_grade: z.optional(provisionalGradeWire),
})
export type ProvisionalGradeStatusWire = z.infer<typeof provisionalGradeStatusWire>

/** §2.6 — publish success body, and the `{"message": "..."}` body of moderation errors. */
export const messageWire = z.object({ message: z.string() })

/** §6.2 — Canvas's generic error body. */
export const errorsWire = z.object({
  status: z.optional(z.string()),
  errors: z.union([
    z.array(z.object({ message: z.string(), error_code: z.optional(z.string()) })),
    z.record(z.string(), z.unknown()),
  ]),
  error_report_id: z.optional(z.union([z.number(), z.string()])),
})
/** §2.7 — Submissions API grade errors: `{"error": "..."}`. */
export const errorWire = z.object({ error: z.string() })
