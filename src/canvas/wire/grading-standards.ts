import { z } from '../zod'

/** Grading Standards API: `grading_scheme` entries are `{name, value}` with `value` the lower bound as a fraction 0..1. */
export const gradingSchemeEntryWire = z.object({
  name: z.string(),
  value: z.number().check(z.minimum(0), z.maximum(1)),
  /** Newer Canvas: the bound in the scheme's own unit (percent, or points for points-based schemes). */
  calculated_value: z.optional(z.number()),
})

export const gradingStandardWire = z.object({
  id: z.number(),
  title: z.string(),
  context_type: z.string(),
  context_id: z.number(),
  /** Absent on Canvas versions before points-based schemes (then: percentage, factor 1). */
  points_based: z.nullish(z.boolean()),
  scaling_factor: z.nullish(z.number()),
  grading_scheme: z.array(gradingSchemeEntryWire).check(z.minLength(1)),
})
export type GradingStandardWire = z.infer<typeof gradingStandardWire>
