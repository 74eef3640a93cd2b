import { canvasRequest } from './http'
import { fetchAllPages } from './pagination'
import type { User } from './types'
import { selfWire, userWire, type UserWire } from './wire/users'

export function toUser(w: UserWire): User {
  return { id: w.id, name: w.name, sortableName: w.sortable_name }
}

export async function getSelf({ signal }: { signal?: AbortSignal }): Promise<User> {
  const { data } = await canvasRequest({ path: '/users/self', schema: selfWire, signal })
  return toUser(data)
}

/** Teachers and TAs of a course: the people who can appear as graders (names for the grid's columns). */
export async function listCourseGraders({
  courseId,
  signal,
}: {
  courseId: number
  signal?: AbortSignal
}): Promise<User[]> {
  const rows = await fetchAllPages({
    path: `/courses/${courseId}/users`,
    query: { 'enrollment_type[]': ['teacher', 'ta'], per_page: 100 },
    item: userWire,
    signal,
  })
  return rows.map(toUser)
}
