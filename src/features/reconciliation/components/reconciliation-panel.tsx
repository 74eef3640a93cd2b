import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useId, useMemo, useState, type ReactNode } from 'react'
import type { AssignmentRef } from '../../../canvas/keys'
import { Modal } from '../../../components/ui/modal'
import { describeError } from '../../../lib/describe-error'
import { formatCount, formatDateTime, listNames, plural } from '../../../lib/format'
import type { ClassifiedStudent } from '../../../lib/moderation/classify'
import { gradeScale, isPassFail, usesTolerance, type GradeScale } from '../../../lib/moderation/grade-scale'
import { useSnapshots, type SelectionSnapshot } from '../../../lib/moderation/snapshot'
import { gradingStandardQueries } from '../api/grading-standard-queries'
import { useApplyPlan, useRestoreSnapshot, type ApplyResult, type Progress, type ReadBack } from '../api/use-apply-plan'
import { canvasDefaultScheme, formatScheme, parseScheme } from '../utils/boundaries'
import { planReconciliation, rulesFor, type AgreedRule, type GraderLabel, type RuleKind } from '../utils/plan'
import { PlanPreview } from './plan-preview'

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

const ruleOptions: { kind: RuleKind; label: string }[] = [
  { kind: 'agreed', label: 'Select the grade the graders agree on' },
  { kind: 'higher', label: 'Select the higher grade' },
  { kind: 'lower', label: 'Select the lower grade' },
  { kind: 'grader', label: 'Select one grader’s grade' },
  { kind: 'closest-to-mean', label: 'Select the grade closest to the mean' },
  { kind: 'mean', label: 'Custom grade: the mean' },
  { kind: 'median', label: 'Custom grade: the median' },
]

/** Why some rules are missing, in plain words; null where every rule is offered. */
function whyFewerRules(scale: GradeScale): string | null {
  if (scale.kind === 'none') return 'This assignment is not graded: there are no grades to reconcile.'
  if (usesTolerance(scale)) return null
  if (isPassFail(scale))
    return 'A pass/fail grade is either complete or incomplete, so no rule here works out a new grade: a mean or median of the two is not a grade Canvas has. Graders agree only when they give the same grade, so “higher” and “lower” (complete wins, incomplete wins) would both pick that same grade; a student with one complete and one incomplete is always left for you.'
  return 'This assignment has no points possible, so Canvas scores every letter 0: there is nothing to average, and no rule here works out a new grade. Graders agree only when they give the same letter.'
}

/**
 * Reconciliation rules with a what-if preview. Nothing is sent until "Apply"; applying snapshots every selection
 * first, and "Restore snapshot" puts them back (before publishing).
 */
export function ReconciliationPanel(p: ReconciliationPanelProps) {
  const ref = p.assignmentRef
  const headingId = useId()
  const [open, setOpen] = useState(false)
  const snapshots = useSnapshots(ref)
  const [status, setStatus] = useState<string | null>(null)
  const [progress, setProgress] = useState<Progress | null>(null)
  const [alert, setAlert] = useState<string | null>(null)
  const restore = useRestoreSnapshot(ref, p.readBack)
  const queryClient = useQueryClient()
  // Read the grading scheme as soon as the moderator heads for the button, so the dialog opens with it.
  const prefetchScheme = () =>
    void queryClient.prefetchQuery(
      gradingStandardQueries.defaultBoundaries({ ...ref, gradingStandardId: p.gradingStandardId }),
    )

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
        onClick={() => setOpen(true)}
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
      {open ? <RulesDialog {...p} onClose={() => setOpen(false)} onApplied={setStatus} /> : null}
    </section>
  )
}

function lostSentence(reread: number): string {
  return `Canvas’s answer about ${plural(reread, 'student')} was lost, so ${reread === 1 ? 'that student was' : 'they were'} read back from Canvas and counted as Canvas holds them.`
}

/** The students a bulk write did not update, grouped by why, so a lost answer is never reported as a refusal. */
function failedSentence(failed: ApplyResult['failed']): string {
  const byReason = new Map<string, string[]>()
  for (const f of failed) {
    const reason = describeError(f.error)
    byReason.set(reason, [...(byReason.get(reason) ?? []), f.label])
  }
  return [...byReason]
    .map(([reason, labels]) => `${plural(labels.length, 'student')} (${listNames(labels, 8)}): ${reason}`)
    .join(' ')
}

function ProgressView({ progress }: { progress: Progress }) {
  return (
    <div className="apply-progress">
      <label>
        {progress.phase}: {formatCount(progress.done)} of {formatCount(progress.total)}
        <progress max={Math.max(progress.total, 1)} value={progress.done} />
      </label>
    </div>
  )
}

function RulesDialog(
  p: ReconciliationPanelProps & {
    onClose: () => void
    onApplied: (message: string) => void
  },
) {
  const ids = {
    rule: useId(),
    ruleHint: useId(),
    stepHint: useId(),
    grader: useId(),
    step: useId(),
    scheme: useId(),
    schemeHint: useId(),
    overwrite: useId(),
  }
  const scale = useMemo(
    () => gradeScale({ gradingType: p.gradingType, pointsPossible: p.pointsPossible }),
    [p.gradingType, p.pointsPossible],
  )
  const offered = rulesFor(scale)
  const why = whyFewerRules(scale)
  const [kind, setKind] = useState<RuleKind>(offered[0]!)
  const [graderKey, setGraderKey] = useState(p.graders[0]?.key ?? '')
  const [step, setStep] = useState(0.5)
  const [overwrite, setOverwrite] = useState(false)
  const defaults = useQuery(
    gradingStandardQueries.defaultBoundaries({ ...p.assignmentRef, gradingStandardId: p.gradingStandardId }),
  )
  const baseScheme = defaults.data?.scheme ?? canvasDefaultScheme
  const baseText = formatScheme(baseScheme)
  // Until the moderator edits them, the boundaries follow the Canvas scheme (which may still be loading).
  const [editedText, setEditedText] = useState<string | null>(null)
  const schemeText = editedText ?? baseText
  const edited = editedText !== null && editedText !== baseText
  const [progress, setProgress] = useState<Progress | null>(null)
  const [result, setResult] = useState<{ message: string; failed: string | null } | null>(null)
  const apply = useApplyPlan(p.assignmentRef, p.readBack)

  // Parsed once per text, so `scheme` is the same array from one render to the next (baseScheme comes from the
  // query cache, so it is too) and the plan below is recomputed only when something it reads has changed.
  const parsed = useMemo(() => parseScheme(schemeText), [schemeText])
  const scheme = parsed.ok ? parsed.scheme : baseScheme
  // The scheme Canvas gives letters with; unknown until read, or when Canvas names one it does not show us.
  const canvasScheme =
    defaults.data && !(defaults.data.source.kind === 'canvas-default' && defaults.data.note) ? baseScheme : null
  const baseName =
    defaults.data?.source.kind === 'assignment' || defaults.data?.source.kind === 'course'
      ? `“${defaults.data.source.standard.title}”`
      : 'Canvas’s default'
  const sourceText = defaults.isPending
    ? 'Reading the grading scheme from Canvas… Canvas’s default scheme until then.'
    : defaults.isError
      ? `Could not read the grading scheme from Canvas (${describeError(defaults.error)}); using Canvas’s default scheme.`
      : [defaults.data.label, defaults.data.note].filter(Boolean).join(' ')
  // One object per choice in the dialog, so a render that changes none of them (progress, results) keeps the plan.
  const rule = useMemo<AgreedRule>(
    () => (kind === 'grader' ? { kind, graderKey } : kind === 'mean' || kind === 'median' ? { kind, step } : { kind }),
    [kind, graderKey, step],
  )
  const plan = useMemo(
    () =>
      planReconciliation(
        p.students,
        { agreed: rule, overwriteSelections: overwrite },
        {
          graders: p.graders,
          pointsPossible: p.pointsPossible,
          scheme,
          canCustomGrade: p.canCustomGrade,
          scale,
          canvasScheme,
        },
      ),
    [p.students, rule, overwrite, p.graders, p.pointsPossible, scheme, p.canCustomGrade, scale, canvasScheme],
  )

  function onApply() {
    setResult(null)
    apply.mutate(
      { changes: plan.changes, students: p.students, onProgress: setProgress },
      {
        onSuccess: ({ applied, failed, reread }) => {
          // Never called an undo where it is not one: students who had no selection cannot be put back.
          const undoable = plan.changes.filter((c) => c.from !== null).length
          const message = `Applied the rules to ${plural(applied, 'student')}.${reread ? ` ${lostSentence(reread)}` : ''} A snapshot was taken: restoring it can put back ${
            undoable === plan.changes.length
              ? 'every earlier selection'
              : `${undoable} of the ${plan.changes.length} changes`
          }.`
          setResult({ message, failed: failed.length ? `Not updated: ${failedSentence(failed)}` : null })
          p.onApplied(message)
        },
        onError: (e) => setResult({ message: '', failed: `Applying failed: ${describeError(e)}` }),
      },
    )
  }

  const done = result !== null && !apply.isPending
  return (
    <Modal title="Reconciliation rules" onClose={p.onClose}>
      <div className="reconcile">
        <fieldset className="reconcile__rules" disabled={apply.isPending || done}>
          <legend>
            {scale.kind === 'none'
              ? 'Not graded'
              : usesTolerance(scale)
                ? `Where graders agree within ${p.toleranceText}`
                : 'Where graders give the same grade'}
          </legend>
          {usesTolerance(scale) && p.toleranceControl ? p.toleranceControl : null}
          <div className="field">
            <label htmlFor={ids.rule}>Rule</label>
            <select
              id={ids.rule}
              value={kind}
              aria-describedby={why ? ids.ruleHint : undefined}
              onChange={(e) => setKind(e.target.value as RuleKind)}
            >
              {ruleOptions
                .filter((o) => offered.includes(o.kind))
                .map((o) => (
                  <option key={o.kind} value={o.kind}>
                    {o.label}
                  </option>
                ))}
            </select>
          </div>
          {why ? (
            <p id={ids.ruleHint} className="hint">
              {why}
            </p>
          ) : null}
          {kind === 'grader' ? (
            <div className="field">
              <label htmlFor={ids.grader}>Grader</label>
              <select id={ids.grader} value={graderKey} onChange={(e) => setGraderKey(e.target.value)}>
                {p.graders.map((g) => (
                  <option key={g.key} value={g.key}>
                    {g.label}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          {kind === 'mean' || kind === 'median' ? (
            <div className="field">
              <label htmlFor={ids.step}>Round to the nearest</label>
              <select
                id={ids.step}
                value={step}
                aria-describedby={scale.kind === 'letters' ? ids.stepHint : undefined}
                onChange={(e) => setStep(Number(e.target.value))}
              >
                {[1, 0.5, 0.25, 0.1].map((s) => (
                  <option key={s} value={s}>
                    {s} {s === 1 ? 'point' : 'points'}
                  </option>
                ))}
              </select>
              {scale.kind === 'letters' ? (
                <span id={ids.stepHint} className="hint">
                  Worked out on the scores; Canvas gives the result the letter of its grading scheme, shown in the
                  preview.
                </span>
              ) : null}
            </div>
          ) : null}
          <label className="checkbox">
            <input
              id={ids.overwrite}
              type="checkbox"
              checked={overwrite}
              onChange={(e) => setOverwrite(e.target.checked)}
            />
            Also change students who already have a selected grade
          </label>
          {usesTolerance(scale) ? (
            <div className="field">
              <label htmlFor={ids.scheme}>Grade boundaries (% of points possible)</label>
              <input
                id={ids.scheme}
                type="text"
                value={schemeText}
                aria-invalid={!parsed.ok || undefined}
                aria-describedby={ids.schemeHint}
                onChange={(e) => setEditedText(e.target.value)}
              />
              <span id={ids.schemeHint} className="hint">
                {!parsed.ok
                  ? `${parsed.message} Using ${baseName} for now. `
                  : edited
                    ? 'Your boundaries, edited from: '
                    : ''}
                {sourceText}
                {parsed.ok && !edited ? ' Edit to try others, e.g. “Pass 40, Fail 0”.' : ''}
              </span>
              {edited ? (
                <button type="button" className="button button--small" onClick={() => setEditedText(null)}>
                  Use the Canvas scheme again
                </button>
              ) : null}
            </div>
          ) : null}
          <p className="hint">
            {usesTolerance(scale)
              ? 'Disagreements beyond the tolerance, single-grader students, students without grades and stale grades are always left for you.'
              : 'Students whose graders gave different grades, single-grader students, students without grades and stale grades are always left for you.'}
          </p>
        </fieldset>

        <PlanPreview
          plan={plan}
          students={p.students}
          pointsPossible={p.pointsPossible}
          scheme={scheme}
          scale={scale}
        />

        {progress && apply.isPending ? <ProgressView progress={progress} /> : null}
        <p role="status" className="message">
          {apply.isPending ? 'Applying…' : result?.message}
        </p>
        <p role="alert" className={result?.failed ? 'message message--error' : 'message'}>
          {result?.failed}
        </p>
      </div>
      <div className="modal__actions">
        <button type="button" className="button" onClick={p.onClose} disabled={apply.isPending}>
          {done ? 'Close' : 'Cancel'}
        </button>
        {!done ? (
          <button
            type="button"
            className="button button--primary"
            onClick={onApply}
            disabled={apply.isPending || plan.changes.length === 0}
          >
            {plan.changes.length === 0 ? 'Nothing to apply' : `Apply to ${plural(plan.changes.length, 'student')}`}
          </button>
        ) : null}
      </div>
    </Modal>
  )
}
