import { useId } from 'react'
import { formatCount, formatNumber, listNames, plural } from '../../../lib/format'
import type { ClassifiedStudent } from '../../../lib/moderation/classify'
import { gradeDisplay, gradeKind } from '../../../lib/grading-type'
import { usesTolerance, type GradeScale } from '../../../lib/moderation/grade-scale'
import type { Boundary } from '../utils/boundaries'
import {
  boundaryCrossings,
  distributionOf,
  valuesBeforeAfter,
  type Plan,
  type PlanChange,
  type PlanValue,
} from '../utils/plan'

function actionText(c: PlanChange) {
  if (c.action.type === 'select') return 'Select'
  // Say what goes to Canvas when it is not simply the score (letter grades are sent as a percentage).
  return c.action.postedGrade === String(c.action.score)
    ? 'Create custom grade and select it'
    : `Create custom grade and select it (sent to Canvas as ${c.action.postedGrade})`
}

/**
 * The what-if preview: which students change, from what to what, the distribution now and after, boundary
 * crossings. Grades read as the grading type shows them: points "17", letters "B+ (17.25)" (for a new custom
 * grade, the letter Canvas will give the score), pass/fail "Complete".
 */
export function PlanPreview({
  plan,
  students,
  pointsPossible,
  scheme,
  scale,
}: {
  plan: Plan
  students: ClassifiedStudent[]
  pointsPossible: number | null
  scheme: Boundary[]
  scale: GradeScale
}) {
  const ids = { changes: useId(), crossings: useId(), dist: useId(), left: useId() }
  const byScore = usesTolerance(scale)
  // "18 (Natarajan)", "B+ (87, Natarajan)", "Complete (Natarajan)".
  const text = (v: PlanValue) =>
    scale.kind === 'letters' && v.grade && v.score !== null
      ? `${v.grade} (${formatNumber(v.score)}, ${v.source})`
      : `${gradeDisplay(v, gradeKind(scale.gradingType), scale.pointsPossible)} (${v.source})`
  const fromText = (c: PlanChange) => (c.from ? text(c.from) : 'no selection')
  const customs = plan.changes.filter((c) => c.action.type === 'custom').length
  const crossings = boundaryCrossings(plan)
  const { before, after } = valuesBeforeAfter(students, plan)
  const ctx = { pointsPossible, scheme, scale }
  const now = distributionOf(before, ctx)
  const then = distributionOf(after, ctx)
  const bands = [...new Set([...now.map((d) => d.band), ...then.map((d) => d.band)])]
  const max = Math.max(1, ...now.map((d) => d.count), ...then.map((d) => d.count))
  const count = (rows: { band: string; count: number }[], band: string) => rows.find((r) => r.band === band)?.count ?? 0

  return (
    <div className="preview" aria-label="Preview of the changes" role="region">
      <h3>Preview</h3>
      <p className="preview__summary">
        {plan.changes.length === 0
          ? 'No student would change.'
          : `${plural(plan.changes.length, 'student')} would change`}
        {plan.changes.length
          ? ` (${plural(plan.changes.length - customs, 'selection')}, ${plural(customs, 'new custom grade')})`
          : ''}
        . {plural(plan.left.length, 'student')} left for a person; {formatCount(plan.keptSelections)} keep their
        selection; {formatCount(plan.unchanged)} already as the rule says.{' '}
        {byScore
          ? `${plural(crossings.length, 'student crosses', 'students cross')} a grade boundary.`
          : `${plural(crossings.length, 'student changes', 'students change')} grade.`}
      </p>
      {plan.changes.length ? <UndoNote changes={plan.changes} /> : null}

      {plan.changes.length ? (
        // Focusable so keyboard users can scroll it (axe: scrollable-region-focusable).
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={ids.changes}>
          <table className="data-table">
            <caption id={ids.changes}>Students that change ({formatCount(plan.changes.length)})</caption>
            <thead>
              <tr>
                <th scope="col">Student</th>
                <th scope="col">Now</th>
                <th scope="col">After</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {plan.changes.map((c) => (
                <tr key={c.studentKey}>
                  <th scope="row">{c.label}</th>
                  <td>{fromText(c)}</td>
                  <td>{text(c.to)}</td>
                  <td>{actionText(c)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <table className="data-table">
        <caption id={ids.crossings}>
          {byScore ? 'Crossing a grade boundary' : 'Changing grade'} ({formatCount(crossings.length)})
        </caption>
        <thead>
          <tr>
            <th scope="col">Student</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
          </tr>
        </thead>
        <tbody>
          {crossings.length === 0 ? (
            <tr>
              <td colSpan={3}>{byScore ? 'No selected grade moves to another band.' : 'No selected grade changes.'}</td>
            </tr>
          ) : (
            crossings.map((c) => (
              <tr key={c.studentKey}>
                <th scope="row">{c.label}</th>
                <td>{byScore ? `${c.fromBand} (${formatNumber(c.from!.score)})` : c.fromBand}</td>
                <td>{byScore ? `${c.toBand} (${formatNumber(c.to.score)})` : c.toBand}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>

      <table className="data-table dist-table">
        <caption id={ids.dist}>Distribution of selected grades: now and after</caption>
        <thead>
          <tr>
            <th scope="col">{byScore ? 'Band' : 'Grade'}</th>
            <th scope="col">Now</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {bands.map((b) => {
            const n = count(now, b)
            const a = count(then, b)
            return (
              <tr key={b}>
                <th scope="row">{b}</th>
                <td>
                  <span
                    className="dist-bar dist-bar--now"
                    style={{ width: `${(n / max) * 6}rem` }}
                    aria-hidden="true"
                  />{' '}
                  {n}
                </td>
                <td>
                  <span
                    className="dist-bar dist-bar--after"
                    style={{ width: `${(a / max) * 6}rem` }}
                    aria-hidden="true"
                  />{' '}
                  {a}
                  {a !== n ? (
                    <span className="delta">
                      {' '}
                      ({a > n ? '+' : ''}
                      {a - n})
                    </span>
                  ) : null}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>

      {plan.left.length ? (
        <details>
          <summary id={ids.left}>Left for a person ({formatCount(plan.left.length)})</summary>
          <ul className="left-list">
            {plan.left.map((l) => (
              <li key={l.studentKey}>
                {l.label}: {l.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  )
}

/**
 * What "Restore snapshot" can put back, said before applying: a restore selects the earlier grades again, but
 * Canvas has no call that clears a selection (contract §2.4: select only), so students with no selection now keep
 * the rule's grade; and a custom grade a rule creates stays in Canvas (not selected after a restore).
 */
export function UndoNote({ changes }: { changes: PlanChange[] }) {
  const cannot = changes.filter((c) => c.from === null)
  const customs = changes.filter((c) => c.action.type === 'custom').length
  const can = changes.length - cannot.length
  return (
    <p className="hint preview__undo">
      {can === changes.length
        ? `A snapshot is taken first: restoring it can put back all ${plural(changes.length, 'earlier selection')}.`
        : `A snapshot is taken first, but restoring it can put back only ${can} of these ${changes.length} changes: ${plural(cannot.length, 'student has', 'students have')} no selection now, and Canvas cannot clear a selection (${listNames(
            cannot.map((c) => c.label),
            5,
          )}).`}
      {customs
        ? ` ${plural(customs, 'custom grade')} the rules create ${customs === 1 ? 'stays' : 'stay'} in Canvas after a restore, no longer selected.`
        : ''}
    </p>
  )
}
