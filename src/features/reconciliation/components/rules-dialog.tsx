import { useQuery } from '@tanstack/react-query'
import { useId, useMemo, useState } from 'react'
import { Modal } from '../../../components/ui/modal'
import { describeError } from '../../../lib/describe-error'
import { plural } from '../../../lib/format'
import { gradeScale, isPassFail, usesTolerance, type GradeScale } from '../../../lib/moderation/grade-scale'
import { gradingStandardQueries } from '../api/grading-standard-queries'
import { useApplyPlan, type Progress } from '../api/use-apply-plan'
import { canvasDefaultScheme, formatScheme, parseScheme } from '../utils/boundaries'
import { rulesFor, type AgreedRule, type Plan, type RuleKind } from '../utils/plan'
import { failedSentence, lostSentence, ProgressView } from './apply-report'
import { PlanPreview } from './plan-preview'
import { usePlan, type PlanInputs } from './use-plan'
import type { ReconciliationPanelProps } from './reconciliation-panel'

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

export function RulesDialog(
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
  const inputs = useMemo<PlanInputs>(
    () => ({
      students: p.students,
      rules: { agreed: rule, overwriteSelections: overwrite },
      ctx: {
        graders: p.graders,
        pointsPossible: p.pointsPossible,
        scheme,
        canCustomGrade: p.canCustomGrade,
        scale,
        canvasScheme,
      },
    }),
    [p.students, rule, overwrite, p.graders, p.pointsPossible, scheme, p.canCustomGrade, scale, canvasScheme],
  )
  const { result: planned, current } = usePlan(inputs)
  // Only a plan for the choices on screen may be applied: while a newer one is worked out, the last is shown but
  // Apply waits.
  const plan = current ? (planned?.plan ?? null) : null

  // The plan the moderator confirmed, whatever is worked out while it is being sent (the roster changes as it is).
  const [applying, setApplying] = useState<Plan | null>(null)
  function onApply() {
    if (!plan) return
    const applying = plan
    setApplying(applying)
    setResult(null)
    apply.mutate(
      { changes: applying.changes, students: p.students, onProgress: setProgress },
      {
        onSuccess: ({ applied, failed, reread }) => {
          // Never called an undo where it is not one: students who had no selection cannot be put back.
          const undoable = applying.changes.filter((c) => c.from !== null).length
          const message = `Applied the rules to ${plural(applied, 'student')}.${reread ? ` ${lostSentence(reread)}` : ''} A snapshot was taken: restoring it can put back ${
            undoable === applying.changes.length
              ? 'every earlier selection'
              : `${undoable} of the ${applying.changes.length} changes`
          }.`
          setResult({ message, failed: failed.length ? `Not updated: ${failedSentence(failed)}` : null })
          p.onApplied(message)
        },
        onError: (e) => setResult({ message: '', failed: `Applying failed: ${describeError(e)}` }),
      },
    )
  }

  const done = result !== null && !apply.isPending
  // While it is sent, the button keeps saying what was confirmed.
  const onButton = apply.isPending ? applying : plan
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

        {planned ? (
          <PlanPreview plan={planned.plan} figures={planned.figures} updating={!current} scale={scale} />
        ) : (
          <p className="hint" role="status">
            Working out the changes for {plural(p.students.length, 'student')}…
          </p>
        )}

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
            disabled={apply.isPending || !plan || plan.changes.length === 0}
          >
            {!onButton
              ? 'Working out the changes…'
              : onButton.changes.length === 0
                ? 'Nothing to apply'
                : `Apply to ${plural(onButton.changes.length, 'student')}`}
          </button>
        ) : null}
      </div>
    </Modal>
  )
}
