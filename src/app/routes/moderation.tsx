import { Breadcrumb } from '../../components/ui/breadcrumb'
import type { QueryClient } from '@tanstack/react-query'
import { useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { useLoaderData, type LoaderFunctionArgs } from 'react-router'
import type { AssignmentRef } from '../../canvas/keys'
import { assignmentQueries } from '../../features/assignments/api/assignment-queries'
import { AssignmentHeader } from '../../features/assignments/components/assignment-header'
import { courseQueries } from '../../features/courses/api/course-queries'
import { gradeQueries } from '../../features/grades/api/grade-queries'
import { GradingSlotStatus } from '../../features/grades/components/grading-slot-status'
import { ModerationGrades } from '../../features/grades/components/moderation-grades'
import { PublishPanel } from '../../features/grades/components/publish-panel'
import { SelectionProgress } from '../../features/grades/components/selection-progress'
import { namedStudentsSelector } from '../../features/grades/utils/roster-figures'
import { selfQueries } from '../../features/session/api/self-queries'
import { ModerationSetPanel } from '../../features/students/components/moderation-set-panel'
import { ModerationWorkspace } from '../moderation-tools'

function parseRef(params: LoaderFunctionArgs['params']): AssignmentRef {
  const courseId = Number(params.courseId)
  const assignmentId = Number(params.assignmentId)
  if (!Number.isInteger(courseId) || !Number.isInteger(assignmentId) || courseId <= 0 || assignmentId <= 0) {
    throw new Response('Not found', { status: 404, statusText: 'Not Found' })
  }
  return { courseId, assignmentId }
}

export const makeLoader =
  (qc: QueryClient) =>
  async ({ params }: LoaderFunctionArgs) => {
    const ref = parseRef(params)
    // Everything starts now, together: roster page 1, names, self, and the assignment (awaited: the header needs it).
    void qc.prefetchQuery(gradeQueries.roster(ref))
    void qc.prefetchQuery(courseQueries.graders(ref.courseId))
    void qc.prefetchQuery(selfQueries.self())
    await qc.ensureQueryData(assignmentQueries.detail(ref))
    return ref
  }

const noNames: ReadonlyMap<number, string> = new Map()

export default function ModerationRoute() {
  const ref = useLoaderData() as AssignmentRef
  const assignment = useQuery(assignmentQueries.detail(ref))
  const names = useQuery(courseQueries.graders(ref.courseId))
  const self = useQuery(selfQueries.self())
  // Incremental and stable: a selection does not rebuild the candidate list.
  const [selectCandidates] = useState(namedStudentsSelector)
  const candidates = useQuery({ ...gradeQueries.roster(ref), enabled: false, select: selectCandidates })
  const [publishedHere, setPublishedHere] = useState(false)

  const a = assignment.data
  useEffect(() => {
    if (a) document.title = `${a.name} — Moderation Desk`
  }, [a])
  if (!a) return null

  const graderNames = names.data ?? noNames
  const finalGraderName = a.finalGraderId !== null ? (graderNames.get(a.finalGraderId) ?? null) : null
  const isFinalGrader = self.data !== undefined && self.data.id === a.finalGraderId
  const published = a.gradesPublished === true || publishedHere

  return (
    <div className="page page--wide">
      <Breadcrumb items={[{ label: 'Courses', to: '/' }, { label: a.name }]} />
      <AssignmentHeader
        assignment={{ ...a, gradesPublished: published ? true : a.gradesPublished }}
        finalGraderName={finalGraderName}
        youAreFinalGrader={isFinalGrader}
        progress={<SelectionProgress assignmentRef={ref} />}
      />
      {!a.moderatedGrading ? (
        <div className="notice" role="note">
          <h2>Not a moderated assignment</h2>
          <p>This assignment does not use moderated grading, so there is nothing to moderate.</p>
        </div>
      ) : (
        <ModerationWorkspace
          assignmentRef={ref}
          assignment={a}
          graderNames={graderNames}
          canCustomGrade={isFinalGrader}
          readOnly={published}
          renderGrades={(tools) => (
            <ModerationGrades
              assignmentRef={ref}
              assignmentName={a.name}
              pointsPossible={a.pointsPossible}
              graderNames={graderNames}
              readOnly={published}
              canCustomGrade={isFinalGrader}
              finalGraderName={finalGraderName}
              onlyKeys={tools.onlyKeys}
              focusRequest={tools.focusRequest}
            />
          )}
          sidePanels={
            <>
              <PublishPanel
                assignmentRef={ref}
                published={published}
                canPublish
                onPublished={() => setPublishedHere(true)}
              />
              {!published ? <GradingSlotStatus assignmentRef={ref} /> : null}
              <ModerationSetPanel
                assignmentRef={ref}
                anonymous={a.anonymizeStudents}
                candidates={candidates.data ?? []}
                readOnly={published}
              />
            </>
          }
        />
      )}
    </div>
  )
}
