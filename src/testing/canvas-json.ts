import type { SimWorldHandle } from './simulator'
import type { CastRole } from '../mocks/sim/types'

export const A = (id: number) => `/api/v1/courses/101/assignments/${id}`

export interface PgJson {
  provisional_grade_id: number
  score: number | null
  grade: string | null
  final: boolean
  scorer_id?: number
  anonymous_grader_id?: string | null
  grade_matches_current_submission: boolean
  speedgrader_url: string
  [key: string]: unknown
}
export interface Row {
  id?: number
  anonymous_id: string
  display_name: string
  in_moderation_set?: boolean
  selected_provisional_grade_id?: number | null
  provisional_grades?: PgJson[]
  [key: string]: unknown
}

/** Every page of gradeable_students, following rel="next" like Canvas's Grade Summary page. */
export async function allGradeable(
  w: SimWorldHandle,
  who: CastRole | number,
  assignmentId: number,
  query = 'include[]=provisional_grades&allow_new_anonymous_id=true&per_page=100',
): Promise<Row[]> {
  const rows: Row[] = []
  let next: string | null = `${A(assignmentId)}/gradeable_students?${query}`
  while (next) {
    const res = await w.fetch(who, next)
    if (!res.ok) throw new Error(`${next} → ${res.status}`)
    rows.push(...((await res.json()) as Row[]))
    const link = res.headers.get('link') ?? ''
    const m = /<([^>]+)>; rel="next"/.exec(link)
    next = m ? new URL(m[1]!).pathname + new URL(m[1]!).search : null
  }
  return rows
}

export function rowOf(rows: Row[], id: number): Row {
  const row = rows.find((r) => r.id === id)
  if (!row) throw new Error(`no row for ${id}`)
  return row
}

export const UNAUTHORIZED_BODY = {
  status: 'unauthorized',
  errors: [{ message: 'user not authorized to perform that action' }],
}
export const NOT_FOUND_BODY = { errors: [{ message: 'The specified resource does not exist.' }] }
