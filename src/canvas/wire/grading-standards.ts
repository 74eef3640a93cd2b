import { z } from 'zod'

/** Grading Standards API: `grading_scheme` entries are `{name, value}` with `value` the lower bound as a fraction 0..1. */
export const gradingSchemeEntryWire = z.object({
  name: z.string(),
  value: z.number().min(0).max(1),
  /** Newer Canvas: the bound in the scheme's own unit (percent, or points for points-based schemes). */
  calculated_value: z.number().optional(),
})

export const gradingStandardWire = z.object({
  id: z.number(),
  title: z.string(),
  context_type: z.string(),
  context_id: z.number(),
  /** Absent on Canvas versions before points-based schemes (then: percentage, factor 1). */
  points_based: z.boolean().nullable().optional(),
  scaling_factor: z.number().nullable().optional(),
  grading_scheme: z.array(gradingSchemeEntryWire).min(1),
})
export type GradingStandardWire = z.infer<typeof gradingStandardWire>
