import { useIsMutating, useQuery } from '@tanstack/react-query'
import { useCallback, useEffect, useEffectEvent, useMemo, useRef, useState } from 'react'
import { isCanvasApiError } from '../../../canvas/errors'
import { canvasPath, type AssignmentRef } from '../../../canvas/keys'
import type { ProvisionalGrade } from '../../../canvas/types'
import { SkippedNotice } from '../../../components/ui/skipped-notice'
import { Spinner } from '../../../components/ui/spinner'
import { describeError } from '../../../lib/describe-error'
import { formatCount, listNames, plural } from '../../../lib/format'
import { STUDENT_NOUN, unreadableSentence } from '../../../lib/skipped-text'
import { gradeQueries } from '../api/grade-queries'
import { useBulkSelect, type BulkItem, type BulkResult } from '../api/use-bulk-select'
import { useCustomGrade } from '../api/use-custom-grade'
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
import { createRowSorter } from '../utils/row-sorter'
import { rosterProgressText, rosterStudents } from '../utils/roster'
import { BulkAcceptDialog } from './bulk-accept-dialog'
import { CustomGradeDialog } from './custom-grade-dialog'
import { GradesGrid } from './grades-grid'
import { GridToolbar } from './grid-toolbar'

export interface ModerationGradesProps {
  assignmentRef: AssignmentRef
  assignmentName: string
  pointsPossible: number | null
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
  /** Move focus to this student's row ("next student needing a decision"); a new seq asks again. */
  focusRequest?: { key: string; seq: number } | null
}

interface BulkState {
  grader: Grader
  items: BulkItem[]
  unchanged: number
}

export function ModerationGrades(props: ModerationGradesProps) {
  const { assignmentRef: ref, readOnly } = props
  const roster = useQuery(gradeQueries.roster(ref))
  const students = useMemo(() => rosterStudents(roster.data), [roster.data])
  const graders = useStableGraders(roster.data, props.graderNames)
  const rowCache = useRef(createRowCache())
  const rows = useMemo(() => students.map(rowCache.current), [students])

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
  const visibleRows = useMemo(() => {
    const shown = filterRows(sorted, filters)
    return onlyKeys ? shown.filter((r) => onlyKeys.has(r.key)) : shown
  }, [sorted, filters, onlyKeys])
  const [alert, setAlert] = useState<string | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [customFor, setCustomFor] = useState<GridRow | null>(null)
  const [bulk, setBulk] = useState<BulkState | null>(null)
  const [bulkOutcome, setBulkOutcome] = useState<{ grader: Grader; result: BulkResult } | null>(null)

  const selectGrade = useSelectGrade(ref)
  const customGrade = useCustomGrade(ref)
  const bulkSelect = useBulkSelect(ref)
  const savingSelections = useIsMutating({ mutationKey: canvasPath.selections(ref) })

  const onSelect = useCallback(
    (row: GridRow, grade: ProvisionalGrade, graderLabel: string) => {
      if (row.selectedGradeId === grade.id) return
      setAlert(null)
      selectGrade
        .mutateAsync({ studentKey: row.key, gradeId: grade.id })
        .then(() => setStatus(`Selected ${graderLabel}’s grade for ${row.label}.`))
        .catch((error: unknown) =>
          setAlert(
            `Could not select ${graderLabel}’s grade for ${row.label}: ${describeError(error)} The previous selection was restored.`,
          ),
        )
    },
    [selectGrade],
  )

  const onCustomGrade = useCallback((row: GridRow) => setCustomFor(row), [])

  function openBulk(grader: Grader) {
    const items: BulkItem[] = []
    let unchanged = 0
    for (const row of rows) {
      const g = row.byGrader[grader.key]
      if (!g || g.gradedAt === null) continue
      if (row.selectedGradeId === g.id) unchanged++
      else items.push({ studentKey: row.key, studentLabel: row.label, gradeId: g.id })
    }
    setBulkOutcome(null)
    setBulk({ grader, items, unchanged })
  }

  function runBulk(grader: Grader, items: BulkItem[]) {
    setBulk(null)
    setAlert(null)
    bulkSelect
      .mutateAsync({
        items,
        onProgress: (done, total) =>
          setStatus(`Accepting grades from ${grader.label}: ${formatCount(done)} of ${formatCount(total)} processed…`),
      })
      .then((result) => {
        setBulkOutcome({ grader, result })
        if (result.failed.length === 0) setStatus(`Accepted ${plural(result.updated, 'grade')} from ${grader.label}.`)
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
            Canvas does not show other graders’ provisional grades to you, so there is nothing to select here.
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

  return (
    <section className="section" aria-labelledby="grades-heading">
      <div className="section__header">
        <h2 id="grades-heading">Grades</h2>
        <p className="progress" role="status">
          {roster.isFetching && !data.complete
            ? rosterProgressText(data)
            : data.complete
              ? `${formatCount(students.length)} students loaded.`
              : ''}
          {roster.isError ? ` Loading stopped: ${describeError(roster.error)}` : ''}
        </p>
      </div>
      <SkippedNotice sentences={data.notShown ? [unreadableSentence(data.notShown, STUDENT_NOUN)] : []} />

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

      <GridToolbar
        filters={filters}
        onFiltersChange={setFilters}
        sortOrder={sortOrder}
        onSortChange={setSortOrder}
        shown={shownCount}
        total={students.length}
      />

      <div className="messages">
        <div role="status" className="message message--status">
          {savingSelections > 0 ? `Saving ${plural(savingSelections, 'selection')}…` : status}
        </div>
        <div role="alert" className={alert ? 'message message--error' : 'message'}>
          {alert}
        </div>
        {bulkOutcome && bulkOutcome.result.failed.length > 0 ? (
          <div className="message message--error">
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
              onClick={() => runBulk(bulkOutcome.grader, bulkOutcome.result.failed)}
            >
              Retry {plural(bulkOutcome.result.failed.length, 'student')}
            </button>
          </div>
        ) : null}
      </div>

      {shownCount === 0 && students.length > 0 ? <p className="empty">No students match these filters.</p> : null}
      {students.length === 0 && data.complete && data.notShown === 0 ? (
        <p className="empty">This assignment has no gradeable students yet.</p>
      ) : null}

      <GradesGrid
        assignmentName={props.assignmentName}
        rows={visibleRows}
        graders={graders}
        focusRequest={props.focusRequest ?? null}
        sortOrder={sortOrder}
        busy={!data.complete}
        readOnly={readOnly}
        canCustomGrade={props.canCustomGrade}
        onSelect={onSelect}
        onCustomGrade={onCustomGrade}
      />

      {customFor ? (
        <CustomGradeDialog
          studentLabel={customFor.label}
          student={customFor.student}
          pointsPossible={props.pointsPossible}
          currentScore={customFor.finalGrade?.score ?? null}
          pending={customGrade.isPending}
          onClose={() => setCustomFor(null)}
          onSubmit={(postedGrade) =>
            customGrade
              .mutateAsync({ student: customFor.student, postedGrade })
              .then(() => setStatus(`Custom grade ${postedGrade} saved and selected for ${customFor.label}.`))
          }
        />
      ) : null}

      {bulk ? (
        <BulkAcceptDialog
          graderLabel={bulk.grader.label}
          items={bulk.items}
          unchanged={bulk.unchanged}
          onClose={() => setBulk(null)}
          onConfirm={() => runBulk(bulk.grader, bulk.items)}
        />
      ) : null}
    </section>
  )
}
