import { useQuery } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { Link } from 'react-router'
import type { Assignment } from '../../../canvas/types'
import { SkippedNotice } from '../../../components/ui/skipped-notice'
import { describeError } from '../../../lib/describe-error'
import { ASSIGNMENT_NOUN, skippedSentences } from '../../../lib/skipped-text'
import { assignmentQueries } from '../api/assignment-queries'
import { PostState } from './post-state'

interface Props {
  courseId: number
  selfId: number | undefined
  /** State of one unpublished assignment (needs selections / ready), supplied by the grades feature. */
  renderState: (assignment: Assignment) => ReactNode
  moderatePath: (assignment: Assignment) => string
}

export function ModeratedAssignmentList({ courseId, selfId, renderState, moderatePath }: Props) {
  const q = useQuery(assignmentQueries.moderated(courseId))
  if (q.isPending) return <p className="hint">Loading assignments…</p>
  if (q.isError) return <p className="error-text">Assignments could not be loaded: {describeError(q.error)}</p>
  const notShown = <SkippedNotice sentences={skippedSentences(q.data.skipped, ASSIGNMENT_NOUN)} />
  if (q.data.items.length === 0) {
    return (
      <>
        {notShown}
        <p className="empty">
          {q.data.skipped.length > 0
            ? 'None of the other assignments in this course is moderated.'
            : 'No moderated assignments in this course.'}
        </p>
      </>
    )
  }
  return (
    <>
      {notShown}
      <ul className="assignment-list">
        {q.data.items.map((a) => (
          <li key={a.id} className="assignment-list__item">
            <Link to={moderatePath(a)} className="assignment-list__link">
              {a.name}
            </Link>
            <span className="assignment-list__meta">
              {a.gradesPublished ? <PostState assignment={a} /> : renderState(a)}
              <span className="hint">
                {a.finalGraderId === null
                  ? 'No final grader is set'
                  : selfId !== undefined && a.finalGraderId === selfId
                    ? 'You are the final grader'
                    : 'You are not the final grader'}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </>
  )
}
