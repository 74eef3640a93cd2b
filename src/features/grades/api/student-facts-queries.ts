import { queryOptions, useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import { getOwnSectionLimit, listStudentEnrollments } from '../../../canvas/enrollments'
import { rosterPath, type AssignmentRef, type CourseRef } from '../../../canvas/keys'
import { listSections } from '../../../canvas/sections'
import { listSubmissionStates } from '../../../canvas/submission-states'
import { joinStudentFacts, type StudentFactsIndex } from '../utils/student-facts'

const FIVE_MINUTES = 5 * 60_000

export const studentFactsQueries = {
  sections: (c: CourseRef) =>
    queryOptions({
      queryKey: rosterPath.sections(c),
      queryFn: ({ signal }) => listSections({ ...c, signal }),
      staleTime: FIVE_MINUTES,
    }),
  enrollments: (c: CourseRef) =>
    queryOptions({
      queryKey: rosterPath.studentEnrollments(c),
      queryFn: ({ signal }) => listStudentEnrollments({ ...c, signal }),
      staleTime: FIVE_MINUTES,
    }),
  submissionStates: (a: AssignmentRef & { anonymous: boolean }) =>
    queryOptions({
      queryKey: rosterPath.submissionStates(a),
      queryFn: ({ signal }) => listSubmissionStates({ ...a, signal }),
      staleTime: FIVE_MINUTES,
    }),
  sectionLimit: (c: CourseRef & { userId: number }) =>
    queryOptions({
      queryKey: rosterPath.ownSectionLimit(c),
      queryFn: ({ signal }) => getOwnSectionLimit({ ...c, signal }),
      staleTime: FIVE_MINUTES,
    }),
}

export interface SectionScope {
  /** The sections the caller sees, when Canvas limits them to some ("Lab B"). */
  visible: string[]
  total: number
}

/**
 * Sections, enrolment states and submission facts for the grid, joined by student key. Students anonymous to the
 * caller get only what their own (anonymous) submission row says: never a section or an enrolment, which would
 * name them. Every part is optional: the grid shows what has loaded, and says nothing it does not know.
 */
export function useStudentFacts(
  ref: AssignmentRef,
  opts: { anonymous: boolean; selfId: number | undefined; enabled: boolean },
): { index: StudentFactsIndex | undefined; sectionScope: SectionScope | null } {
  const course = { courseId: ref.courseId }
  // Asked for once the roster has loaded: the grades come first (a large course's enrolments and submissions are as
  // many pages as its roster), the markers a moment later.
  const { enabled } = opts
  const sections = useQuery({ ...studentFactsQueries.sections(course), enabled })
  const enrollments = useQuery({ ...studentFactsQueries.enrollments(course), enabled: enabled && !opts.anonymous })
  const states = useQuery({ ...studentFactsQueries.submissionStates({ ...ref, anonymous: opts.anonymous }), enabled })
  const limit = useQuery({
    ...studentFactsQueries.sectionLimit({ ...course, userId: opts.selfId ?? 0 }),
    enabled: opts.selfId !== undefined,
  })
  const index = useMemo(
    () =>
      sections.data || enrollments.data || states.data
        ? joinStudentFacts({
            sections: sections.data?.items,
            students: opts.anonymous ? undefined : enrollments.data?.items,
            states: states.data?.items,
          })
        : undefined,
    [sections.data, enrollments.data, states.data, opts.anonymous],
  )
  const sectionScope = useMemo(() => {
    const all = sections.data?.items
    const mine = limit.data
    if (!all || !mine?.limited) return null
    const names = all.filter((s) => mine.sectionIds.includes(s.id)).map((s) => s.name)
    return names.length < all.length ? { visible: names, total: all.length } : null
  }, [sections.data, limit.data])
  return { index, sectionScope }
}
