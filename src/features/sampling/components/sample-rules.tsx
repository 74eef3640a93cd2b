import { useId, type ReactNode } from 'react'
import { formatNumber, plural } from '../../../lib/format'
import { newSeed, type SampleRuleId } from '../../../lib/moderation/sampling'
import { passMarkText, type FieldId, type RuleForm } from '../utils/rule-form'

export interface SampleRulesProps {
  form: RuleForm
  onChange: (form: RuleForm) => void
  invalid: ReadonlySet<FieldId>
  /** Rules this assignment cannot use, and why. */
  skipped: ReadonlyMap<SampleRuleId, string>
  graded: number
  /** MAX(6, ⌈√n⌉) for the students graded so far. */
  sqrtSize: number
  passFail: boolean
  /** The scheme's pass mark in points, and where it comes from ("D- from 61%"), if known. */
  passMarkFromScheme: { points: number; text: string } | null
  /** "A 18.8, B 16.8, …" and the scheme's name, if known. */
  boundariesText: string | null
  disabled: boolean
}

function NumberField(p: {
  label: string
  hideLabel?: boolean
  value: string
  onChange: (v: string) => void
  invalid: boolean
  disabled?: boolean
  step?: number
  max?: number
  describedBy?: string
}) {
  const id = useId()
  return (
    <span className="sample-rule__number">
      <label htmlFor={id} className={p.hideLabel ? 'visually-hidden' : undefined}>
        {p.label}
      </label>
      <input
        id={id}
        type="number"
        inputMode={p.step === undefined ? 'numeric' : 'decimal'}
        min={0}
        max={p.max}
        step={p.step ?? 1}
        className="input--narrow"
        value={p.value}
        disabled={p.disabled}
        aria-invalid={p.invalid || undefined}
        aria-describedby={p.describedBy}
        onChange={(e) => p.onChange(e.target.value)}
      />
    </span>
  )
}

function Rule(p: {
  label: string
  checked: boolean
  onCheck: (on: boolean) => void
  skipped?: string
  hint?: ReactNode
  hintId?: string
  children?: ReactNode
}) {
  const skippedId = useId()
  return (
    <div className="sample-rule">
      <label className="checkbox">
        <input
          type="checkbox"
          checked={p.checked && !p.skipped}
          disabled={p.skipped !== undefined}
          aria-describedby={p.skipped ? skippedId : undefined}
          onChange={(e) => p.onCheck(e.target.checked)}
        />
        {p.label}
      </label>
      {p.skipped ? (
        <p id={skippedId} className="hint">
          {p.skipped}
        </p>
      ) : (
        <>
          {p.children ? <div className="sample-rule__fields">{p.children}</div> : null}
          {p.hint ? (
            <p id={p.hintId} className="hint">
              {p.hint}
            </p>
          ) : null}
        </>
      )}
    </div>
  )
}

const bad = 'Enter a whole number of 0 or more.'

/** The rule controls: a checkbox per rule, its numbers beside it. Every control is a native input, so keyboard-operable. */
export function SampleRules(p: SampleRulesProps) {
  const { form } = p
  const set = <K extends keyof RuleForm>(k: K, patch: Partial<RuleForm[K]>) =>
    p.onChange({ ...form, [k]: { ...form[k], ...patch } })
  const ids = { sizeName: useId(), passHint: useId(), nearHint: useId(), seedHint: useId() }
  const passText = passMarkText(form, p.passMarkFromScheme?.points ?? null)
  const off = (on: boolean) => !on || p.disabled

  return (
    <fieldset className="sample-rules" disabled={p.disabled}>
      <legend>Rules: the sample is everyone any checked rule picks</legend>

      <Rule label="Across the range of marks" checked={form.range.on} onCheck={(on) => set('range', { on })}>
        <fieldset className="sample-rule__size" disabled={off(form.range.on)}>
          <legend className="visually-hidden">How many across the range</legend>
          <label className="checkbox">
            <input
              type="radio"
              name={ids.sizeName}
              checked={form.range.size === 'sqrt'}
              onChange={() => set('range', { size: 'sqrt' })}
            />
            MAX(6, ⌈√n⌉): {plural(p.sqrtSize, 'student')} for {formatNumber(p.graded)} graded
          </label>
          <span className="sample-rule__choice">
            <label className="checkbox">
              <input
                type="radio"
                name={ids.sizeName}
                checked={form.range.size === 'count'}
                onChange={() => set('range', { size: 'count' })}
              />
              A number
            </label>
            <NumberField
              label="Number of students across the range"
              hideLabel
              value={form.range.count}
              onChange={(count) => set('range', { count, size: 'count' })}
              invalid={p.invalid.has('range.count')}
            />
          </span>
          <span className="sample-rule__choice">
            <label className="checkbox">
              <input
                type="radio"
                name={ids.sizeName}
                checked={form.range.size === 'percent'}
                onChange={() => set('range', { size: 'percent' })}
              />
              A percentage
            </label>
            <NumberField
              label="Percentage of graded students across the range"
              hideLabel
              value={form.range.percent}
              step={0.5}
              max={100}
              onChange={(percent) => set('range', { percent, size: 'percent' })}
              invalid={p.invalid.has('range.percent')}
            />
            <span aria-hidden="true">%</span>
          </span>
        </fieldset>
        {p.invalid.has('range.count') || p.invalid.has('range.percent') ? (
          <p className="error-text">{p.invalid.has('range.count') ? bad : 'Enter a percentage from 0 to 100.'}</p>
        ) : null}
      </Rule>

      <Rule
        label={p.passFail ? 'All fails: every student a grader marked incomplete' : 'All fails'}
        checked={form.fails.on}
        onCheck={(on) => set('fails', { on })}
        skipped={p.skipped.get('fails')}
        hintId={ids.passHint}
        hint={
          p.passFail
            ? undefined
            : p.invalid.has('fails.passMark')
              ? 'Enter the pass mark in points.'
              : form.fails.passMark === null && p.passMarkFromScheme
                ? `Below ${formatNumber(p.passMarkFromScheme.points)} points: ${p.passMarkFromScheme.text}.`
                : `Below ${passText || '…'} points.`
        }
      >
        {p.passFail ? null : (
          <>
            <NumberField
              label="Pass mark (points)"
              value={passText}
              step={0.5}
              onChange={(passMark) => set('fails', { passMark })}
              invalid={p.invalid.has('fails.passMark')}
              disabled={off(form.fails.on)}
              describedBy={ids.passHint}
            />
            {form.fails.passMark !== null && p.passMarkFromScheme ? (
              <button
                type="button"
                className="button button--small"
                disabled={off(form.fails.on)}
                onClick={() => set('fails', { passMark: null })}
              >
                Use the scheme’s pass mark
              </button>
            ) : null}
          </>
        )}
      </Rule>

      <Rule
        label="Near a grade boundary"
        checked={form.near.on}
        onCheck={(on) => set('near', { on })}
        skipped={p.skipped.get('nearBoundary')}
        hintId={ids.nearHint}
        hint={p.invalid.has('near.margin') ? 'Enter a margin in points.' : p.boundariesText}
      >
        <NumberField
          label="Within (points)"
          value={form.near.margin}
          step={0.5}
          onChange={(margin) => set('near', { margin })}
          invalid={p.invalid.has('near.margin')}
          disabled={off(form.near.on)}
          describedBy={ids.nearHint}
        />
      </Rule>

      {(['top', 'bottom'] as const).map((end) => (
        <Rule
          key={end}
          label={end === 'top' ? 'Top marks' : 'Bottom marks'}
          checked={form[end].on}
          onCheck={(on) => set(end, { on })}
          skipped={p.skipped.get(end)}
          hint={p.invalid.has(`${end}.count`) ? bad : undefined}
        >
          <NumberField
            label={end === 'top' ? 'Top: students' : 'Bottom: students'}
            value={form[end].count}
            onChange={(count) => set(end, { count })}
            invalid={p.invalid.has(`${end}.count`)}
            disabled={off(form[end].on)}
          />
        </Rule>
      ))}

      <Rule
        label="Random"
        checked={form.random.on}
        onCheck={(on) => set('random', { on })}
        hintId={ids.seedHint}
        hint={
          p.invalid.has('random.seed')
            ? 'Enter a seed: a whole number up to 4294967295.'
            : p.invalid.has('random.count')
              ? bad
              : 'Drawn from the graded students no other rule picked. The same seed gives the same sample.'
        }
      >
        <NumberField
          label="Random: students"
          value={form.random.count}
          onChange={(count) => set('random', { count })}
          invalid={p.invalid.has('random.count')}
          disabled={off(form.random.on)}
        />
        <NumberField
          label="Seed"
          value={form.random.seed}
          onChange={(seed) => set('random', { seed })}
          invalid={p.invalid.has('random.seed')}
          disabled={off(form.random.on)}
          describedBy={ids.seedHint}
        />
        <button
          type="button"
          className="button button--small"
          disabled={off(form.random.on)}
          onClick={() => set('random', { seed: String(newSeed()) })}
        >
          New seed
        </button>
      </Rule>
    </fieldset>
  )
}
