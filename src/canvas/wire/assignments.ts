import { z } from 'zod'

/** §4 — assignment JSON with its moderation fields. */
export const assignmentWire = z.object({
  id: z.number(),
  course_id: z.number(),
  name: z.string(),
  description: z.string().nullable().optional(),
  points_possible: z.number().nullable(),
  grading_type: z.string(),
  /** The assignment's grading scheme; null/absent = the course's, else Canvas's default. */
  grading_standard_id: z.number().nullable().optional(),
  due_at: z.string().nullable().optional(),
  published: z.boolean(),
  muted: z.boolean().optional(),
  post_manually: z.boolean().optional(),
  html_url: z.string().optional(),
  assignment_group_id: z.number().optional(),
  /** Set on group assignments, which Canvas does not let be moderated (abstract_assignment.rb moderation_setting_ok?). */
  group_category_id: z.number().nullish(),
  position: z.number().optional(),
  /**
   * The moderation columns (lib/api/v1/assignment.rb, API_ALLOWED_ASSIGNMENT_OUTPUT_FIELDS) are nullable in the
   * database (AddAssignmentModeratedGrading, AddAnonymousModeratedMarkingFieldsToAssignment: no NOT NULL, no
   * backfill found), so old assignments carry null; servers from before about 2018 omit them. toAssignment
   * supplies the defaults.
   */
  moderated_grading: z.boolean().nullish(),
  grader_count: z.number().nullish(),
  final_grader_id: z.number().nullish(),
  grader_comments_visible_to_graders: z.boolean().nullish(),
  graders_anonymous_to_graders: z.boolean().nullish(),
  grader_names_visible_to_final_grader: z.boolean().nullish(),
  anonymous_instructor_annotations: z.boolean().optional(),
  /** Always true/false on current Canvas (`value_to_boolean`); absent on servers from before anonymous grading. */
  anonymous_grading: z.boolean().nullish(),
  anonymize_students: z.boolean().optional(),
  graded_submissions_exist: z.boolean().optional(),
  needs_grading_count: z.number().optional(),
  /** Only with the Assignment Groups API and include[]=grades_published (§4). */
  grades_published: z.boolean().optional(),
})
export type AssignmentWire = z.infer<typeof assignmentWire>

export const assignmentGroupWire = z.object({
  id: z.number(),
  name: z.string(),
  position: z.number(),
  group_weight: z.number().nullable().optional(),
  assignments: z.array(assignmentWire).optional(),
})
export type AssignmentGroupWire = z.infer<typeof assignmentGroupWire>

/**
 * An assignment group as the Assignment Groups API list is read: only its `assignments` are used, and they are
 * parsed one by one (lenient.ts), so that one assignment in an older form does not hide the others.
 */
export const assignmentGroupEnvelopeWire = z.object({
  id: z.number().optional(),
  assignments: z.array(z.unknown()).nullish(),
})
