import { queryOptions } from '@tanstack/react-query'
import { getCourse, listAccountCourses, listAccounts, listCourses } from '../../../canvas/courses'
import { canvasPath } from '../../../canvas/keys'
import type { LenientList, SkippedItem } from '../../../canvas/lenient'
import type { Course } from '../../../canvas/types'
import { listCourseGraders } from '../../../canvas/users'

const TEACHING = new Set(['teacher', 'ta'])
const noCourses: LenientList<Course> = { items: [], skipped: [] }

export interface TeachingCourses {
  courses: Course[]
  viaAdmin: Set<number>
  /** Courses Canvas listed but this page cannot show (date-restricted stubs, unreadable items). */
  skipped: SkippedItem[]
}

/**
 * Skipped courses that are not shown after all, once each: one that another list (an account's) did show is
 * dropped, and one left out of two lists is counted once.
 */
function stillSkipped(skipped: SkippedItem[], shown: Course[]): SkippedItem[] {
  const ids = new Set(shown.map((c) => c.id))
  return skipped.filter((s) => {
    if (s.id === undefined) return true
    if (ids.has(s.id)) return false
    ids.add(s.id)
    return true
  })
}

/** Courses the caller teaches, plus (for account admins) the courses of their accounts. */
async function listMyTeachingCourses(signal: AbortSignal): Promise<TeachingCourses> {
  const [mine, accounts] = await Promise.all([listCourses({ signal }), listAccounts({ signal }).catch(() => [])])
  const teaching = mine.items.filter((c) => c.myRoles.some((r) => TEACHING.has(r)))
  const skipped = [...mine.skipped]
  const viaAdmin = new Set<number>()
  if (accounts.length > 0) {
    const lists = await Promise.all(
      accounts.map((a) => listAccountCourses({ accountId: a.id, signal }).catch(() => noCourses)),
    )
    for (const list of lists) {
      skipped.push(...list.skipped)
      for (const c of list.items) {
        if (!teaching.some((t) => t.id === c.id)) {
          teaching.push(c)
          viaAdmin.add(c.id)
        }
      }
    }
  }
  return { courses: teaching, viaAdmin, skipped: stillSkipped(skipped, [...mine.items, ...teaching]) }
}

export const courseQueries = {
  mine: () =>
    queryOptions({
      queryKey: [...canvasPath.courses(), 'teaching'] as const,
      queryFn: ({ signal }) => listMyTeachingCourses(signal),
      staleTime: 5 * 60_000,
    }),
  /** One course: its name and course code (the report's header). */
  detail: (courseId: number) =>
    queryOptions({
      queryKey: [...canvasPath.course({ courseId }), 'detail'] as const,
      queryFn: ({ signal }) => getCourse({ courseId, signal }),
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
