import { useQuery } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import type { Course } from '../../../canvas/types'
import { Spinner } from '../../../components/ui/spinner'
import { describeError } from '../../../lib/describe-error'
import { courseQueries } from '../api/course-queries'

export function CourseList({ renderAssignments }: { renderAssignments: (course: Course) => ReactNode }) {
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
  if (q.data.courses.length === 0) {
    return (
      <div className="notice">
        <h2>No courses to moderate</h2>
        <p>You don’t teach any course in Canvas with this account, and you don’t administer any account.</p>
      </div>
    )
  }
  return (
    <ul className="course-list">
      {q.data.courses.map((c) => (
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
  )
}
