import { useQueryClient } from '@tanstack/react-query'
import { lazy, Suspense, useEffect, useId, useState, type ReactNode } from 'react'
import type { AssignmentRef } from '../../../canvas/keys'
import { describeError } from '../../../lib/describe-error'
import { formatDateTime, listNames, plural } from '../../../lib/format'
import type { ClassifiedStudent } from '../../../lib/moderation/classify'
import { useSnapshots, type SelectionSnapshot } from '../../../lib/moderation/snapshot'
import { gradingStandardQueries } from '../api/grading-standard-queries'
import { useRestoreSnapshot, type Progress, type ReadBack } from '../api/use-apply-plan'
import type { GraderLabel } from '../utils/plan'
import { failedSentence, lostSentence, ProgressView } from './apply-report'

// The rules dialog (the planner, its preview, the boundaries editor) loads when first opened or approached: it is
// not needed to show the moderation screen.
// Once loaded it is rendered directly: through lazy/Suspense a first open that finds it still loading shows the
// fallback, and React then holds the dialog back for a while after it (about 300 ms in a trace at 4x CPU).
type RulesDialogModule = typeof import('./rules-dialog')
let loadedDialog: RulesDialogModule | undefined
const loadRulesDialog = () => import('./rules-dialog').then((m) => (loadedDialog = m))
const RulesDialog = lazy(() => loadRulesDialog().then((m) => ({ default: m.RulesDialog })))

export interface ReconciliationPanelProps {
  assignmentRef: AssignmentRef
  students: ClassifiedStudent[]
  graders: GraderLabel[]
  pointsPossible: number | null
  /** Canvas's `grading_type` (Assignment.gradingType): which rules make sense and how grades read. */
  gradingType: string
  /** The assignment's own grading scheme (Assignment.gradingStandardId). */
  gradingStandardId: number | null
  /** "within 1 point" — shown next to the rule so the moderator knows what "agree" means here. */
  toleranceText: string
  /** A control to change the tolerance from inside the dialog (the triage's ToleranceField). */
  toleranceControl?: ReactNode
  canCustomGrade: boolean
  readOnly: boolean
  /** Every page of the roster is in; rules never run on a partial roster. */
  complete: boolean
  /** Reads every student's selection again from Canvas, to count writes whose answers were lost. */
  readBack: ReadBack
}

/**
 * Reconciliation rules with a what-if preview. Nothing is sent until "Apply"; applying snapshots every selection
 * first, and "Restore snapshot" puts them back (before publishing).
 */
export function ReconciliationPanel(p: ReconciliationPanelProps) {
  const ref = p.assignmentRef
  const headingId = useId()
  // Open, and how: the loaded module directly, or through Suspense while it loads. Decided when opening, so a load
  // finishing while the dialog is open does not swap (and reset) it.
  const [open, setOpen] = useState<false | 'direct' | 'lazy'>(false)
  const snapshots = useSnapshots(ref)
  const [status, setStatus] = useState<string | null>(null)
  const [progress, setProgress] = useState<Progress | null>(null)
  const [alert, setAlert] = useState<string | null>(null)
  const restore = useRestoreSnapshot(ref, p.readBack)
  const queryClient = useQueryClient()
  // Read the grading scheme as soon as the moderator heads for the button, so the dialog opens with it.
  const prefetchScheme = () => {
    void loadRulesDialog()
    void queryClient.prefetchQuery(
      gradingStandardQueries.defaultBoundaries({ ...ref, gradingStandardId: p.gradingStandardId }),
    )
  }

  // Loaded (and evaluated) when the browser is idle once every student is in, not in the first click.
  const { complete, readOnly } = p
  useEffect(() => {
    if (!complete || readOnly) return
    const idle = window.requestIdleCallback ?? ((fn: () => void) => window.setTimeout(fn, 1000))
    idle(() => void loadRulesDialog())
  }, [complete, readOnly])

  function onRestore(snapshot: SelectionSnapshot) {
    setAlert(null)
    setStatus(null)
    restore.mutate(
      { snapshot, students: p.students, onProgress: setProgress },
      {
        onSuccess: ({ applied, failed, reread, cannotClear }) => {
          setProgress(null)
          const parts = [
            `Restored ${plural(applied, 'selection')} from the snapshot. The selections as they were just before are kept in a new snapshot.`,
          ]
          if (reread) parts.push(lostSentence(reread))
          if (cannotClear.length)
            parts.push(
              `${plural(cannotClear.length, 'student has', 'students have')} no selection in the snapshot; Canvas cannot clear a selection, so ${cannotClear.length === 1 ? 'it keeps' : 'they keep'} the current one: ${listNames(
                cannotClear.map((c) => c.label),
                8,
              )}.`,
            )
          setStatus(parts.join(' '))
          if (failed.length) setAlert(`Not restored: ${failedSentence(failed)}`)
        },
        onError: (e) => {
          setProgress(null)
          setAlert(`Restoring failed: ${describeError(e)}`)
        },
      },
    )
  }

  return (
    <section className="section" aria-labelledby={headingId}>
      <h2 id={headingId}>Reconcile with rules</h2>
      <p className="hint">Settle agreeing students in one go. You see every change before anything is sent.</p>
      <button
        type="button"
        className="button"
        onClick={() => setOpen(loadedDialog ? 'direct' : 'lazy')}
        onPointerEnter={prefetchScheme}
        onFocus={prefetchScheme}
        disabled={p.readOnly || !p.complete}
      >
        Reconciliation rules…
      </button>
      {snapshots.length ? (
        <div className="snapshot">
          <h3>Snapshots</h3>
          <p className="hint">
            Taken in this browser before each bulk action. Restoring selects those grades again; it cannot clear a
            selection made since.
          </p>
          <ul className="snapshot__list">
            {snapshots.map((snap, i) => (
              <li key={snap.takenAt + String(i)}>
                <span>
                  {snap.before ? `Before ${snap.before}` : 'Snapshot'}, {formatDateTime(snap.takenAt)}:{' '}
                  {plural(snap.selections.filter((s) => s.gradeId !== null).length, 'selection')}
                </span>{' '}
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => onRestore(snap)}
                  disabled={p.readOnly || restore.isPending || !p.complete}
                  aria-label={`Restore the snapshot taken ${formatDateTime(snap.takenAt)}${snap.before ? `, before ${snap.before}` : ''}`}
                >
                  Restore
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {progress ? <ProgressView progress={progress} /> : null}
      <p role="status" className="message">
        {status}
      </p>
      <p role="alert" className={alert ? 'message message--error' : 'message'}>
        {alert}
      </p>
      {open ? (
        open === 'direct' && loadedDialog ? (
          <loadedDialog.RulesDialog {...p} onClose={() => setOpen(false)} onApplied={setStatus} />
        ) : (
          <Suspense fallback={<p className="hint">Opening the rules…</p>}>
            <RulesDialog {...p} onClose={() => setOpen(false)} onApplied={setStatus} />
          </Suspense>
        )
      ) : null}
    </section>
  )
}
