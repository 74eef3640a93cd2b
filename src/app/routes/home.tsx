import { useQuery } from '@tanstack/react-query'
import { useEffect } from 'react'
import { Link, useSearchParams } from 'react-router'
import { ModeratedAssignmentList } from '../../features/assignments/components/moderated-assignment-list'
import { CourseList } from '../../features/courses/components/course-list'
import { ModerationState } from '../../features/grades/components/moderation-state'
import { selfQueries } from '../../features/session/api/self-queries'
import { paths } from '../../lib/paths'

export default function Home() {
  const self = useQuery(selfQueries.self())
  // `?course=<id>`: one course, as a launch from Canvas's course navigation opens it.
  const [params] = useSearchParams()
  const course = params.get('course')
  const onlyCourseId = course !== null && /^\d{1,15}$/.test(course) ? Number(course) : undefined
  useEffect(() => {
    document.title = 'Your courses — Moderation Desk'
  }, [])
  return (
    <div className="page">
      <h1>Moderated assignments</h1>
      <p className="lede">
        {onlyCourseId === undefined ? (
          'Courses you teach or administer, and the state of each moderated assignment.'
        ) : (
          <>
            One course’s moderated assignments. <Link to="/">Show all your courses</Link>
          </>
        )}
      </p>
      <CourseList
        onlyCourseId={onlyCourseId}
        renderAssignments={(course) => (
          <ModeratedAssignmentList
            courseId={course.id}
            selfId={self.data?.id}
            moderatePath={(a) => paths.moderate({ courseId: course.id, assignmentId: a.id })}
            renderState={(a) => (
              <ModerationState
                assignmentRef={{ courseId: course.id, assignmentId: a.id }}
                noFinalGrader={a.finalGraderId === null}
              />
            )}
          />
        )}
      />
    </div>
  )
}
