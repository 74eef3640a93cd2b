import { useMemo, useState } from 'react'
import { isCanvasApiError } from '../../../canvas/errors'
import { describeError } from '../../../lib/describe-error'
import { formatCount, formatNumber, plural, round2 } from '../../../lib/format'
import type { ClassifiedStudent } from '../../../lib/moderation/classify'
import { gradeScale, isPassFail } from '../../../lib/moderation/grade-scale'
import { recordSampleReasons } from '../../../lib/moderation/sample-reasons'
import {
  boundariesInPoints,
  lowestPassingBoundary,
  newSeed,
  planSample,
  rangeSizeFor,
  skippedRules,
  type SamplePick,
} from '../../../lib/moderation/sampling'
import { applyMessages, nothingSent, progressText, splitBySet, type AddProgress } from '../utils/apply'
import { defaultForm, rulesFromForm, type RuleForm } from '../utils/rule-form'
import { SamplePreview } from './sample-preview'
import { SampleRules } from './sample-rules'

import type { SamplingPanelProps } from './sampling-panel'

/** In an anonymous assignment no row may carry a name or user id, whatever Canvas sent for it. */
function withoutNames(students: readonly ClassifiedStudent[]): readonly ClassifiedStudent[] {
  return students.map((c) => (c.anonymous ? c : { ...c, label: 'Student (name hidden)', userId: undefined }))
}

export function SamplingBody(p: SamplingPanelProps) {
  const { gradingType, pointsPossible } = p
  const [form, setForm] = useState<RuleForm>(() => defaultForm(pointsPossible, newSeed()))
  const [progress, setProgress] = useState<AddProgress | null>(null)
  const [running, setRunning] = useState(false)
  const [status, setStatus] = useState<string | null>(null)
  const [alert, setAlert] = useState<string | null>(null)

  const scale = gradeScale({ gradingType, pointsPossible })
  const pp = scale.pointsPossible
  const students = useMemo(() => (p.anonymous ? withoutNames(p.students) : p.students), [p.anonymous, p.students])
  const byKey = useMemo(() => new Map(students.map((c) => [c.key, c])), [students])
  const scheme = p.scheme?.scheme ?? null
  const pass = scheme ? lowestPassingBoundary(scheme) : null
  const passMarkFromScheme =
    pass && pp !== null
      ? {
          points: round2(pass.value * pp),
          text: `the lowest passing grade, ${pass.name}, starts at ${formatNumber(pass.value * 100)}% in ${schemeName(p.scheme!.label)}`,
        }
      : null
  const passPoints = passMarkFromScheme?.points ?? null
  const { rules, invalid } = useMemo(() => rulesFromForm(form, passPoints), [form, passPoints])
  const ctx = useMemo(() => ({ scale: { gradingType, pointsPossible }, scheme }), [gradingType, pointsPossible, scheme])
  // Planned again when a rule or a grade changes, not on progress or messages.
  const plan = useMemo(() => planSample(students, rules, ctx), [students, rules, ctx])
  const skipped = useMemo(() => new Map(skippedRules(ctx).map((s) => [s.rule, s.why])), [ctx])
  const boundariesText =
    scheme && pp !== null
      ? `Boundaries in points: ${boundariesInPoints(scheme, pp)
          .map((b) => `${b.name} ${formatNumber(b.points)}`)
          .join(', ')}. ${p.scheme!.label}`
      : null

  const inSet = p.moderationSet.userIds
  const split = inSet && !p.anonymous ? splitBySet(plan.picks, inSet) : null
  const canWrite = !p.anonymous && !p.published && p.finalGrader
  const setStatusOf = p.anonymous
    ? null
    : (pick: SamplePick) =>
        pick.userId === undefined
          ? 'Cannot be added'
          : inSet
            ? inSet.has(pick.userId)
              ? 'Already in the set'
              : 'Will be added'
            : p.moderationSet.isPending
              ? 'Checking…'
              : 'Not known'

  async function onApply() {
    if (!split) return
    const { toAdd, already } = split
    const labelOf = new Map(plan.picks.map((x) => [x.userId, x.label]))
    setRunning(true)
    setStatus(null)
    setAlert(null)
    try {
      const out = toAdd.length
        ? await p.addToSet({ studentIds: toAdd.map((x) => x.userId), onProgress: setProgress })
        : nothingSent
      const nowIn = new Set(out.added)
      let kept = true
      try {
        recordSampleReasons(p.assignmentRef, [
          ...toAdd.filter((x) => nowIn.has(x.userId)).map((x) => ({ ...x, added: true })),
          ...already.map((x) => ({ ...x, added: false })),
        ])
      } catch {
        kept = false
      }
      const msg = applyMessages(out, {
        labelOf: (id) => labelOf.get(id) ?? `User ${id}`,
        sent: toAdd.length,
        already: already.length,
        kept,
      })
      setStatus(msg.status)
      setAlert(msg.alert)
    } catch (e) {
      setAlert(`Could not add the sample: ${describeError(e)}`)
    } finally {
      setRunning(false)
      setProgress(null)
    }
  }

  const gradedText = `${formatCount(plan.graded)} of ${plural(students.length, 'student')} graded so far`
  return (
    <div className="sampling__body">
      <p className="hint">
        Pick students for a second look. Only students with a grade are sampled ({gradedText}); a student’s mark is the
        mean of the graders’ scores.
      </p>
      {p.anonymous ? (
        <p className="notice" role="note">
          Students are anonymous, so names stay hidden and the sample is shown by anonymous label. It cannot be written
          to Canvas’s moderation set: Canvas adds students to it by user id only, and hides user ids until grades are
          published.
        </p>
      ) : null}
      <SampleRules
        form={form}
        onChange={setForm}
        invalid={invalid}
        skipped={skipped}
        graded={plan.graded}
        sqrtSize={rangeSizeFor({ kind: 'sqrt' }, plan.graded)}
        passFail={isPassFail(scale)}
        passMarkFromScheme={passMarkFromScheme}
        boundariesText={boundariesText}
        disabled={running}
      />
      <div className="preview" role="region" aria-label="Preview of the sample">
        <h3>Preview</h3>
        <p className="preview__summary">
          {plural(plan.picks.length, 'student')} in the sample
          {split
            ? `: ${formatCount(split.toAdd.length)} to add, ${formatCount(split.already.length)} already in the moderation set.`
            : '.'}
        </p>
        <SamplePreview picks={plan.picks} byKey={byKey} scale={ctx.scale} setStatus={setStatusOf} />
      </div>
      <SetNotes p={p} />
      {canWrite ? (
        <button
          type="button"
          className="button button--primary"
          disabled={running || !split || plan.picks.length === 0}
          onClick={() => void onApply()}
        >
          {split && split.toAdd.length === 0 && plan.picks.length > 0
            ? 'Keep the reasons (all already in the set)'
            : `Add ${plural(split?.toAdd.length ?? 0, 'student')} to the moderation set`}
        </button>
      ) : !p.anonymous ? (
        <p className="hint">
          {p.published
            ? 'Grades are published, so the moderation set no longer matters.'
            : 'Only the final grader can add the sample to the moderation set.'}
        </p>
      ) : null}
      {progress ? (
        <div className="apply-progress">
          <label>
            {progressText(progress)}
            <progress max={Math.max(progress.total, 1)} value={progress.done} />
          </label>
        </div>
      ) : null}
      <p role="status" className="message">
        {status}
      </p>
      <p role="alert" className={alert ? 'message message--error' : 'message'}>
        {alert}
      </p>
    </div>
  )
}

/** "Degree classification (course grading scheme)" out of the scheme's label, for the pass mark's hint. */
function schemeName(label: string): string {
  const m = /^From Canvas: (.+?)(?:, (?:set on|the course).*)?\.?$/.exec(label)
  return m ? m[1]! : 'Canvas’s default grading scheme'
}

function SetNotes({ p }: { p: SamplingPanelProps }) {
  if (p.anonymous) return null
  const { error, isPending, userIds } = p.moderationSet
  if (error)
    return isCanvasApiError(error) && error.kind === 'unauthorized' ? (
      <p className="hint">Only the final grader or an administrator can see and change the moderation set.</p>
    ) : (
      <p className="error-text">The moderation set could not be read: {describeError(error)}</p>
    )
  if (isPending && !userIds) return <p className="hint">Reading the moderation set from Canvas…</p>
  return null
}
