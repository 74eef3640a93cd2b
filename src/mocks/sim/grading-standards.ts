/**
 * Grading schemes (Canvas `GradingStandard`, app/controllers/grading_standards_api_controller.rb,
 * lib/api/v1/grading_standard.rb).
 *
 * - `GET /courses/:course_id/grading_standards` (`context_index`): `require_context` (unknown course → 404),
 *   then `authorized_action(@context, :read)` — anyone who can read the course, students included; others get
 *   the unauthorized answer. It renders `@context.grading_standards`, i.e. the **course's own** active schemes:
 *   `Course has_many :grading_standards, as: :context`, so account schemes are not in this list (Canvas's
 *   `GradingStandard.for(context)` would add them, but the API does not use it). The controller renders the whole
 *   list without `Api.paginate` (the doc comment says "paginated"; the code sends one response, no `Link`).
 * - `GET /courses/:course_id/grading_standards/:grading_standard_id` (`context_show`): same checks, then
 *   `@context.grading_standards.find(id)` → 404 for an id that is not one of the course's schemes (an account
 *   scheme too).
 * - JSON: `id title context_type context_id scaling_factor points_based` + `grading_scheme` =
 *   `data_with_calculated_value`: `[{name, value, calculated_value}]`, highest first. `calculated_value` is the
 *   bound in the scheme's own unit (percent for percentage schemes, points for points-based ones) — inferred from
 *   the API documentation; the model code was not available.
 */
import type { Caller } from './caller'
import { readableCourse } from './courses'
import { notFound } from './errors'
import { parseId } from './params'
import type { GradingStandard } from './types'
import type { World } from './world'

export interface GradingStandardInput {
  id?: number
  context_type: GradingStandard['context_type']
  context_id: number
  title: string
  /** `[name, lower bound as a fraction]`, any order; stored highest first, rounded to 4 places as Canvas's `data=`. */
  data: [string, number][]
  points_based?: boolean
  scaling_factor?: number
}

export function createGradingStandard(world: World, input: GradingStandardInput): GradingStandard {
  const id =
    input.id === undefined ? world.nextId('grading_standards', 1) : world.claimId('grading_standards', input.id)
  const data = input.data
    .map(([name, value]): [string, number] => [name, Math.round(value * 10000) / 10000])
    .sort((a, b) => b[1] - a[1])
  if (!data.some(([, v]) => v === 0)) throw new Error('grading schemes must have 0% for the lowest grade')
  const gs: GradingStandard = {
    id,
    context_type: input.context_type,
    context_id: input.context_id,
    title: input.title,
    data,
    points_based: input.points_based ?? false,
    scaling_factor: input.points_based ? (input.scaling_factor ?? 1) : 1,
    workflow_state: 'active',
  }
  world.gradingStandards.set(gs.id, gs)
  return gs
}

function round2(n: number) {
  return Math.round(n * 100) / 100
}

export function gradingStandardJson(gs: GradingStandard) {
  return {
    id: gs.id,
    title: gs.title,
    context_type: gs.context_type,
    context_id: gs.context_id,
    scaling_factor: gs.scaling_factor,
    points_based: gs.points_based,
    grading_scheme: gs.data.map(([name, value]) => ({
      name,
      value,
      calculated_value: gs.points_based ? round2(value * gs.scaling_factor) : round2(value * 100),
    })),
  }
}

/** The course's own active schemes, by id (the association's default order). */
function courseStandards(world: World, courseId: number): GradingStandard[] {
  return [...world.gradingStandards.values()]
    .filter((g) => g.context_type === 'Course' && g.context_id === courseId && g.workflow_state === 'active')
    .sort((a, b) => a.id - b.id)
}

/** GET /api/v1/courses/:course_id/grading_standards */
export function listCourseGradingStandards(caller: Caller, rawCourseId: string | undefined) {
  const course = readableCourse(caller, rawCourseId)
  return courseStandards(caller.world, course.id).map(gradingStandardJson)
}

/** GET /api/v1/courses/:course_id/grading_standards/:grading_standard_id */
export function showCourseGradingStandard(caller: Caller, rawCourseId: string | undefined, rawId: string | undefined) {
  const course = readableCourse(caller, rawCourseId)
  const id = parseId(rawId)
  const gs = courseStandards(caller.world, course.id).find((g) => g.id === id)
  if (!gs) throw notFound()
  return gradingStandardJson(gs)
}
