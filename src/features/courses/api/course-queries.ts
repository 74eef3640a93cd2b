import { queryOptions } from '@tanstack/react-query'
import { listAccountCourses, listAccounts, listCourses } from '../../../canvas/courses'
import { canvasPath } from '../../../canvas/keys'
import type { Course } from '../../../canvas/types'
import { listCourseGraders } from '../../../canvas/users'

const TEACHING = new Set(['teacher', 'ta'])

/** Courses the caller teaches, plus (for account admins) the courses of their accounts. */
async function listMyTeachingCourses(signal: AbortSignal): Promise<{ courses: Course[]; viaAdmin: Set<number> }> {
  const [mine, accounts] = await Promise.all([listCourses({ signal }), listAccounts({ signal }).catch(() => [])])
  const teaching = mine.filter((c) => c.myRoles.some((r) => TEACHING.has(r)))
  const viaAdmin = new Set<number>()
  if (accounts.length > 0) {
    const lists = await Promise.all(
      accounts.map((a) => listAccountCourses({ accountId: a.id, signal }).catch(() => [])),
    )
    for (const c of lists.flat()) {
      if (!teaching.some((t) => t.id === c.id)) {
        teaching.push(c)
        viaAdmin.add(c.id)
      }
    }
  }
  return { courses: teaching, viaAdmin }
}

export const courseQueries = {
  mine: () =>
    queryOptions({
      queryKey: [...canvasPath.courses(), 'teaching'] as const,
      queryFn: ({ signal }) => listMyTeachingCourses(signal),
      staleTime: 5 * 60_000,
    }),
  /** Teachers and TAs (grader names). */
  graders: (courseId: number) =>
    queryOptions({
      queryKey: [...canvasPath.course({ courseId }), 'users', { enrollment_type: ['teacher', 'ta'] }] as const,
      queryFn: ({ signal }) => listCourseGraders({ courseId, signal }),
      select: (users) => new Map(users.map((u) => [u.id, u.name])),
      staleTime: 5 * 60_000,
    }),
}
