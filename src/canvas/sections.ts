/**
 * Course sections. GET /api/v1/courses/:course_id/sections (SectionsController#index) lists every active section of the
 * course, ordered by name: it does not narrow the list to the caller's sections, so a section-limited grader gets all of
 * them too (compare with `getOwnSectionLimit`, enrollments.ts, for "you see 2 of 5 sections"). Paginated (counted, so
 * with rel="last"); read leniently: a section that cannot be read is left out and counted.
 */
import type { CourseRef } from './keys'
import { mapItems, type LenientList } from './lenient'
import { fetchList } from './pagination'
import { sectionWire, type SectionWire } from './wire/sections'

export interface Section {
  id: number
  name: string
}

export function toSection(w: SectionWire): Section {
  return { id: w.id, name: w.name }
}

export async function listSections({
  courseId,
  signal,
}: CourseRef & { signal?: AbortSignal }): Promise<LenientList<Section>> {
  const list = await fetchList({
    path: `/courses/${courseId}/sections`,
    query: { per_page: 100 },
    item: sectionWire,
    signal,
    lenient: true,
  })
  return mapItems(list, toSection)
}
