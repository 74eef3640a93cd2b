/**
 * Zod schemas of Canvas's wire format for moderated grading, exactly as Canvas sends it (snake_case).
 * Source of truth: ../shared/canvas-moderation-contract.md (read from instructure/canvas-lms).
 * The simulator (src/mocks) produces these shapes; the client (src/canvas) parses them.
 * Objects are not `.strict()`: Canvas adds fields over time and a client must tolerate them.
 */
import { z } from 'zod'

const isoDate = z.string()

/** §3 — a provisional grade as embedded in gradeable_students / submissions / status. */
export const provisionalGradeWire = z.object({
  provisional_grade_id: z.number(),
  grade: z.string().nullable(),
  score: z.number().nullable(),
  graded_at: isoDate.nullable(),
  /** Present only when the caller may see grader identities (§5.2). */
  scorer_id: z.number().optional(),
  /** Present (possibly null) only when grader identities are hidden from the caller. */
  anonymous_grader_id: z.string().nullable().optional(),
  graded_anonymously: z.boolean().nullable(),
  /**
   * Added around 2017–2018 (ProvisionalGrade#grade_attributes: `def entered_score; score; end`); older servers and
   * NullProvisionalGrade send none. The app reads `grade`/`score`, the same values (toProvisionalGrade).
   */
  entered_grade: z.string().nullish(),
  entered_score: z.number().nullish(),
  final: z.boolean(),
  grade_matches_current_submission: z.boolean(),
  speedgrader_url: z.string(),
  /** Status endpoint only. */
  selected: z.boolean().optional(),
  readonly: z.boolean().optional(),
  scorer_name: z.string().optional(),
  submission_comments: z.array(z.unknown()).optional(),
  rubric_assessments: z.array(z.unknown()).optional(),
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
    id: z.number().optional(),
    /** Named rows: base-36 of the user id. Anonymous rows: the submission's anonymous id. */
    anonymous_id: z.string().optional(),
    display_name: z.string().nullish(),
    avatar_image_url: z.string().nullable().optional(),
    html_url: z.string().optional(),
    pronouns: z.string().nullable().optional(),
    fake_student: z.boolean().optional(),
    in_moderation_set: z.boolean().optional(),
    selected_provisional_grade_id: z.number().nullable().optional(),
    provisional_grades: z.array(provisionalGradeWire).optional(),
  })
  .refine((row) => row.id !== undefined || row.anonymous_id !== undefined, {
    message: 'a student row needs an id or an anonymous_id',
  })
export type GradeableStudentWire = z.infer<typeof gradeableStudentWire>

/** §2.4/§2.5 — a selection result. `student_id` is swapped for `anonymous_id` when names are hidden. */
export const selectionWire = z.object({
  assignment_id: z.number(),
  student_id: z.number().optional(),
  anonymous_id: z.string().optional(),
  selected_provisional_grade_id: z.number(),
})
export type SelectionWire = z.infer<typeof selectionWire>
export const bulkSelectionWire = z.array(selectionWire)

/** §2.3 — provisional grade status. */
export const provisionalGradeStatusWire = z.object({
  needs_provisional_grade: z.boolean(),
  provisional_grades: z.array(provisionalGradeWire).optional(),
  final_provisional_grade: provisionalGradeWire.optional(),
})
export type ProvisionalGradeStatusWire = z.infer<typeof provisionalGradeStatusWire>

/** §2.6 — publish success body, and the `{"message": "..."}` body of moderation errors. */
export const messageWire = z.object({ message: z.string() })

/** §6.2 — Canvas's generic error body. */
export const errorsWire = z.object({
  status: z.string().optional(),
  errors: z.union([
    z.array(z.object({ message: z.string(), error_code: z.string().optional() })),
    z.record(z.string(), z.unknown()),
  ]),
  error_report_id: z.union([z.number(), z.string()]).optional(),
})
/** §2.7 — Submissions API grade errors: `{"error": "..."}`. */
export const errorWire = z.object({ error: z.string() })
