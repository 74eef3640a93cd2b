import { z } from '../zod'
import { enrollmentWire } from './users'

export const courseWire = z.object({
  id: z.number(),
  name: z.string(),
  course_code: z.string(),
  workflow_state: z.string(),
  account_id: z.optional(z.number()),
  /** The course's default grading scheme, when "Enable course grading scheme" is on; null otherwise. */
  grading_standard_id: z.nullish(z.number()),
  /** The caller's own enrollments in the course (always included by GET /courses). */
  enrollments: z.optional(z.array(enrollmentWire)),
})
export type CourseWire = z.infer<typeof courseWire>

export const accountWire = z.object({
  id: z.number(),
  name: z.string(),
  parent_account_id: z.nullish(z.number()),
})
export type AccountWire = z.infer<typeof accountWire>
