import { useId, useState } from 'react'
import { formatCount, formatNumber, listNames, plural } from '../../../lib/format'
import { gradeDisplay, gradeKind } from '../../../lib/grading-type'
import { usesTolerance, type GradeScale } from '../../../lib/moderation/grade-scale'
import type { Plan, PlanChange, PlanFigures, PlanValue } from '../utils/plan'
import { useWindowed, WindowedBody } from './windowed'

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
  figures,
  updating,
  scale,
}: {
  plan: Plan
  figures: PlanFigures
  /** A newer plan is being worked out: this one is for earlier choices. */
  updating: boolean
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
  const { customs, crossings, now, after: then } = figures
  const bands = [...new Set([...now.map((d) => d.band), ...then.map((d) => d.band)])]
  const max = Math.max(1, ...now.map((d) => d.count), ...then.map((d) => d.count))
  const count = (rows: { band: string; count: number }[], band: string) => rows.find((r) => r.band === band)?.count ?? 0

  return (
    <div className="preview" aria-label="Preview of the changes" role="region" aria-busy={updating || undefined}>
      <h3>
        Preview
        {/* In the heading's line, so the preview below does not move as the note comes and goes. */}
        {updating ? <span className="hint"> (working out the changes for your new choices…)</span> : null}
      </h3>
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
        <ChangesTable changes={plan.changes} fromText={fromText} text={text} captionId={ids.changes} />
      ) : null}

      <CrossingsTable crossings={crossings} byScore={byScore} captionId={ids.crossings} />

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

      {plan.left.length ? <LeftList left={plan.left} summaryId={ids.left} /> : null}
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

// Rows about this high (one line of text; 30.3 px at the default font size); measured once rendered.
const ROW_ESTIMATE = 30
const ITEM_ESTIMATE = 22

/** Every change, one row each; only the rows near the scroll box are rendered (see useWindowed). */
function ChangesTable({
  changes,
  fromText,
  text,
  captionId,
}: {
  changes: PlanChange[]
  fromText: (c: PlanChange) => string
  text: (v: PlanValue) => string
  captionId: string
}) {
  const windowed = useWindowed(changes.length, ROW_ESTIMATE)
  return (
    // Focusable so keyboard users can scroll it (axe: scrollable-region-focusable).
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={captionId} ref={windowed.scrollRef}>
      <table className="data-table preview__table" aria-rowcount={changes.length + 1}>
        <caption id={captionId}>Students that change ({formatCount(changes.length)})</caption>
        <colgroup>
          <col className="preview__col-student" />
          <col className="preview__col-grade" />
          <col className="preview__col-grade" />
          <col className="preview__col-action" />
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">Student</th>
            <th scope="col">Now</th>
            <th scope="col">After</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <WindowedBody
          rows={changes}
          columns={4}
          windowed={windowed}
          rowKey={(c) => c.studentKey}
          render={(c) => (
            <>
              <th scope="row">{c.label}</th>
              <td>{fromText(c)}</td>
              <td>{text(c.to)}</td>
              <td>{actionText(c)}</td>
            </>
          )}
        />
      </table>
    </div>
  )
}

/** The changes that cross a boundary (or change grade), in a scroll box of their own: there can be thousands. */
function CrossingsTable({
  crossings,
  byScore,
  captionId,
}: {
  crossings: PlanChange[]
  byScore: boolean
  captionId: string
}) {
  const windowed = useWindowed(crossings.length, ROW_ESTIMATE)
  const caption = (
    <caption id={captionId}>
      {byScore ? 'Crossing a grade boundary' : 'Changing grade'} ({formatCount(crossings.length)})
    </caption>
  )
  const head = (
    <thead>
      <tr aria-rowindex={1}>
        <th scope="col">Student</th>
        <th scope="col">From</th>
        <th scope="col">To</th>
      </tr>
    </thead>
  )
  if (crossings.length === 0)
    return (
      <table className="data-table">
        {caption}
        {head}
        <tbody>
          <tr>
            <td colSpan={3}>{byScore ? 'No selected grade moves to another band.' : 'No selected grade changes.'}</td>
          </tr>
        </tbody>
      </table>
    )
  return (
    // Focusable so keyboard users can scroll it (axe: scrollable-region-focusable).
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={captionId} ref={windowed.scrollRef}>
      <table className="data-table preview__table" aria-rowcount={crossings.length + 1}>
        {caption}
        <colgroup>
          <col className="preview__col-student" />
          <col />
          <col />
        </colgroup>
        {head}
        <WindowedBody
          rows={crossings}
          columns={3}
          windowed={windowed}
          rowKey={(c) => c.studentKey}
          render={(c) => (
            <>
              <th scope="row">{c.label}</th>
              <td>{byScore ? `${c.fromBand} (${formatNumber(c.from!.score)})` : c.fromBand}</td>
              <td>{byScore ? `${c.toBand} (${formatNumber(c.to.score)})` : c.toBand}</td>
            </>
          )}
        />
      </table>
    </div>
  )
}

/**
 * The students left for a person, with why, behind a disclosure. The list is rendered once the disclosure is
 * opened (there can be thousands), and then like the tables only the items near its scroll box, each saying its
 * place in the whole list.
 */
function LeftList({ left, summaryId }: { left: Plan['left']; summaryId: string }) {
  const [open, setOpen] = useState(false)
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary id={summaryId}>Left for a person ({formatCount(left.length)})</summary>
      {open ? <LeftItems left={left} summaryId={summaryId} /> : null}
    </details>
  )
}

function LeftItems({ left, summaryId }: { left: Plan['left']; summaryId: string }) {
  const windowed = useWindowed(left.length, ITEM_ESTIMATE)
  return (
    // Focusable so keyboard users can scroll it (axe: scrollable-region-focusable).
    <div className="left-list" tabIndex={0} role="region" aria-labelledby={summaryId} ref={windowed.scrollRef}>
      <ul style={{ paddingTop: windowed.before, paddingBottom: windowed.after }}>
        {windowed.items.map((item) => {
          const l = left[item.index]!
          return (
            <li
              key={l.studentKey}
              ref={windowed.measure}
              data-index={item.index}
              aria-posinset={item.index + 1}
              aria-setsize={left.length}
            >
              {l.label}: {l.reason}
            </li>
          )
        })}
      </ul>
    </div>
  )
}
