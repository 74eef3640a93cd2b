import { z } from '../zod'

/**
 * A course section (lib/api/v1/section.rb `section_json`: id, name, course_id, nonxlist_course_id, start_at, end_at,
 * restrict_enrollments_to_section_dates; SIS ids only for callers with read_sis).
 */
export const sectionWire = z.object({
  id: z.number(),
  name: z.string(),
  course_id: z.optional(z.number()),
  /** The section's own course when it is cross-listed into this one. */
  nonxlist_course_id: z.nullish(z.number()),
  start_at: z.nullish(z.string()),
  end_at: z.nullish(z.string()),
  sis_section_id: z.nullish(z.string()),
})
export type SectionWire = z.infer<typeof sectionWire>
