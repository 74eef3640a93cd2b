import { useQuery } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import type { Course } from '../../../canvas/types'
import { SkippedNotice } from '../../../components/ui/skipped-notice'
import { Spinner } from '../../../components/ui/spinner'
import { describeError } from '../../../lib/describe-error'
import { COURSE_NOUN, skippedSentences } from '../../../lib/skipped-text'
import { courseQueries } from '../api/course-queries'

/** `onlyCourseId`: one course (an LTI launch from its navigation, `/?course=<id>`); the others are left out. */
export function CourseList({
  renderAssignments,
  onlyCourseId,
}: {
  renderAssignments: (course: Course) => ReactNode
  onlyCourseId?: number
}) {
  const q = useQuery(courseQueries.mine())
  if (q.isPending) return <Spinner label="Loading your courses…" />
  if (q.isError) {
    return (
      <div className="notice notice--error" role="alert">
        <h2>Courses could not be loaded</h2>
        <p>{describeError(q.error)}</p>
      </div>
    )
  }
  const notShown = <SkippedNotice sentences={skippedSentences(q.data.skipped, COURSE_NOUN)} />
  if (q.data.courses.length === 0) {
    return (
      <>
        {notShown}
        <div className="notice">
          <h2>No courses to moderate</h2>
          <p>
            {q.data.skipped.length > 0
              ? 'You don’t teach any of the courses Canvas showed, and you don’t administer any account.'
              : 'You don’t teach any course in Canvas with this account, and you don’t administer any account.'}
          </p>
        </div>
      </>
    )
  }
  const courses = onlyCourseId === undefined ? q.data.courses : q.data.courses.filter((c) => c.id === onlyCourseId)
  if (courses.length === 0)
    return (
      <div className="notice" role="note">
        <h2>This course is not one of yours here</h2>
        <p>Canvas does not list course {onlyCourseId} among the courses you teach or administer.</p>
      </div>
    )
  return (
    <>
      {onlyCourseId === undefined ? notShown : null}
      <ul className="course-list">
        {courses.map((c) => (
          <li key={c.id} className="course-card">
            <h2 className="course-card__title">
              {c.name} <span className="hint">({c.courseCode})</span>
            </h2>
            <p className="hint">
              {q.data.viaAdmin.has(c.id)
                ? 'Through your account administration'
                : `Your role: ${c.myRoles.join(', ') || 'none'}`}
            </p>
            {renderAssignments(c)}
          </li>
        ))}
      </ul>
    </>
  )
}
