/**
 * Canvas grading schemes ("grading standards"): `GET /courses/:id/grading_standards` lists the course's own
 * schemes (not the account's); `GET /courses/:id/grading_standards/:id` reads one (404 for anything that is not
 * the course's). An assignment's `grading_standard_id` (else the course's) says which scheme applies.
 */
import { CanvasApiError } from './errors'
import { canvasRequest } from './http'
import { fetchAllPages } from './pagination'
import { courseWire } from './wire/courses'
import { gradingStandardWire, type GradingStandardWire } from './wire/grading-standards'

export interface GradingStandard {
  id: number
  title: string
  context: 'course' | 'account' | 'other'
  contextId: number
  pointsBased: boolean
  /** The scheme's maximum in points for points-based schemes; 1 for percentage schemes. */
  scalingFactor: number
  /** Highest first; `value` is the lower bound as a fraction 0..1 (Canvas's version-2 data). */
  entries: { name: string; value: number }[]
}

export function toGradingStandard(w: GradingStandardWire): GradingStandard {
  const pointsBased = w.points_based === true
  return {
    id: w.id,
    title: w.title,
    context: w.context_type === 'Course' ? 'course' : w.context_type === 'Account' ? 'account' : 'other',
    contextId: w.context_id,
    pointsBased,
    scalingFactor: pointsBased && w.scaling_factor && w.scaling_factor > 0 ? w.scaling_factor : 1,
    entries: [...w.grading_scheme].sort((a, b) => b.value - a.value).map((e) => ({ name: e.name, value: e.value })),
  }
}

export async function listGradingStandards({
  courseId,
  signal,
}: {
  courseId: number
  signal?: AbortSignal
}): Promise<GradingStandard[]> {
  // Canvas sends the whole list today; fetchAllPages also follows a Link header should it ever paginate.
  const rows = await fetchAllPages({
    path: `/courses/${courseId}/grading_standards`,
    query: { per_page: 100 },
    item: gradingStandardWire,
    signal,
  })
  return rows.map(toGradingStandard)
}

/** One scheme through the course; null when Canvas answers 404 (not one of the course's schemes). */
export async function getGradingStandard({
  courseId,
  id,
  signal,
}: {
  courseId: number
  id: number
  signal?: AbortSignal
}): Promise<GradingStandard | null> {
  try {
    const { data } = await canvasRequest({
      path: `/courses/${courseId}/grading_standards/${id}`,
      schema: gradingStandardWire,
      signal,
    })
    return toGradingStandard(data)
  } catch (e) {
    if (e instanceof CanvasApiError && e.status === 404) return null
    throw e
  }
}

/**
 * The course's default scheme id (null when it has none). The assignment's own is on the Assignment already
 * (`gradingStandardId`), so it is not asked for again.
 */
export async function getCourseGradingStandardId({
  courseId,
  signal,
}: {
  courseId: number
  signal?: AbortSignal
}): Promise<number | null> {
  const { data } = await canvasRequest({ path: `/courses/${courseId}`, schema: courseWire, signal })
  return data.grading_standard_id ?? null
}
