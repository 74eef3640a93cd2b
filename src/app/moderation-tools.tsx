import { useQuery } from '@tanstack/react-query'
import { lazy, Suspense, useCallback, useMemo, useState, type ReactNode } from 'react'
import { Link, useSearchParams } from 'react-router'
import type { AssignmentRef } from '../canvas/keys'
import type { Assignment } from '../canvas/types'
import { Spinner } from '../components/ui/spinner'
import { ExportCsvButton } from '../features/exports/components/export-csv-button'
import { gradeQueries } from '../features/grades/api/grade-queries'
import { useStableGraders } from '../features/grades/hooks/use-stable-graders'
import { rosterStudents } from '../features/grades/utils/roster'
import { ReconciliationPanel } from '../features/reconciliation/components/reconciliation-panel'
import { TriageBar } from '../features/triage/components/triage-bar'
import { useChipFilter } from '../features/triage/hooks/use-chip-filter'
import { useDecisionWalker } from '../features/triage/hooks/use-decision-walker'
import { useNextShortcut } from '../features/triage/hooks/use-next-shortcut'
import { useTolerance } from '../features/triage/hooks/use-tolerance'
import { plural } from '../lib/format'
import { paths } from '../lib/paths'
import {
  classifyAll,
  countChips,
  decisionQueue,
  matchesChips,
  type ClassifiedStudent,
} from '../lib/moderation/classify'
import { gradeKind } from '../lib/grading-type'
import { gradersApart } from '../lib/moderation/grade-scale'
import { describeTolerance, tolerancePoints } from '../lib/moderation/tolerance'
import './moderation-tools.css'

// The agreement panel carries the chart library: it loads only when opened.
const AgreementPanel = lazy(() =>
  import('../features/agreement/components/agreement-panel').then((m) => ({ default: m.AgreementPanel })),
)

/** The grader agreement panel for a classified roster, its code (and the chart library) loaded when first shown. */
export function GraderAgreement({
  roster: r,
  pointsPossible,
}: {
  roster: ReturnType<typeof useClassifiedRoster>
  pointsPossible: number | null
}) {
  return (
    <Suspense fallback={<Spinner label="Loading grader agreement…" />}>
      <AgreementPanel
        students={r.classified}
        graders={r.graders}
        pointsPossible={pointsPossible}
        gradingType={r.gradingType}
        tolerancePts={r.tolPts}
        toleranceText={r.toleranceText}
      />
    </Suspense>
  )
}

export function fileSlug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[^\w]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'assignment'
  )
}

/** Roster → classified students and grader columns, shared by the moderation page and the report. */
export function useClassifiedRoster(
  ref: AssignmentRef,
  assignment: Assignment,
  graderNames: ReadonlyMap<number, string>,
) {
  const roster = useQuery({ ...gradeQueries.roster(ref), enabled: false })
  // The test student (Student View) is nobody's grade: left out of triage, rules, agreement and exports. Publish
  // still covers it; the publish panel says so.
  const students = useMemo(() => rosterStudents(roster.data).filter((s) => !s.testStudent), [roster.data])
  const [tolerance, setTolerance] = useTolerance(ref)
  const tolPts = tolerancePoints(tolerance, assignment.pointsPossible)
  const { gradingType, pointsPossible } = assignment
  const classified = useMemo(
    () => classifyAll(students, tolPts, { gradingType, pointsPossible }),
    [students, tolPts, gradingType, pointsPossible],
  )
  const graders = useStableGraders(roster.data, graderNames)
  return {
    classified,
    graders,
    tolerance,
    setTolerance,
    tolPts,
    toleranceText: describeTolerance(tolerance, assignment.pointsPossible, gradingType),
    gradingType,
    complete: roster.data?.complete === true,
    /** Rows Canvas sent that could not be read: left out of the grid, the figures and the exports. */
    notShown: roster.data?.notShown ?? 0,
  }
}

export interface ModerationTools {
  triage: ReactNode
  sidePanels: ReactNode
  agreement: ReactNode
  /** For the grid: which students the chips show, and a request to focus one student's row. */
  onlyKeys: ReadonlySet<string> | null
  focusRequest: { key: string; seq: number } | null
}

interface WorkspaceProps {
  assignmentRef: AssignmentRef
  assignment: Assignment
  graderNames: ReadonlyMap<number, string>
  canCustomGrade: boolean
  readOnly: boolean
  /** Sections by student key, for the CSV (courses with several sections, named students). */
  sectionsByKey?: ReadonlyMap<string, readonly string[]>
  /** The grid, given the triage filter and focus requests. */
  renderGrades: (tools: Pick<ModerationTools, 'onlyKeys' | 'focusRequest'>) => ReactNode
  /** The grades feature's side panels (publish, slots, moderation set). */
  sidePanels: ReactNode
}

/** The moderation page's body: triage above the grid, tools beside it, grader agreement below. */
export function ModerationWorkspace({ renderGrades, sidePanels, ...opts }: WorkspaceProps) {
  const tools = useModerationTools(opts)
  return (
    <>
      {tools.triage}
      <div className="moderation-layout">
        <div className="moderation-main">
          {renderGrades(tools)}
          {tools.agreement}
        </div>
        <aside className="side-panels" aria-label="Moderation tools">
          {sidePanels}
          {tools.sidePanels}
        </aside>
      </div>
    </>
  )
}

/** Triage, reconciliation, agreement and exports (issue #6), composed for the moderation page. */
function useModerationTools(opts: Omit<WorkspaceProps, 'renderGrades' | 'sidePanels'>): ModerationTools {
  const { assignmentRef: ref, assignment: a } = opts
  const r = useClassifiedRoster(ref, a, opts.graderNames)
  const [pressed, toggleChip, clearChips] = useChipFilter()
  const [params, setParams] = useSearchParams()
  const agreementOpen = params.get('panel') === 'agreement'

  const counts = useMemo(() => countChips(r.classified), [r.classified])
  const shown = useMemo(
    () => (pressed.size ? r.classified.filter((c) => matchesChips(c, pressed)) : r.classified),
    [r.classified, pressed],
  )
  const onlyKeys = useMemo(() => (pressed.size ? new Set(shown.map((c) => c.key)) : null), [pressed, shown])
  const queue = useMemo(() => decisionQueue(shown), [shown])
  const walk = useDecisionWalker(queue)
  const [focusRequest, setFocusRequest] = useState<{ key: string; seq: number } | null>(null)
  const [message, setMessage] = useState<string | null>(null)

  const onNext = useCallback(() => {
    const next = walk()
    if (!next) {
      setMessage(pressed.size ? 'No student in this filter needs a decision.' : 'No student needs a decision.')
      return
    }
    const s: ClassifiedStudent = next.student
    setFocusRequest((f) => ({ key: s.key, seq: (f?.seq ?? 0) + 1 }))
    setMessage(
      `${s.label}: ${next.position} of ${next.total} needing a decision${s.spread !== null ? `, ${gradersApart(s, a)}` : ''}.`,
    )
  }, [walk, pressed.size, a])
  useNextShortcut(onNext, a.moderatedGrading && !opts.readOnly)

  const setAgreementOpen = (open: boolean) =>
    setParams(
      (p) => {
        const q = new URLSearchParams(p)
        if (open) q.set('panel', 'agreement')
        else q.delete('panel')
        return q
      },
      { replace: true },
    )

  const reportHref = `${paths.moderate(ref)}/report?${new URLSearchParams({ tol: String(r.tolerance.value), ...(r.tolerance.unit === 'percent' ? { tolUnit: 'percent' } : {}) })}`

  return {
    onlyKeys,
    focusRequest,
    triage: (
      <TriageBar
        tolerance={r.tolerance}
        onToleranceChange={r.setTolerance}
        pointsPossible={a.pointsPossible}
        gradingType={a.gradingType}
        counts={counts}
        pressed={pressed}
        onToggle={toggleChip}
        onClear={clearChips}
        queueLength={queue.length}
        onNext={onNext}
        message={message}
        disabled={r.classified.length === 0}
      />
    ),
    sidePanels: (
      <>
        <ReconciliationPanel
          assignmentRef={ref}
          students={r.classified}
          graders={r.graders}
          pointsPossible={a.pointsPossible}
          gradingType={a.gradingType}
          toleranceText={r.toleranceText}
          canCustomGrade={opts.canCustomGrade}
          readOnly={opts.readOnly}
          complete={r.complete}
        />
        <section className="section" aria-labelledby="reports-heading">
          <h2 id="reports-heading">Reports</h2>
          <div className="tools-row">
            <ExportCsvButton
              students={r.classified}
              graders={r.graders}
              anonymous={a.anonymizeStudents}
              sections={opts.sectionsByKey}
              gradeKind={gradeKind(a.gradingType)}
              fileName={`moderation-${ref.courseId}-${ref.assignmentId}-${fileSlug(a.name)}.csv`}
              disabled={!r.complete}
            />
            <Link className="button" to={reportHref}>
              Printable report
            </Link>
          </div>
          {a.anonymizeStudents ? (
            <p className="hint">Students are anonymous: exports carry only “Student N” labels.</p>
          ) : null}
          {r.notShown ? (
            <p className="hint">
              The export and the report leave out the {plural(r.notShown, 'student')} that could not be shown.
            </p>
          ) : null}
        </section>
      </>
    ),
    agreement: (
      <div className="agreement-toggle">
        <button
          type="button"
          className="button"
          aria-expanded={agreementOpen}
          onClick={() => setAgreementOpen(!agreementOpen)}
        >
          {agreementOpen ? 'Hide grader agreement' : 'Show grader agreement'}
        </button>
        {agreementOpen ? (
          r.complete ? (
            <GraderAgreement roster={r} pointsPossible={a.pointsPossible} />
          ) : (
            <Spinner label="Loading students…" />
          )
        ) : null}
      </div>
    ),
  }
}
