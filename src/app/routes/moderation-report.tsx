import { Breadcrumb } from '../../components/ui/breadcrumb'
import { useQuery } from '@tanstack/react-query'
import { useEffect, useMemo } from 'react'
import type { AssignmentRef } from '../../canvas/keys'
import type { Assignment } from '../../canvas/types'
import { SkippedNotice } from '../../components/ui/skipped-notice'
import { Spinner } from '../../components/ui/spinner'
import { assignmentQueries } from '../../features/assignments/api/assignment-queries'
import { courseQueries } from '../../features/courses/api/course-queries'
import { ExportCsvButton } from '../../features/exports/components/export-csv-button'
import { FinalMarksByBand } from '../../features/exports/components/final-marks-by-band'
import { ReportSummary } from '../../features/exports/components/report-summary'
import { SignOff } from '../../features/exports/components/sign-off'
import { gradeBands } from '../../features/exports/utils/bands'
import { studentIdsByKey } from '../../features/exports/utils/csv'
import { gradeQueries } from '../../features/grades/api/grade-queries'
import { studentFactsQueries, useStudentFacts } from '../../features/grades/api/student-facts-queries'
import { sectionsByKey } from '../../features/grades/utils/student-facts'
import { gradingStandardQueries } from '../../features/reconciliation/api/grading-standard-queries'
import { bandFor } from '../../features/reconciliation/utils/boundaries'
import { formatNumber } from '../../lib/format'
import { gradeKind } from '../../lib/grading-type'
import { paths } from '../../lib/paths'
import { STUDENT_NOUN, unreadableSentence } from '../../lib/skipped-text'
import { fileSlug, GraderAgreement, useClassifiedRoster } from '../moderation-tools'
import '../moderation-tools.css'

const noNames: ReadonlyMap<number, string> = new Map()

/** Canvas's names for its grading types (Assignment settings → "Display Grade as"). */
const GRADING_TYPE_LABEL: Record<string, string> = {
  points: 'Points',
  percent: 'Percentage',
  letter_grade: 'Letter grade',
  gpa_scale: 'GPA scale',
  pass_fail: 'Complete/incomplete',
  not_graded: 'Not graded',
}

/**
 * The printable moderation report, one page per assignment (print CSS breaks after each assignment section): what
 * an exam board needs to read it on paper — course, assignment, final grader, tolerance and publish state; counts,
 * final marks by the assignment's grade bands, agreement figures and plots, the decisions that went against all
 * graders' grades; and lines to sign.
 */
export default function ModerationReportRoute({ assignmentRef: ref }: { assignmentRef: AssignmentRef }) {
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
  const course = useQuery(courseQueries.detail(ref.courseId))
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
  // The same list as the student facts' (one request): SIS and login ids, for named students only.
  const enrollments = useQuery({
    ...studentFactsQueries.enrollments({ courseId: ref.courseId }),
    enabled: r.complete && !a.anonymizeStudents,
  })
  const ids = useMemo(
    () => (enrollments.data ? studentIdsByKey(enrollments.data.items) : undefined),
    [enrollments.data],
  )
  const boundaries = useQuery({
    ...gradingStandardQueries.defaultBoundaries({ ...ref, gradingStandardId: a.gradingStandardId }),
    enabled: r.complete,
  })
  const bands = useMemo(
    () => gradeBands(boundaries.data, a.pointsPossible, bandFor),
    [boundaries.data, a.pointsPossible],
  )
  if (roster.isError) return <p role="alert">Students could not be loaded.</p>
  const finalGrader =
    a.finalGraderId === null
      ? 'none (an administrator moderates)'
      : (names.data?.get(a.finalGraderId) ?? `User ${a.finalGraderId}`)
  const details: { term: string; value: string }[] = [
    { term: 'Course', value: course.data?.name ?? (course.isError ? `Course ${ref.courseId}` : '…') },
    { term: 'Course code', value: course.data?.courseCode ?? (course.isError ? '—' : '…') },
    { term: 'Points possible', value: formatNumber(a.pointsPossible) },
    { term: 'Grading type', value: GRADING_TYPE_LABEL[a.gradingType] ?? a.gradingType },
    { term: 'Final grader', value: finalGrader },
    { term: 'Tolerance', value: r.toleranceText },
    { term: 'Students', value: a.anonymizeStudents ? 'Anonymous' : 'Named' },
    {
      term: 'Grades',
      value: a.gradesPublished === undefined ? 'Unknown' : a.gradesPublished ? 'Published' : 'Not yet published',
    },
    { term: 'Generated', value: new Date().toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) },
  ]
  return (
    <article className="report-assignment" aria-labelledby="report-title">
      <div className="report__actions">
        <button type="button" className="button button--primary" onClick={() => window.print()}>
          Print
        </button>
        <ExportCsvButton
          students={r.classified}
          graders={r.graders}
          anonymous={a.anonymizeStudents}
          sections={sections?.byKey}
          gradeKind={gradeKind(a.gradingType)}
          ids={ids}
          bands={bands}
          tolerance={r.toleranceText}
          fileName={`moderation-${ref.courseId}-${ref.assignmentId}-${fileSlug(a.name)}.csv`}
          disabled={!r.complete || enrollments.isLoading || boundaries.isLoading}
        />
      </div>
      <header>
        <h1 id="report-title">Moderation report: {a.name}</h1>
        <dl className="facts report-facts">
          {details.map((f) => (
            <div key={f.term}>
              <dt>{f.term}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
        </dl>
        <SkippedNotice
          sentences={roster.data?.notShown ? [unreadableSentence(roster.data.notShown, STUDENT_NOUN)] : []}
        />
      </header>
      {!r.complete ? (
        <Spinner label="Loading students…" />
      ) : (
        <>
          <ReportSummary
            students={r.classified}
            graders={r.graders}
            sections={sections}
            bands={
              bands ? (
                <FinalMarksByBand students={r.classified} bands={bands} />
              ) : boundaries.isPending && boundaries.fetchStatus !== 'idle' ? (
                <Spinner label="Loading the grading scheme…" />
              ) : (
                <p className="hint">
                  {a.pointsPossible
                    ? 'The grading scheme could not be read: final marks are not shown by grade band.'
                    : 'No points possible: final marks cannot be placed in grade bands.'}
                </p>
              )
            }
          />
          <GraderAgreement roster={r} pointsPossible={a.pointsPossible} />
          <SignOff />
        </>
      )}
    </article>
  )
}
