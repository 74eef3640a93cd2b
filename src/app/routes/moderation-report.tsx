import { Breadcrumb } from '../../components/ui/breadcrumb'
import type { QueryClient } from '@tanstack/react-query'
import { useQuery } from '@tanstack/react-query'
import { useEffect, useMemo } from 'react'
import { useLoaderData, type LoaderFunctionArgs } from 'react-router'
import type { AssignmentRef } from '../../canvas/keys'
import type { Assignment } from '../../canvas/types'
import { SkippedNotice } from '../../components/ui/skipped-notice'
import { Spinner } from '../../components/ui/spinner'
import { assignmentQueries } from '../../features/assignments/api/assignment-queries'
import { courseQueries } from '../../features/courses/api/course-queries'
import { ReportSummary } from '../../features/exports/components/report-summary'
import { gradeQueries } from '../../features/grades/api/grade-queries'
import { useStudentFacts } from '../../features/grades/api/student-facts-queries'
import { sectionsByKey } from '../../features/grades/utils/student-facts'
import { paths } from '../../lib/paths'
import { STUDENT_NOUN, unreadableSentence } from '../../lib/skipped-text'
import { makeLoader as makeModerationLoader } from './moderation'
import { GraderAgreement, useClassifiedRoster } from '../moderation-tools'
import '../moderation-tools.css'

/** Same data as the moderation page: roster, grader names and the assignment. */
export const makeLoader = (qc: QueryClient) => (args: LoaderFunctionArgs) => makeModerationLoader(qc)(args)

const noNames: ReadonlyMap<number, string> = new Map()

/**
 * The printable moderation report, one page per assignment (print CSS breaks after each assignment section):
 * counts, agreement figures and plots, and the decisions that went against all graders' grades.
 */
export default function ModerationReportRoute() {
  const ref = useLoaderData() as AssignmentRef
  const assignment = useQuery(assignmentQueries.detail(ref))
  const a = assignment.data
  useEffect(() => {
    if (a) document.title = `Moderation report: ${a.name} — Moderation Desk`
  }, [a])
  if (!a) return null
  return (
    <div className="page report">
      <Breadcrumb
        items={[{ label: 'Courses', to: '/' }, { label: a.name, to: paths.moderate(ref) }, { label: 'Report' }]}
      />
      <div className="report__actions">
        <button type="button" className="button button--primary" onClick={() => window.print()}>
          Print
        </button>
      </div>
      <ReportAssignment assignmentRef={ref} assignment={a} />
    </div>
  )
}

function ReportAssignment({
  assignmentRef: ref,
  assignment: a,
}: {
  assignmentRef: AssignmentRef
  assignment: Assignment
}) {
  const roster = useQuery(gradeQueries.roster(ref))
  const names = useQuery(courseQueries.graders(ref.courseId))
  const r = useClassifiedRoster(ref, a, names.data ?? noNames)
  const facts = useStudentFacts(ref, {
    anonymous: a.anonymizeStudents,
    selfId: undefined,
    enabled: roster.data?.complete === true,
  })
  const sections = useMemo(() => {
    const byKey = a.anonymizeStudents ? undefined : sectionsByKey(facts.index)
    return byKey && facts.index ? { byKey, names: facts.index.sectionNames } : undefined
  }, [facts.index, a.anonymizeStudents])
  if (roster.isError) return <p role="alert">Students could not be loaded.</p>
  return (
    <article className="report-assignment" aria-labelledby="report-title">
      <header>
        <h1 id="report-title">Moderation report: {a.name}</h1>
        <p className="hint">
          Course {ref.courseId} · {a.pointsPossible ?? '—'} points · tolerance {r.toleranceText} ·{' '}
          {a.anonymizeStudents ? 'anonymous students' : 'named students'} ·{' '}
          {a.gradesPublished ? 'grades published' : 'not yet published'} · generated{' '}
          {new Date().toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}
        </p>
        <SkippedNotice
          sentences={roster.data?.notShown ? [unreadableSentence(roster.data.notShown, STUDENT_NOUN)] : []}
        />
      </header>
      {!r.complete ? (
        <Spinner label="Loading students…" />
      ) : (
        <>
          <ReportSummary students={r.classified} graders={r.graders} sections={sections} />
          <GraderAgreement roster={r} pointsPossible={a.pointsPossible} />
        </>
      )}
    </article>
  )
}
