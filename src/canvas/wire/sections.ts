import { z } from 'zod'

/**
 * A course section (lib/api/v1/section.rb `section_json`: id, name, course_id, nonxlist_course_id, start_at, end_at,
 * restrict_enrollments_to_section_dates; SIS ids only for callers with read_sis).
 */
export const sectionWire = z.object({
  id: z.number(),
  name: z.string(),
  course_id: z.number().optional(),
  /** The section's own course when it is cross-listed into this one. */
  nonxlist_course_id: z.number().nullish(),
  start_at: z.string().nullish(),
  end_at: z.string().nullish(),
  sis_section_id: z.string().nullish(),
})
export type SectionWire = z.infer<typeof sectionWire>
