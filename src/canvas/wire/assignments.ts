import { z } from '../zod'

/** §4 — assignment JSON with its moderation fields. */
export const assignmentWire = z.object({
  id: z.number(),
  course_id: z.number(),
  name: z.string(),
  description: z.nullish(z.string()),
  points_possible: z.nullable(z.number()),
  grading_type: z.string(),
  /** The assignment's grading scheme; null/absent = the course's, else Canvas's default. */
  grading_standard_id: z.nullish(z.number()),
  due_at: z.nullish(z.string()),
  published: z.boolean(),
  muted: z.optional(z.boolean()),
  post_manually: z.optional(z.boolean()),
  html_url: z.optional(z.string()),
  assignment_group_id: z.optional(z.number()),
  /** Set on group assignments, which Canvas does not let be moderated (abstract_assignment.rb moderation_setting_ok?). */
  group_category_id: z.nullish(z.number()),
  position: z.optional(z.number()),
  /**
   * The moderation columns (lib/api/v1/assignment.rb, API_ALLOWED_ASSIGNMENT_OUTPUT_FIELDS) are nullable in the
   * database (AddAssignmentModeratedGrading, AddAnonymousModeratedMarkingFieldsToAssignment: no NOT NULL, no
   * backfill found), so old assignments carry null; servers from before about 2018 omit them. toAssignment
   * supplies the defaults.
   */
  moderated_grading: z.nullish(z.boolean()),
  grader_count: z.nullish(z.number()),
  final_grader_id: z.nullish(z.number()),
  grader_comments_visible_to_graders: z.nullish(z.boolean()),
  graders_anonymous_to_graders: z.nullish(z.boolean()),
  grader_names_visible_to_final_grader: z.nullish(z.boolean()),
  anonymous_instructor_annotations: z.optional(z.boolean()),
  /** Always true/false on current Canvas (`value_to_boolean`); absent on servers from before anonymous grading. */
  anonymous_grading: z.nullish(z.boolean()),
  anonymize_students: z.optional(z.boolean()),
  graded_submissions_exist: z.optional(z.boolean()),
  needs_grading_count: z.optional(z.number()),
  /** Only with the Assignment Groups API and include[]=grades_published (§4). */
  grades_published: z.optional(z.boolean()),
})
export type AssignmentWire = z.infer<typeof assignmentWire>

export const assignmentGroupWire = z.object({
  id: z.number(),
  name: z.string(),
  position: z.number(),
  group_weight: z.nullish(z.number()),
  assignments: z.optional(z.array(assignmentWire)),
})
export type AssignmentGroupWire = z.infer<typeof assignmentGroupWire>

/**
 * An assignment group as the Assignment Groups API list is read: only its `assignments` are used, and they are
 * parsed one by one (lenient.ts), so that one assignment in an older form does not hide the others.
 */
export const assignmentGroupEnvelopeWire = z.object({
  id: z.optional(z.number()),
  assignments: z.nullish(z.array(z.unknown())),
})
