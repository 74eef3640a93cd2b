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
  position: z.number().optional(),
  moderated_grading: z.boolean(),
  grader_count: z.number(),
  final_grader_id: z.number().nullable(),
  grader_comments_visible_to_graders: z.boolean(),
  graders_anonymous_to_graders: z.boolean(),
  grader_names_visible_to_final_grader: z.boolean(),
  anonymous_instructor_annotations: z.boolean().optional(),
  anonymous_grading: z.boolean(),
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
