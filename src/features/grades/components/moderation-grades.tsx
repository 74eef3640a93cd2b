import { useIsMutating, useQuery } from '@tanstack/react-query'
import {
  lazy,
  Suspense,
  useCallback,
  useEffect,
  useEffectEvent,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react'
import { isCanvasApiError } from '../../../canvas/errors'
import { canvasPath, type AssignmentRef } from '../../../canvas/keys'
import type { GradeableStudent, ProvisionalGrade } from '../../../canvas/types'
import { SkippedNotice } from '../../../components/ui/skipped-notice'
import { Spinner } from '../../../components/ui/spinner'
import { describeError } from '../../../lib/describe-error'
import { formatCount, listNames, plural } from '../../../lib/format'
import { gradeDisplay, gradeKind } from '../../../lib/grading-type'
import { gradeScale } from '../../../lib/moderation/grade-scale'
import { STUDENT_NOUN, unreadableSentence } from '../../../lib/skipped-text'
import { takeSnapshot, writeSnapshot } from '../../../lib/moderation/snapshot'
import { createIncrementalMap } from '../../../lib/incremental-map'
import { useTransient } from '../../../lib/use-transient'
import { gradeQueries } from '../api/grade-queries'
import { useBulkSelect, type BulkItem, type BulkResult } from '../api/use-bulk-select'
import { useCustomGrade } from '../api/use-custom-grade'
import { useLoadRest } from '../api/use-load-rest'
import { isOutcomeUnknownError } from '../../../canvas/settle'
import { useSelectGrade } from '../api/use-select-grade'
import { useStableGraders } from '../hooks/use-stable-graders'
import {
  createRowCache,
  filterRows,
  matchesFilters,
  noFilters,
  type Grader,
  type GridRow,
  type RowFilters,
  type SortOrder,
} from '../utils/grid-rows'
import type { SchemeGrade } from '../utils/custom-grade'
import type { StudentFacts } from '../utils/student-facts'
import { createRowSorter } from '../utils/row-sorter'
import { rosterProgressText, rosterStudents } from '../utils/roster'
import type { ReplacePath } from './custom-grade-dialog'
import { GradesGrid } from './grades-grid'
import { GridToolbar } from './grid-toolbar'

// The custom grade dialog (with the graders' feedback) loads on first use, or once the students are in and the
// browser is idle: it is not part of what the moderation screen needs to show.
const loadCustomGradeDialog = () => import('./custom-grade-dialog')
const CustomGradeDialog = lazy(() => loadCustomGradeDialog().then((m) => ({ default: m.CustomGradeDialog })))
// The accept-all confirmation is not part of the first screen either; it is loaded with the custom grade's.
const loadBulkAcceptDialog = () => import('./bulk-accept-dialog')
const BulkAcceptDialog = lazy(() => loadBulkAcceptDialog().then((m) => ({ default: m.BulkAcceptDialog })))

export interface ModerationGradesProps {
  assignmentRef: AssignmentRef
  assignmentName: string
  pointsPossible: number | null
  /** Canvas's `grading_type`: how grades read and what a custom grade may be. */
  gradingType: string
  /** null on assignments without a final grader (old ones: an administrator moderates). */
  finalGraderId: number | null
  /** The assignment's grading scheme (letter_grade, gpa_scale), highest first, when known. */
  scheme?: { grades: readonly SchemeGrade[]; label: string; strict: boolean } | null
  /** Enrolment, section and submission facts by student key (named students only), when loaded. */
  studentFacts?: ReadonlyMap<string, StudentFacts>
  /** Sections the students are in, in the course's order: a Section column and filter when there are several. */
  sections?: readonly string[]
  /** Teacher/TA names by user id, for named grader columns. */
  graderNames: ReadonlyMap<number, string>
  /** Published, or otherwise locked: no selection, custom grade or bulk action. */
  readOnly: boolean
  /** The final grader (or an admin moderator) may enter a custom grade. */
  canCustomGrade: boolean
  /** Shown when Canvas refuses the moderation data to this user. */
  finalGraderName: string | null
  /** Only these students (the triage chips); null or absent shows everyone. */
  onlyKeys?: ReadonlySet<string> | null
  /** Move focus to this student's first grade ("next student needing a decision"); a new seq asks again. */
  focusRequest?: { key: string; seq: number } | null
  /** The tolerance in points: the rows' classes are the triage's (lib/moderation/classify.ts, one model). */
  tolerancePts?: number
  /** The triage controls (tolerance, chips, next/previous), shown in the grid's toolbar. */
  triage?: ReactNode
  /** The pressed chips, by label, for the "Active: … · Clear" summary; and how to clear them. */
  activeChips?: readonly string[]
  onClearChips?: () => void
  /** Where "next student" went, said in the page's one live region. */
  navMessage?: string | null
  /** Told the sorted order of every student (not only those shown) when it changes: exports follow the grid. */
  onOrderChange?: (keys: readonly string[]) => void
}

interface BulkState {
  grader: Grader
  /** Students without a selection: what accepting fills, as Canvas's own Accept does. */
  fill: BulkItem[]
  /** Students whose selection is another grade (hand-picked or custom): replaced only when asked. */
  replace: BulkItem[]
  unchanged: number
}

export function ModerationGrades(props: ModerationGradesProps) {
  const { assignmentRef: ref, readOnly } = props
  const roster = useQuery(gradeQueries.roster(ref))
  const loadRest = useLoadRest(ref)
  const students = useMemo(() => rosterStudents(roster.data), [roster.data])
  const graders = useStableGraders(roster.data, props.graderNames)
  const { studentFacts, gradingType, pointsPossible } = props
  const tolerancePts = props.tolerancePts ?? 0
  // A new cache for another tolerance or scale: every row's class may change then; otherwise rows are kept.
  const rowCache = useMemo(
    () => createRowCache({ tolerancePts, scale: gradeScale({ gradingType, pointsPossible }) }),
    [tolerancePts, gradingType, pointsPossible],
  )
  // A selection replaces one student object: only its row is looked up again (createIncrementalMap).
  const toRows = useMemo(
    () => createIncrementalMap((s: GradeableStudent) => rowCache(s, studentFacts?.get(s.key))),
    [studentFacts, rowCache],
  )
  const rows = useMemo(() => toRows(students), [toRows, students])

  const [filters, setFilters] = useState<RowFilters>(noFilters)
  const [sortOrder, setSortOrder] = useState<SortOrder>('name-asc')
  const onlyKeys = props.onlyKeys ?? null
  // A student the triage asks to focus must not be hidden by this grid's own filters. Checked when a request
  // arrives, with the rows and filters of that moment: a filter the moderator sets afterwards is theirs to keep.
  const revealFocused = useEffectEvent((key: string | undefined) => {
    const row = key === undefined ? undefined : rows.find((r) => r.key === key)
    if (row && !matchesFilters(row, filters)) setFilters(noFilters)
  })
  const { focusRequest } = props
  useEffect(() => revealFocused(focusRequest?.key), [focusRequest])
  const sorter = useRef(createRowSorter())
  const sorted = useMemo(() => sorter.current(rows, sortOrder), [rows, sortOrder])
  const lastOrder = useRef<readonly string[] | null>(null)
  const { onOrderChange } = props
  useEffect(() => {
    // The sorter's key order is a new array only when the order changed (not on a selection).
    const order = sorter.current.order()
    if (order === lastOrder.current) return
    lastOrder.current = order
    onOrderChange?.(order)
  }, [sorted, onOrderChange])
  const visibleRows = useMemo(() => {
    const shown = filterRows(sorted, filters)
    return onlyKeys ? shown.filter((r) => onlyKeys.has(r.key)) : shown
  }, [sorted, filters, onlyKeys])
  const [alert, setAlert] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [customFor, setCustomFor] = useState<GridRow | null>(null)
  const [bulk, setBulk] = useState<BulkState | null>(null)
  const [bulkOutcome, setBulkOutcome] = useState<{ grader: Grader; result: BulkResult } | null>(null)

  // The newest of this grid's result and the triage's "next student" message, shown for a while in the toast.
  const [lastSaid, setLastSaid] = useState<'grid' | 'nav'>('grid')
  useEffect(() => setLastSaid('grid'), [status])
  useEffect(() => setLastSaid('nav'), [props.navMessage])
  const latestStatus = useTransient(lastSaid === 'nav' ? props.navMessage : status)
  const kind = gradeKind(props.gradingType)
  const selectGrade = useSelectGrade(ref)
  const customGrade = useCustomGrade(ref)
  const bulkSelect = useBulkSelect(ref)
  const savingSelections = useIsMutating({ mutationKey: canvasPath.selections(ref) })
  const rosterComplete = roster.data?.complete === true
  useEffect(() => {
    if (!rosterComplete || readOnly) return
    const idle = window.requestIdleCallback ?? ((fn: () => void) => window.setTimeout(fn, 1000))
    idle(() => void Promise.all([loadCustomGradeDialog(), loadBulkAcceptDialog()]))
  }, [rosterComplete, readOnly])
  useEffect(() => {
    if (!rosterComplete) return
    const idle = window.requestIdleCallback ?? ((fn: () => void) => window.setTimeout(fn, 1000))
    idle(() => sorter.current.prepare())
  }, [rosterComplete])

  const { mutateAsync } = selectGrade
  const onSelect = useCallback(
    (row: GridRow, grade: ProvisionalGrade, graderLabel: string) => {
      if (row.selectedGradeId === grade.id) return
      setAlert(null)
      mutateAsync({ studentKey: row.key, gradeId: grade.id, student: row.student })
        .then((result) => {
          if (!result.reread) setStatus(`Selected ${graderLabel}’s grade for ${row.label}.`)
          else if (result.selectedGradeId === grade.id)
            setStatus(
              `Canvas’s answer was lost, so ${row.label} was read back from Canvas: ${graderLabel}’s grade is selected there.`,
            )
          else
            setAlert(
              `Canvas’s answer was lost, so ${row.label} was read back from Canvas: ${graderLabel}’s grade was not selected there. The grid shows what Canvas holds.`,
            )
        })
        .catch((error: unknown) =>
          setAlert(
            isOutcomeUnknownError(error)
              ? `Canvas’s answer about ${row.label} was lost and could not be read back, so whether ${graderLabel}’s grade was selected is not known. The students are being reloaded from Canvas.`
              : `Could not select ${graderLabel}’s grade for ${row.label}: ${describeError(error)} The previous selection was restored.`,
          ),
        )
    },
    // mutateAsync is the same function across renders (the mutation's state is not): the grid's rows stay memoized.
    [mutateAsync],
  )

  const onCustomGrade = useCallback((row: GridRow) => setCustomFor(row), [])

  function openBulk(grader: Grader) {
    const fill: BulkItem[] = []
    const replace: BulkItem[] = []
    let unchanged = 0
    for (const row of rows) {
      const g = row.byGrader[grader.key]
      if (!g || g.gradedAt === null) continue
      const item: BulkItem = {
        studentKey: row.key,
        studentLabel: row.label,
        gradeId: g.id,
        stale: !g.matchesCurrentSubmission,
        replacesCustom: row.selectedGrade?.final === true,
      }
      if (row.selectedGradeId === g.id) unchanged++
      else if (row.selectedGradeId === null) fill.push(item)
      else replace.push(item)
    }
    setBulkOutcome(null)
    setBulk({ grader, fill, replace, unchanged })
  }

  function runBulk(grader: Grader, items: BulkItem[], retry = false) {
    setBulk(null)
    setAlert(null)
    if (!retry) {
      // Every selection as it stands, kept before anything is sent (restored from "Reconcile with rules").
      try {
        writeSnapshot(ref, takeSnapshot(rows, `accepting grades from ${grader.label}`))
      } catch (error) {
        setAlert(
          `Nothing was changed: this browser would not keep a snapshot of the current selections (${describeError(error)}). Free some browser storage and try again.`,
        )
        return
      }
    }
    bulkSelect
      .mutateAsync({
        items,
        onProgress: (done, total) =>
          setStatus(`Accepting grades from ${grader.label}: ${formatCount(done)} of ${formatCount(total)} processed…`),
      })
      .then((result) => {
        setBulkOutcome({ grader, result })
        if (result.failed.length === 0)
          setStatus(
            `Accepted ${plural(result.updated, 'grade')} from ${grader.label}.${result.reread ? ` Canvas’s answer about ${plural(result.reread, 'student')} was lost; read back from Canvas, they are selected.` : ''}${retry ? '' : ' The earlier selections were kept in a snapshot (under “Reconcile with rules”).'}`,
          )
        else setStatus(null)
      })
      // Failed chunks are in the result; this is the mutation itself failing, which leaves no result to show.
      .catch((error: unknown) => {
        setStatus(null)
        setAlert(`Accepting grades from ${grader.label} failed: ${describeError(error)}`)
      })
  }

  if (roster.isPending) return <Spinner label="Loading students…" />
  if (roster.isError && !roster.data?.pages.length) {
    const err = roster.error
    if (isCanvasApiError(err) && err.kind === 'unauthorized') {
      return (
        <div className="notice" role="note">
          <h2>Read-only view</h2>
          <p>
            Only the final grader{props.finalGraderName ? ` (${props.finalGraderName})` : ''} or an administrator can
            moderate this assignment.
          </p>
          <p className="hint">
            Canvas does not show other graders’ provisional grades to you, so there is nothing to select here. You can
            still give your own provisional grades in SpeedGrader.
          </p>
        </div>
      )
    }
    return (
      <div className="notice notice--error" role="alert">
        <h2>Students could not be loaded</h2>
        <p>{describeError(err)}</p>
        {/* Not awaited: a failed refetch shows in the query's own state, which this screen renders. */}
        <button type="button" className="button" onClick={() => void roster.refetch()}>
          Try again
        </button>
      </div>
    )
  }

  const data = roster.data!
  const shownCount = visibleRows.length

  // The roster stopped with pages missing (its own load failed, or "Load the rest" did): said, never hidden.
  const stopped = !data.complete && !loadRest.isPending && (loadRest.isError || roster.isError)
  const stoppedError = loadRest.isError ? loadRest.error : roster.error
  const loading = (roster.isFetching || loadRest.isPending) && !data.complete ? rosterProgressText(data) : ''
  const shownStatus = latestStatus
  const active = [
    ...(props.activeChips ?? []),
    ...(filters.section ? [filters.section] : []),
    ...(filters.search.trim() ? [`“${filters.search.trim()}”`] : []),
  ]

  return (
    <section className="workspace" aria-labelledby="grades-heading">
      <h2 id="grades-heading" className="visually-hidden">
        Grades
      </h2>
      <div className="workbar">
        {props.triage}
        <GridToolbar
          filters={filters}
          onFiltersChange={setFilters}
          sortOrder={sortOrder}
          onSortChange={setSortOrder}
          shown={shownCount}
          total={students.length}
          incomplete={!data.complete}
          sections={props.sections}
          active={active}
          onClearAll={() => {
            setFilters(noFilters)
            props.onClearChips?.()
          }}
        />
        <p className="progress" role="status">
          {loading || (data.complete ? `${formatCount(students.length)} students loaded.` : '')}
        </p>
        {stopped ? (
          // Never claim completeness: the students that did not load are said, and can be asked for again.
          <p className="message message--error" role="alert">
            {rosterProgressText(data)}; loading stopped: {describeError(stoppedError)} The counts, filters and publish
            readiness cover only the students loaded.{' '}
            <button
              type="button"
              className="button button--small"
              onClick={() => {
                void loadRest.mutateAsync().catch(() => undefined) // its error is shown from loadRest's state
              }}
            >
              Load the rest
            </button>
          </p>
        ) : null}
      </div>
      <SkippedNotice sentences={data.notShown ? [unreadableSentence(data.notShown, STUDENT_NOUN)] : []} />

      {/* The page's one live region: results, errors and where "next" went, always in the viewport. */}
      <div className="toasts">
        <p role="status" className="toast toast--status">
          {savingSelections > 0 ? `Saving ${plural(savingSelections, 'selection')}…` : shownStatus}
        </p>
        <div className={alert ? 'toast toast--error' : 'toast toast--idle'}>
          <p role="alert">{alert}</p>
          {alert ? (
            <button type="button" className="button button--small" onClick={() => setAlert(null)}>
              Dismiss
            </button>
          ) : null}
        </div>
        {bulkOutcome && bulkOutcome.result.failed.length > 0 ? (
          <div className="toast toast--error">
            <p role="alert">
              {plural(bulkOutcome.result.failed.length, 'student was', 'students were')} not updated:{' '}
              {listNames(
                bulkOutcome.result.failed.map((f) => f.studentLabel),
                10,
              )}
              . {describeError(bulkOutcome.result.errors[0])}
            </p>
            <button
              type="button"
              className="button"
              disabled={bulkSelect.isPending}
              onClick={() => runBulk(bulkOutcome.grader, bulkOutcome.result.failed, true)}
            >
              Retry {plural(bulkOutcome.result.failed.length, 'student')}
            </button>
          </div>
        ) : null}
      </div>

      {shownCount === 0 && students.length > 0 ? (
        <p className="empty">No students match these filters. “Clear filters” shows everyone again.</p>
      ) : null}
      {students.length === 0 && data.complete && data.notShown === 0 ? (
        <p className="empty">This assignment has no gradeable students yet.</p>
      ) : null}

      <GradesGrid
        assignmentName={props.assignmentName}
        rows={visibleRows}
        graders={graders}
        gradeKind={kind}
        showSections={(props.sections?.length ?? 0) > 1}
        focusRequest={props.focusRequest ?? null}
        sortOrder={sortOrder}
        onSortChange={setSortOrder}
        busy={!data.complete && !stopped}
        readOnly={readOnly}
        // Canvas sends the moderation data only to moderators (permits_moderation?: the final grader, or an
        // administrator with select_final_grade), and a moderator may write a final grade: having rows is enough.
        canCustomGrade={props.canCustomGrade || students.length > 0}
        onSelect={onSelect}
        onCustomGrade={onCustomGrade}
      />

      {!readOnly && graders.length > 0 ? (
        <div className="bulk-actions" role="group" aria-label="Accept all grades from one grader">
          {graders.map((g) => (
            <button
              key={g.key}
              type="button"
              className="button"
              onClick={() => openBulk(g)}
              disabled={bulkSelect.isPending || !data.complete}
            >
              Accept all grades from {g.label}
            </button>
          ))}
        </div>
      ) : null}

      {customFor ? (
        <Suspense fallback={null}>
          <CustomGradeDialog
            studentLabel={customFor.label}
            kind={kind}
            pointsPossible={props.pointsPossible}
            scheme={props.scheme?.grades ?? null}
            schemeLabel={props.scheme?.label ?? null}
            schemeStrict={props.scheme?.strict ?? false}
            current={customFor.finalGrade}
            {...replaceInfo(customFor, props.finalGraderId, graders)}
            pending={customGrade.isPending}
            onClose={() => setCustomFor(null)}
            onSubmit={(postedGrade, summary, reselectGradeId) =>
              customGrade
                .mutateAsync({ student: customFor.student, postedGrade, reselectGradeId })
                .then(({ final, lostAnswer }) =>
                  `${lostAnswer ? 'Canvas’s answer was lost, so the student was read back from Canvas: ' : ''}Custom grade ${final.grade || final.score !== null ? gradeDisplay(final, kind) : summary} ${lostAnswer ? 'is' : ''} saved and selected for ${customFor.label}.`.replace(
                    '  ',
                    ' ',
                  ),
                )
            }
            onSaved={setStatus}
            feedback={{
              assignmentRef: ref,
              student: { ...customFor.student, key: customFor.key },
              graderLabels: new Map(graders.map((g) => [g.key, g.label])),
              selectedGrade: customFor.selectedGrade,
            }}
          />
        </Suspense>
      ) : null}

      {bulk ? (
        <Suspense fallback={null}>
          <BulkAcceptDialog
            graderLabel={bulk.grader.label}
            fill={bulk.fill}
            replace={bulk.replace}
            unchanged={bulk.unchanged}
            onClose={() => setBulk(null)}
            onConfirm={(items) => runBulk(bulk.grader, items)}
          />
        </Suspense>
      ) : null}
    </section>
  )
}

/**
 * Whether Canvas will refuse to change this student's custom grade as it stands, and the grade to select first.
 * Canvas keeps a *selected* provisional grade whose scorer is not the assignment's final grader
 * (PROVISIONAL_GRADE_MODIFY_SELECTED, Submission#update_provisional_grade, app/models/submission.rb): an
 * administrator's custom grade, or any custom grade on an assignment without a final grader. When the scorer is
 * hidden (anonymous graders) it cannot be known beforehand; the dialog then offers the same path on Canvas's 400.
 */
function replaceInfo(
  row: GridRow,
  finalGraderId: number | null,
  graders: readonly Grader[],
): { mustReplace: boolean; replacePath: ReplacePath | null } {
  const final = row.finalGrade
  const selected = final !== undefined && row.selectedGradeId === final.id
  if (!selected) return { mustReplace: false, replacePath: null }
  const other = graders.find((g) => row.byGrader[g.key])
  const replacePath = other ? { graderLabel: `${other.label}’s grade`, gradeId: row.byGrader[other.key]!.id } : null
  const scorer = final.scorerId
  const mustReplace = finalGraderId === null || (scorer !== undefined && scorer !== finalGraderId)
  return { mustReplace, replacePath }
}
