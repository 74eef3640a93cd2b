import { fetchAllPages } from './pagination'
import type { Course } from './types'
import { accountWire, courseWire, type AccountWire, type CourseWire } from './wire/courses'

/** 'TeacherEnrollment' (enrollment JSON) and 'teacher' (course JSON) both become 'teacher'. */
export function normaliseEnrollmentType(type: string): string {
  return type.replace(/Enrollment$/, '').toLowerCase()
}

export function toCourse(w: CourseWire): Course {
  return {
    id: w.id,
    name: w.name,
    courseCode: w.course_code,
    myRoles: [...new Set((w.enrollments ?? []).map((e) => normaliseEnrollmentType(e.type)))],
  }
}

export async function listCourses({ signal }: { signal?: AbortSignal }): Promise<Course[]> {
  const rows = await fetchAllPages({ path: '/courses', query: { per_page: 100 }, item: courseWire, signal })
  return rows.map(toCourse)
}

/** Accounts the caller administers (empty for non-admins). */
export async function listAccounts({ signal }: { signal?: AbortSignal }): Promise<AccountWire[]> {
  return fetchAllPages({ path: '/accounts', query: { per_page: 100 }, item: accountWire, signal })
}

export async function listAccountCourses({
  accountId,
  signal,
}: {
  accountId: number
  signal?: AbortSignal
}): Promise<Course[]> {
  const rows = await fetchAllPages({
    path: `/accounts/${accountId}/courses`,
    query: { per_page: 100 },
    item: courseWire,
    signal,
  })
  return rows.map(toCourse)
}
