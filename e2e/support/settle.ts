import { expect } from '@playwright/test'
import type { World } from '../fixtures'

type Row = {
  selected_provisional_grade_id: number | null
  provisional_grades: Array<{ provisional_grade_id: number; graded_at: string | null; final: boolean }>
}

/** Selects a grade for every student of 501 who would block publishing, over Canvas's API (arranging, not testing). */
export async function settleEveryConflict(world: World) {
  const res = await world.api(
    'GET',
    '/courses/101/assignments/501/gradeable_students?include[]=provisional_grades&per_page=100',
  )
  const rows = (await res.json()) as Row[]
  const ids = rows
    .filter(
      (r) => r.selected_provisional_grade_id === null && r.provisional_grades.filter((g) => g.graded_at).length >= 2,
    )
    .map((r) => r.provisional_grades.find((g) => g.graded_at && !g.final)!.provisional_grade_id)
  const put = await world.api('PUT', '/courses/101/assignments/501/provisional_grades/bulk_select', {
    data: { provisional_grade_ids: ids },
  })
  expect(put.ok()).toBeTruthy()
}
