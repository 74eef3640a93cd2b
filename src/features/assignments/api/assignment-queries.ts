import { queryOptions } from '@tanstack/react-query'
import { getAssignmentWithPublishState, listCourseAssignments } from '../../../canvas/assignments'
import { canvasPath, type AssignmentRef } from '../../../canvas/keys'

export const assignmentQueries = {
  detail: (ref: AssignmentRef) =>
    queryOptions({
      queryKey: [...canvasPath.assignment(ref), 'detail'] as const,
      queryFn: ({ signal }) => getAssignmentWithPublishState({ ...ref, signal }),
      staleTime: 60_000,
    }),
  /** Moderated assignments of a course, with grades_published. */
  moderated: (courseId: number) =>
    queryOptions({
      queryKey: [
        ...canvasPath.course({ courseId }),
        'assignment_groups',
        { include: ['assignments', 'grades_published'] },
      ] as const,
      queryFn: ({ signal }) => listCourseAssignments({ courseId, signal }),
      select: (all) => ({ items: all.items.filter((a) => a.moderatedGrading), skipped: all.skipped }),
      staleTime: 60_000,
    }),
}
