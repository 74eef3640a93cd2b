import type { ReactNode } from 'react'
import type { Assignment } from '../../../canvas/types'
import { plural } from '../../../lib/format'

interface Props {
  assignment: Assignment
  finalGraderName: string | null
  youAreFinalGrader: boolean
  /** Selection progress, supplied by the grades feature. */
  progress?: ReactNode
}

export function AssignmentHeader({ assignment, finalGraderName, youAreFinalGrader, progress }: Props) {
  const published = assignment.gradesPublished === true
  return (
    <header className="page-header">
      <h1>{assignment.name}</h1>
      <dl className="facts">
        <div>
          <dt>Points possible</dt>
          <dd>{assignment.pointsPossible ?? '—'}</dd>
        </div>
        <div>
          <dt>Graders</dt>
          <dd>
            {assignment.graderCount === null
              ? 'Not set in Canvas'
              : plural(assignment.graderCount, 'provisional grader')}
          </dd>
        </div>
        <div>
          <dt>Final grader</dt>
          <dd>
            {assignment.finalGraderId === null
              ? 'None set'
              : youAreFinalGrader
                ? `${finalGraderName ?? 'You'} (you)`
                : (finalGraderName ?? `User ${assignment.finalGraderId}`)}
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <span className={`pill ${published ? 'pill--published' : 'pill--open'}`}>
              {assignment.gradesPublished === undefined ? 'Unknown' : published ? 'Published' : 'Not published'}
            </span>
          </dd>
        </div>
        {assignment.anonymizeStudents ? (
          <div>
            <dt>Students</dt>
            <dd>Anonymous</dd>
          </div>
        ) : null}
      </dl>
      {progress}
    </header>
  )
}
