import type { CourseRef } from './keys'
import { canvasRequest } from './http'
import { mapItems, type LenientList, type SkipReason } from './lenient'
import { fetchAllPages, fetchList } from './pagination'
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

/**
 * GET /courses sends `{"id": <id>, "access_restricted_by_date": true}` and nothing else for a course whose every
 * enrollment of the caller is inactive by the course's dates (lib/api/v1/course.rb, `course_json`; the include
 * is always added by CoursesController#courses_for_user). Such a stub is left out, and counted.
 */
export function dateRestrictedCourse(raw: unknown): SkipReason | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined
  return (raw as { access_restricted_by_date?: unknown }).access_restricted_by_date === true
    ? 'restricted-by-date'
    : undefined
}

async function readCourses(path: string, signal: AbortSignal | undefined): Promise<LenientList<Course>> {
  const list = await fetchList({
    path,
    query: { per_page: 100 },
    item: courseWire,
    signal,
    lenient: { skip: dateRestrictedCourse },
  })
  return mapItems(list, toCourse)
}

/** The caller's courses; date-restricted stubs and courses that cannot be read are in `skipped`. */
export async function listCourses({ signal }: { signal?: AbortSignal }): Promise<LenientList<Course>> {
  return readCourses('/courses', signal)
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
}): Promise<LenientList<Course>> {
  return readCourses(`/accounts/${accountId}/courses`, signal)
}

/**
 * One course: GET /api/v1/courses/:id (CoursesController#show, `course_json`), for its name and course code. Canvas
 * answers 401/403 when the caller may not read the course and 404 when it does not exist or is deleted.
 */
export async function getCourse({ courseId, signal }: CourseRef & { signal?: AbortSignal }): Promise<Course> {
  const { data } = await canvasRequest({ path: `/courses/${courseId}`, schema: courseWire, signal })
  return toCourse(data)
}
