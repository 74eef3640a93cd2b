import { lazy, Suspense, useMemo, type ComponentProps, type ReactNode } from 'react'
import { Link } from 'react-router'
import type { AssignmentRef } from '../canvas/keys'
import type { Assignment } from '../canvas/types'
import { ExportCsvButton } from '../features/exports/components/export-csv-button'
import { gradeBands } from '../features/exports/utils/bands'
import { studentIdsByKey } from '../features/exports/utils/csv'
import { useRosterReadBack } from '../features/grades/api/use-roster-read-back'
import { GradingSlotStatus } from '../features/grades/components/grading-slot-status'
import { PublishPanel } from '../features/grades/components/publish-panel'
import { ReconciliationPanel } from '../features/reconciliation/components/reconciliation-panel'
import { bandFor } from '../features/reconciliation/utils/boundaries'
import type { DefaultBoundaries } from '../features/reconciliation/utils/grading-scheme'
import { ModerationSetPanel } from '../features/students/components/moderation-set-panel'
import { gradeKind } from '../lib/grading-type'
import { plural } from '../lib/format'
import { SamplingTools } from './sampling-tools'

/*
 * The panels below the grid (publish, grading slot, moderation set, rules, sampling, reports). They are out of sight
 * when the page opens on a laptop (the grid fills the viewport), so their code is a chunk of its own that loads once
 * the grid is on screen (issue #17: the first moderation screen's JS), not before it.
 */

// Shown only once grades are published: loaded then.
const PostGradesPanel = lazy(() =>
  import('../features/grades/components/post-grades-panel').then((m) => ({ default: m.PostGradesPanel })),
)

export interface GradePanelsProps {
  assignmentRef: AssignmentRef
  assignment: Assignment
  published: boolean
  sectionScope?: ComponentProps<typeof PublishPanel>['sectionScope']
  studentFacts?: ComponentProps<typeof PublishPanel>['studentFacts']
  candidates: ComponentProps<typeof ModerationSetPanel>['candidates']
  onPublished: () => void
  onShowBlockers: () => void
}

/** The grades feature's panels: publish (then post), the grader's slot, the moderation set. */
export function GradePanels(p: GradePanelsProps) {
  const ref = p.assignmentRef
  return (
    <>
      <PublishPanel
        assignmentRef={ref}
        published={p.published}
        sectionScope={p.sectionScope}
        studentFacts={p.studentFacts}
        canPublish
        onPublished={p.onPublished}
        onShowBlockers={p.onShowBlockers}
      />
      {p.published ? (
        <Suspense fallback={null}>
          <PostGradesPanel
            assignmentRef={ref}
            anonymousGrading={p.assignment.anonymousGrading}
            studentFacts={p.studentFacts}
          />
        </Suspense>
      ) : null}
      {!p.published ? <GradingSlotStatus assignmentRef={ref} /> : null}
      <ModerationSetPanel
        assignmentRef={ref}
        anonymous={p.assignment.anonymizeStudents}
        candidates={p.candidates}
        readOnly={p.published}
      />
    </>
  )
}

export interface ToolPanelsProps {
  assignmentRef: AssignmentRef
  assignment: Assignment
  students: ComponentProps<typeof ReconciliationPanel>['students']
  graders: ComponentProps<typeof ReconciliationPanel>['graders']
  toleranceText: string
  toleranceControl: ReactNode
  canCustomGrade: boolean
  readOnly: boolean
  complete: boolean
  /** The assignment's grading scheme (letter bands), when it has one and it is loaded. */
  scheme: DefaultBoundaries | undefined
  sectionsByKey?: ReadonlyMap<string, readonly string[]>
  /** The named students' SIS and login ids (the enrollments list), for the CSV; undefined while read or anonymous. */
  csvStudents: Parameters<typeof studentIdsByKey>[0] | undefined
  csvLoading: boolean
  order: () => readonly string[] | undefined
  fileName: string
  reportHref: string
  notShown: number
}

/** Rules, sampling and reports: the tools that work on the whole classified roster. */
export function ToolPanels(p: ToolPanelsProps) {
  const { assignmentRef: ref, assignment: a } = p
  const readBack = useRosterReadBack(ref)
  const csvIds = useMemo(() => p.csvStudents && studentIdsByKey(p.csvStudents), [p.csvStudents])
  const bands = useMemo(() => gradeBands(p.scheme, a.pointsPossible, bandFor), [p.scheme, a.pointsPossible])
  return (
    <>
      <ReconciliationPanel
        assignmentRef={ref}
        students={p.students}
        graders={p.graders}
        pointsPossible={a.pointsPossible}
        gradingType={a.gradingType}
        gradingStandardId={a.gradingStandardId}
        toleranceText={p.toleranceText}
        toleranceControl={p.toleranceControl}
        canCustomGrade={p.canCustomGrade}
        readOnly={p.readOnly}
        complete={p.complete}
        readBack={readBack}
      />
      <SamplingTools
        assignmentRef={ref}
        students={p.students}
        gradingType={a.gradingType}
        pointsPossible={a.pointsPossible}
        anonymous={a.anonymizeStudents}
        scheme={p.scheme}
        complete={p.complete}
        published={p.readOnly}
        finalGrader={p.canCustomGrade}
      />
      <section className="section" aria-labelledby="reports-heading">
        <h2 id="reports-heading">Reports</h2>
        <div className="tools-row">
          <ExportCsvButton
            students={p.students}
            graders={p.graders}
            anonymous={a.anonymizeStudents}
            sections={p.sectionsByKey}
            gradeKind={gradeKind(a.gradingType)}
            ids={csvIds}
            bands={bands}
            tolerance={p.toleranceText}
            order={p.order}
            fileName={p.fileName}
            disabled={!p.complete || p.csvLoading}
          />
          <Link className="button" to={p.reportHref}>
            Printable report
          </Link>
        </div>
        {a.anonymizeStudents ? (
          <p className="hint">Students are anonymous: exports carry only “Student N” labels.</p>
        ) : null}
        {p.notShown ? (
          <p className="hint">
            The export and the report leave out the {plural(p.notShown, 'student')} that could not be shown.
          </p>
        ) : null}
      </section>
    </>
  )
}
