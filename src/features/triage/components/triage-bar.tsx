import { useEffect, useId, useState } from 'react'
import { chipGroups, type ChipId } from '../../../lib/moderation/classify'
import { formatCount } from '../../../lib/format'
import { gradeScale, isPassFail, usesTolerance, type GradeScale } from '../../../lib/moderation/grade-scale'
import { describeTolerance, parseTolerance, percentUsable, type Tolerance } from '../../../lib/moderation/tolerance'

interface Props {
  tolerance: Tolerance
  /** The tolerance is the suggestion, not yet confirmed for this assignment. */
  toleranceSuggested?: boolean
  onToleranceChange: (t: Tolerance) => void
  pointsPossible: number | null
  /** Canvas's `grading_type` (Assignment.gradingType): pass/fail has no tolerance, letters compare scores. */
  gradingType: string
  counts: Record<ChipId, number>
  pressed: ReadonlySet<ChipId>
  onToggle: (chip: ChipId) => void
  onClear: () => void
  queueLength: number
  /** Chips are pressed: the queue is the students they show. */
  filtered?: boolean
  /** Next (1) or previous (-1) student needing a decision; N and P do the same. */
  onStep: (dir: 1 | -1) => void
  disabled: boolean
}

/** Where grades are compared as grades, what "agree" means instead of a tolerance. */
function sameGradeText(scale: GradeScale): string {
  if (scale.kind === 'none') return 'This assignment is not graded: there are no grades to compare.'
  if (isPassFail(scale)) return 'Graders agree when they give the same grade.'
  return 'Graders agree when they give the same letter: the assignment has no points possible, so there are no scores to compare.'
}

/**
 * Triage: the tolerance, one toggle button per class with its count, and "next student needing a decision".
 * Chips combine as OR within a group and AND across groups. The tolerance is a number of points or a percentage of
 * the points possible (only when there are points possible); pass/fail has none: graders agree when they give the
 * same grade.
 */
export interface ToleranceFieldProps {
  tolerance: Tolerance
  toleranceSuggested?: boolean
  onToleranceChange: (t: Tolerance) => void
  pointsPossible: number | null
  gradingType: string
}

/**
 * The tolerance: a number of points or a percentage of the points possible (only when there are points possible);
 * where grades compare as grades (pass/fail), what "agree" means instead. Used in the triage bar and in the rules
 * dialog, so the moderator can change it where they decide.
 */
export function ToleranceField(p: ToleranceFieldProps) {
  const tolId = useId()
  const unitId = useId()
  const hintId = useId()
  const [text, setText] = useState(String(p.tolerance.value))
  useEffect(() => setText(String(p.tolerance.value)), [p.tolerance.value])
  const scale = gradeScale({ gradingType: p.gradingType, pointsPossible: p.pointsPossible })
  const canPercent = percentUsable(p.pointsPossible)
  // A percentage saved for (or linked to) an assignment without points possible is read as points: say so.
  const unit: Tolerance['unit'] = canPercent ? p.tolerance.unit : 'points'
  const percentIgnored = p.tolerance.unit === 'percent' && !canPercent
  const invalid = parseTolerance(text, unit) === null

  function commit(value: string, next: Tolerance['unit']) {
    const t = parseTolerance(value, next)
    if (t && (t.value !== p.tolerance.value || t.unit !== p.tolerance.unit)) p.onToleranceChange(t)
  }

  const hint = invalid
    ? 'Enter a number of 0 or more.'
    : `Graders within ${describeTolerance({ ...p.tolerance, unit }, p.pointsPossible, p.gradingType)} agree${
        scale.kind === 'letters' ? ', measured on their scores' : ''
      }.${percentIgnored ? ' The assignment has no points possible, so a percentage cannot apply.' : ''}`

  if (!usesTolerance(scale)) return <p className="hint">{sameGradeText(scale)}</p>
  return (
    <div className="field field--inline">
      <label htmlFor={tolId}>Tolerance</label>
      <input
        id={tolId}
        type="number"
        inputMode="decimal"
        min={0}
        step={0.5}
        value={text}
        aria-invalid={invalid || undefined}
        aria-describedby={hintId}
        className="input--narrow"
        onChange={(e) => {
          setText(e.target.value)
          commit(e.target.value, unit)
        }}
      />
      <label htmlFor={unitId} className="visually-hidden">
        Tolerance unit
      </label>
      <select id={unitId} value={unit} onChange={(e) => commit(text, e.target.value as Tolerance['unit'])}>
        <option value="points">points</option>
        <option value="percent" disabled={!canPercent}>
          % of points possible
        </option>
      </select>
      <span id={hintId} className="hint">
        {p.toleranceSuggested ? `Suggested: ${hint}` : hint}
      </span>
      {p.toleranceSuggested ? (
        <button type="button" className="button button--small" onClick={() => p.onToleranceChange({ ...p.tolerance })}>
          Use this tolerance
        </button>
      ) : null}
    </div>
  )
}

export function TriageBar(p: Props) {
  const headingId = useId()
  return (
    <section className="triage" aria-labelledby={headingId}>
      <h2 id={headingId} className="visually-hidden">
        Triage
      </h2>
      <div className="triage__row">
        <ToleranceField
          tolerance={p.tolerance}
          toleranceSuggested={p.toleranceSuggested}
          onToleranceChange={p.onToleranceChange}
          pointsPossible={p.pointsPossible}
          gradingType={p.gradingType}
        />
        <div className="triage__next" role="group" aria-label="Students needing a decision">
          <button
            type="button"
            className="button"
            onClick={() => p.onStep(-1)}
            disabled={p.disabled || p.queueLength === 0}
            aria-keyshortcuts="p"
          >
            ← Previous
          </button>
          <button
            type="button"
            className="button button--primary"
            onClick={() => p.onStep(1)}
            disabled={p.disabled || p.queueLength === 0}
            aria-keyshortcuts="n"
          >
            Next student needing a decision
          </button>
          <span className="hint">
            {formatCount(p.queueLength)} to decide{p.filtered ? ' in this filter' : ''} · keys <kbd>N</kbd> <kbd>P</kbd>
          </span>
        </div>
      </div>
      <div className="triage__chips">
        {chipGroups.map((g) => (
          <div key={g.id} role="group" aria-label={`Show students by ${g.label.toLowerCase()}`} className="chip-group">
            <span className="chip-group__label" aria-hidden="true">
              {g.label}
            </span>
            {g.chips.map((c) => (
              <button
                key={c.id}
                type="button"
                className="chip"
                aria-pressed={p.pressed.has(c.id)}
                onClick={() => p.onToggle(c.id)}
                disabled={p.disabled}
              >
                {c.label} ({formatCount(p.counts[c.id])})
              </button>
            ))}
          </div>
        ))}
      </div>
    </section>
  )
}
