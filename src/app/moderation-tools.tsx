import { useQuery } from '@tanstack/react-query'
import {
  lazy,
  Suspense,
  useCallback,
  useDeferredValue,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react'
import { useSearchParams } from 'react-router'
import type { AssignmentRef } from '../canvas/keys'
import type { Assignment, GradeableStudent } from '../canvas/types'
import { Spinner } from '../components/ui/spinner'
import { studentFactsQueries } from '../features/grades/api/student-facts-queries'
import { gradingStandardQueries } from '../features/reconciliation/api/grading-standard-queries'
import { gradeQueries } from '../features/grades/api/grade-queries'
import { useStableGraders } from '../features/grades/hooks/use-stable-graders'
import { gradedStudents } from '../features/grades/utils/roster'
import { ToleranceField, TriageBar, type ToleranceFieldProps } from '../features/triage/components/triage-bar'
import { useChipFilter } from '../features/triage/hooks/use-chip-filter'
import { useDecisionWalker } from '../features/triage/hooks/use-decision-walker'
import { useNextShortcut } from '../features/triage/hooks/use-next-shortcut'
import { useTolerance } from '../features/triage/hooks/use-tolerance'
import { createIncrementalMap } from '../lib/incremental-map'
import { paths } from '../lib/paths'
import {
  chipGroups,
  classifyCached,
  createChipCounter,
  createDecisionQueue,
  matchesChips,
  type ClassifiedStudent,
} from '../lib/moderation/classify'
import { isCanvasApiError } from '../canvas/errors'
import { gradersApart } from '../lib/moderation/grade-scale'
import { describeTolerance, tolerancePoints } from '../lib/moderation/tolerance'
import './moderation-tools.css'

// The panels below the grid: their code loads once the grid is on screen (tool-panels.tsx).
const loadToolPanels = () => import('./tool-panels')
const ToolPanels = lazy(() => loadToolPanels().then((m) => ({ default: m.ToolPanels })))
export const GradePanels = lazy(() => loadToolPanels().then((m) => ({ default: m.GradePanels })))

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
  // The tools follow the roster a moment after the grid (a render React may interrupt): a selection is painted in
  // its cell first, then the chips, the queue and the panels catch up.
  const data = useDeferredValue(roster.data)
  // The test student (Student View) is nobody's grade: left out of triage, rules, agreement and exports. Publish
  // still covers it; the publish panel says so.
  const students = gradedStudents(data)
  const [tolerance, setTolerance, { suggested }] = useTolerance(ref, assignment.pointsPossible)
  // Another tolerance re-decides every student (here and in the grid's rows): done in a render React may
  // interrupt, so the field answers typing at once.
  const tolPts = useDeferredValue(tolerancePoints(tolerance, assignment.pointsPossible))
  const { gradingType, pointsPossible } = assignment
  // A selection replaces one student object: only that student is classified again.
  const classify = useMemo(() => {
    const scale = { gradingType, pointsPossible }
    return createIncrementalMap((s: GradeableStudent) => classifyCached(s, tolPts, scale))
  }, [tolPts, gradingType, pointsPossible])
  const classified = useMemo(() => classify(students), [classify, students])
  const graders = useStableGraders(data, graderNames)
  return {
    classified,
    graders,
    tolerance,
    setTolerance,
    toleranceSuggested: suggested,
    tolPts,
    toleranceText: describeTolerance(tolerance, assignment.pointsPossible, gradingType),
    gradingType,
    complete: roster.data?.complete === true,
    /**
     * Canvas refused the moderation data (it gives it to the final grader and administrators only): there is
     * nothing to triage, reconcile, measure or export, so those tools are not shown at all.
     */
    denied:
      roster.isError &&
      !roster.data?.pages.length &&
      isCanvasApiError(roster.error) &&
      roster.error.kind === 'unauthorized',
    /** Rows Canvas sent that could not be read: left out of the grid, the figures and the exports. */
    notShown: roster.data?.notShown ?? 0,
    /** The roster's first answer is in (rows, or an error): the grid shows it. */
    settled: roster.status !== 'pending',
  }
}

export interface ModerationTools {
  triage: ReactNode
  sidePanels: ReactNode
  agreement: ReactNode
  /** For the grid: which students the chips show, and a request to focus one student's first grade. */
  onlyKeys: ReadonlySet<string> | null
  focusRequest: { key: string; seq: number } | null
  /** Where "next"/"previous" went, for the page's live region. */
  message: string | null
  /** The pressed chips' labels, and how to clear them (the grid's "Active: … · Clear filters"). */
  activeChips: string[]
  clearChips: () => void
  /** The tolerance in points: the grid's rows are classed with it, as the chips are. */
  tolerancePts: number
  /** The grid tells its sorted order (every student), which the CSV follows. */
  onOrderChange: (keys: readonly string[]) => void
  /** Narrow the grid to the students who block publishing. */
  showBlockers: () => void
  /** The roster's first answer is in (rows, or an error). */
  rosterSettled: boolean
}

export type GridTools = Omit<ModerationTools, 'sidePanels' | 'agreement'>

interface WorkspaceProps {
  assignmentRef: AssignmentRef
  assignment: Assignment
  graderNames: ReadonlyMap<number, string>
  canCustomGrade: boolean
  readOnly: boolean
  /** Sections by student key, for the CSV (courses with several sections, named students). */
  sectionsByKey?: ReadonlyMap<string, readonly string[]>
  /** The grid, given the triage filter and focus requests. */
  renderGrades: (tools: GridTools) => ReactNode
  /** The grades feature's side panels (publish, slots, moderation set), given the tools they may use. */
  sidePanels: (tools: GridTools) => ReactNode
}

/**
 * The moderation page's body: the grid first, under one toolbar (triage and the grid's own search, section and
 * sort), filling the viewport; the tools (publish, slots, moderation set, rules, reports) in a row of panels below
 * it, then grader agreement. Nothing pushes the grid below the fold.
 */
export function ModerationWorkspace({ renderGrades, sidePanels, ...opts }: WorkspaceProps) {
  const tools = useModerationTools(opts)
  const panelsDue = useAfterPaint(tools.rosterSettled)
  const loading = <Spinner label="Loading the moderation tools…" />
  return (
    <>
      {renderGrades(tools)}
      <div className="tool-panels" role="region" aria-label="Moderation tools">
        {panelsDue ? (
          <Suspense fallback={loading}>
            {sidePanels(tools)}
            {tools.sidePanels}
          </Suspense>
        ) : (
          loading
        )}
      </div>
      {tools.agreement}
    </>
  )
}

/**
 * True from the first paint after `ready` turned true (and from then on). The panels below the grid start loading
 * their code then: the grid's first rows are not held back by code that is out of sight.
 */
function useAfterPaint(ready: boolean): boolean {
  const [due, setDue] = useState(false)
  useEffect(() => {
    if (!ready || due) return
    // An effect runs after React commits; a task queued from the next frame runs once that frame is painted.
    let timer: ReturnType<typeof setTimeout> | undefined
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setDue(true), 0)
    })
    return () => {
      cancelAnimationFrame(frame)
      clearTimeout(timer)
    }
  }, [ready, due])
  return due
}

/** Triage, reconciliation, agreement and exports (issue #6), composed for the moderation page. */
function useModerationTools(opts: Omit<WorkspaceProps, 'renderGrades' | 'sidePanels'>): ModerationTools {
  const { assignmentRef: ref, assignment: a } = opts
  const r = useClassifiedRoster(ref, a, opts.graderNames)
  // For the CSV: SIS and login ids (named students; the student facts' list) and the assignment's grade bands.
  const csvIds = useQuery({ ...studentFactsQueries.enrollments(ref), enabled: r.complete && !a.anonymizeStudents })
  const csvScheme = useQuery({
    ...gradingStandardQueries.defaultBoundaries({ ...ref, gradingStandardId: a.gradingStandardId }),
    enabled: r.complete,
  })
  const [pressed, toggleChip, clearChips, setChips] = useChipFilter()
  const [params, setParams] = useSearchParams()
  const agreementOpen = params.get('panel') === 'agreement'

  const [countOf] = useState(createChipCounter)
  const counts = useMemo(() => countOf(r.classified), [countOf, r.classified])
  const shown = useMemo(
    () => (pressed.size ? r.classified.filter((c) => matchesChips(c, pressed)) : r.classified),
    [r.classified, pressed],
  )
  const onlyKeys = useMemo(() => (pressed.size ? new Set(shown.map((c) => c.key)) : null), [pressed, shown])
  // Kept across selections (a selection does not reorder the queue); the chips only filter it.
  const [queueOf] = useState(createDecisionQueue)
  const queue = useMemo(
    () => queueOf(r.classified, onlyKeys ? (c) => onlyKeys.has(c.key) : undefined),
    [queueOf, r.classified, onlyKeys],
  )
  const walk = useDecisionWalker(queue)
  const [focusRequest, setFocusRequest] = useState<{ key: string; seq: number } | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  // The grid's current order (its sort, the whole roster), for the CSV: rows as the moderator sees them. Kept in a
  // ref and read when the CSV is made: as state, every sort rendered all of the tools again, in a task of its own
  // (issue #17: a long task after each sort at 4x CPU throttling).
  const gridOrder = useRef<readonly string[] | null>(null)
  const setGridOrder = useCallback((keys: readonly string[]) => {
    gridOrder.current = keys
  }, [])
  const readGridOrder = useCallback(() => gridOrder.current ?? undefined, [])

  const onStep = useCallback(
    (dir: 1 | -1) => {
      const next = walk(dir)
      if (!next) {
        setMessage(pressed.size ? 'No student in this filter needs a decision.' : 'No student needs a decision.')
        return
      }
      const s: ClassifiedStudent = next.student
      setFocusRequest((f) => ({ key: s.key, seq: (f?.seq ?? 0) + 1 }))
      setMessage(
        `${s.label}: ${next.position} of ${next.total} needing a decision${pressed.size ? ' in this filter' : ''}${s.spread !== null ? `, ${gradersApart(s, a)}` : ''}.`,
      )
    },
    [walk, pressed.size, a],
  )
  useNextShortcut(onStep, a.moderatedGrading && !opts.readOnly)
  const activeChips = useMemo(
    () => chipGroups.flatMap((g) => g.chips.filter((c) => pressed.has(c.id)).map((c) => c.label)),
    [pressed],
  )

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

  // One tolerance, edited in the triage bar and in the rules dialog.
  const toleranceProps: ToleranceFieldProps = {
    tolerance: r.tolerance,
    toleranceSuggested: r.toleranceSuggested,
    onToleranceChange: r.setTolerance,
    pointsPossible: a.pointsPossible,
    gradingType: a.gradingType,
  }
  const tools: ModerationTools = {
    onlyKeys,
    focusRequest,
    message,
    activeChips,
    clearChips,
    tolerancePts: r.tolPts,
    onOrderChange: setGridOrder,
    rosterSettled: r.settled,
    // Who blocks publishing, as chips: no selection, and graded by two or more (agreeing or not).
    showBlockers: () => setChips(['unselected', 'agreed', 'disagree']),
    triage: (
      <TriageBar
        {...toleranceProps}
        counts={counts}
        pressed={pressed}
        onToggle={toggleChip}
        onClear={clearChips}
        queueLength={queue.length}
        filtered={pressed.size > 0}
        onStep={onStep}
        disabled={r.classified.length === 0 || opts.readOnly}
      />
    ),
    sidePanels: (
      <ToolPanels
        assignmentRef={ref}
        assignment={a}
        students={r.classified}
        graders={r.graders}
        toleranceText={r.toleranceText}
        toleranceControl={<ToleranceField {...toleranceProps} />}
        canCustomGrade={opts.canCustomGrade}
        readOnly={opts.readOnly}
        complete={r.complete}
        scheme={csvScheme.data}
        sectionsByKey={opts.sectionsByKey}
        csvStudents={csvIds.data?.items}
        csvLoading={csvIds.isLoading || csvScheme.isLoading}
        order={readGridOrder}
        fileName={`moderation-${ref.courseId}-${ref.assignmentId}-${fileSlug(a.name)}.csv`}
        reportHref={reportHref}
        notShown={r.notShown}
      />
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
  // No dead tools for someone Canvas does not give the moderation data to: no zeroed chips, no endless spinner.
  return r.denied ? { ...tools, triage: null, sidePanels: null, agreement: null } : tools
}
