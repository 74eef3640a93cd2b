import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import { canvasPath, type AssignmentRef } from '../../../canvas/keys'
import { addModeratedStudents, listModeratedStudents } from '../../../canvas/moderation-set'

export const moderationSetQueries = {
  all: (ref: AssignmentRef) => [...canvasPath.assignment(ref), 'moderated_students'] as const,
  list: (ref: AssignmentRef) =>
    queryOptions({
      queryKey: moderationSetQueries.all(ref),
      queryFn: ({ signal }) => listModeratedStudents({ ...ref, signal }),
      staleTime: 60_000,
    }),
}

export function useAddModeratedStudents(ref: AssignmentRef) {
  const qc = useQueryClient()
  return useMutation({
    mutationKey: [...moderationSetQueries.all(ref), 'add'],
    mutationFn: (studentIds: number[]) => addModeratedStudents({ ...ref, studentIds }),
    onSuccess: () => qc.invalidateQueries({ queryKey: moderationSetQueries.all(ref) }),
  })
}
