import { z } from './zod'
import { canvasRequest } from './http'
import type { AssignmentRef } from './keys'
import { fetchAllPages } from './pagination'
import type { User } from './types'
import { toUser } from './users'
import { userWire } from './wire/users'

/** GET …/moderated_students (contract §2.1), every page. */
export async function listModeratedStudents(ref: AssignmentRef & { signal?: AbortSignal }): Promise<User[]> {
  const rows = await fetchAllPages({
    path: `/courses/${ref.courseId}/assignments/${ref.assignmentId}/moderated_students`,
    query: { per_page: 100 },
    item: userWire,
    signal: ref.signal,
  })
  return rows.map(toUser)
}

/** POST …/moderated_students with student_ids[] (§2.2). Returns every requested visible student. */
export async function addModeratedStudents(
  ref: AssignmentRef & { studentIds: number[]; signal?: AbortSignal },
): Promise<User[]> {
  const { data } = await canvasRequest({
    method: 'POST',
    path: `/courses/${ref.courseId}/assignments/${ref.assignmentId}/moderated_students`,
    json: { student_ids: ref.studentIds },
    schema: z.array(userWire),
    signal: ref.signal,
  })
  return data.map(toUser)
}
