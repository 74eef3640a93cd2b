import { useId, useRef, useState } from 'react'
import { isCanvasApiError } from '../../../canvas/errors'
import { isOutcomeUnknownError } from '../../../canvas/settle'
import type { ProvisionalGrade } from '../../../canvas/types'
import { Modal } from '../../../components/ui/modal'
import { describeError } from '../../../lib/describe-error'
import { formatNumber } from '../../../lib/format'
import type { GradeKind } from '../../../lib/grading-type'
import {
  initialCustomText,
  schemeBand,
  validateCustomGrade,
  type CustomGradeCheck,
  type SchemeGrade,
} from '../utils/custom-grade'

export interface ReplacePath {
  /** The grade selected first to free the custom grade ("Ana Ruiz’s grade"). */
  graderLabel: string
  gradeId: number
}

interface Props {
  studentLabel: string
  kind: GradeKind
  pointsPossible: number | null
  scheme: readonly SchemeGrade[] | null
  /** "Course grading scheme: Letters" — which scheme the letters come from. */
  schemeLabel: string | null
  /** The scheme is the one Canvas applies, not a guess (see CustomGradeContext.schemeStrict). */
  schemeStrict: boolean
  /** The student's current custom (final) grade, if any. */
  current: ProvisionalGrade | undefined
  /** Known before saving: Canvas will refuse to change the selected custom grade (see useCustomGrade). */
  mustReplace: boolean
  /** How to free a selected custom grade, when the student has another grade to select. */
  replacePath: ReplacePath | null
  pending: boolean
  onSubmit: (postedGrade: string, summary: string, reselectGradeId: number | undefined) => Promise<unknown>
  onClose: () => void
}

function hintFor(p: Props): string {
  const pp = p.pointsPossible !== null && p.pointsPossible > 0 ? formatNumber(p.pointsPossible) : null
  switch (p.kind) {
    case 'percent':
      return `A percentage${pp ? ` of the ${pp} points` : ''}, e.g. 85%.`
    case 'scheme':
      return `A grade from the ${p.schemeLabel ?? 'assignment’s grading scheme'}, or a percentage such as 88%.`
    default:
      return `Points${pp ? ` (the assignment is worth ${pp})` : ''}.`
  }
}

export function CustomGradeDialog(p: Props) {
  const inputId = useId()
  const hintId = useId()
  const errorId = useId()
  const summaryId = useId()
  const schemeId = useId()
  const inputRef = useRef<HTMLInputElement>(null)
  const [value, setValue] = useState(() => initialCustomText(p.current, p.kind))
  const [error, setError] = useState<string | null>(null)
  // A grade above the points possible (extra credit) is saved only once the moderator has seen it said.
  const [overConfirmed, setOverConfirmed] = useState<string | null>(null)
  // Canvas refused to change the selected custom grade, or is known to: save by selecting another grade first.
  const [replace, setReplace] = useState(p.mustReplace && p.replacePath !== null)
  const check: CustomGradeCheck | null = value.trim() === '' ? null : validateCustomGrade(value, p)

  /** Never rejects: Canvas's refusal is shown in the dialog, so the form handler need not wait for it. */
  async function submit(e: React.FormEvent) {
    e.preventDefault()
    const result = validateCustomGrade(value, p)
    if (!result.ok) {
      setError(result.message)
      inputRef.current?.focus()
      return
    }
    if (result.note && overConfirmed !== result.value) {
      setOverConfirmed(result.value)
      setError(`${result.note} Save it anyway?`)
      inputRef.current?.focus()
      return
    }
    setError(null)
    try {
      await p.onSubmit(result.value, result.summary, replace ? p.replacePath?.gradeId : undefined)
      p.onClose()
    } catch (err) {
      // The body of a GradeError names no reason (custom-grade.ts): say what it can be.
      const gradeError = isCanvasApiError(err) && err.status === 400 && /GradeError/.test(err.canvasMessage)
      const selectedNow = p.current !== undefined && p.replacePath !== null && !replace
      if (isOutcomeUnknownError(err)) {
        setError(
          'Canvas’s answer was lost and could not be read back, so whether the custom grade was saved is not known. The students are being reloaded from Canvas; check this student before trying again.',
        )
      } else if (gradeError && selectedNow) {
        setReplace(true)
        setError(
          'Canvas did not change the custom grade. Canvas keeps a selected custom grade entered by someone other than the final grader; save again to select another grade first and then replace it.',
        )
      } else if (gradeError) {
        setError(`Canvas did not accept “${value.trim()}” as a grade for this assignment.`)
      } else {
        setError(`Canvas did not save the custom grade: ${describeError(err)}`)
      }
    }
  }

  const describedBy = [hintId, check?.ok ? summaryId : null, error ? errorId : null].filter(Boolean).join(' ')
  const passFail = p.kind === 'pass_fail'

  return (
    <Modal title={`Custom grade for ${p.studentLabel}`} onClose={p.onClose} initialFocusRef={inputRef}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {passFail ? (
          <fieldset className="field" aria-describedby={describedBy}>
            <legend>Custom grade</legend>
            {(['complete', 'incomplete'] as const).map((v, i) => (
              <label key={v} className="radio">
                <input
                  ref={i === 0 ? inputRef : undefined}
                  type="radio"
                  name="custom-grade"
                  value={v}
                  checked={value.toLowerCase() === v}
                  onChange={() => setValue(v)}
                />{' '}
                {v === 'complete' ? 'Complete' : 'Incomplete'}
              </label>
            ))}
            <p id={hintId} className="hint">
              Pass/fail: Canvas records full points for Complete and 0 for Incomplete.
            </p>
          </fieldset>
        ) : (
          <div className="field">
            <label htmlFor={inputId}>Custom grade</label>
            <input
              ref={inputRef}
              id={inputId}
              inputMode={p.kind === 'scheme' ? 'text' : 'decimal'}
              autoComplete="off"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy}
            />
            <p id={hintId} className="hint">
              {hintFor(p)} The custom grade becomes the selected grade for this student.
            </p>
            {p.kind === 'scheme' && p.scheme ? (
              <details className="scheme">
                <summary id={schemeId}>Grades in this scheme</summary>
                <ul aria-labelledby={schemeId}>
                  {p.scheme.map((g, i) => (
                    <li key={g.name}>{schemeBand(p.scheme!, i)}</li>
                  ))}
                </ul>
              </details>
            ) : null}
          </div>
        )}
        {check?.ok ? (
          <p id={summaryId} className="hint">
            Saved as: {check.summary}.{check.note ? ` ${check.note}` : ''}
          </p>
        ) : null}
        {replace && p.replacePath ? (
          <p className="notice" role="note">
            Canvas does not change a selected custom grade that someone other than the assignment’s final grader
            entered. Saving selects {p.replacePath.graderLabel} first, then saves and selects the new custom grade.
          </p>
        ) : null}
        {error ? (
          <p id={errorId} className="error-text" role="alert">
            {error}
          </p>
        ) : null}
        <div className="modal__actions">
          <button type="button" className="button" onClick={p.onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={p.pending}>
            {p.pending
              ? 'Saving…'
              : check?.ok && check.note && overConfirmed === check.value
                ? 'Save anyway'
                : replace
                  ? 'Replace and select'
                  : 'Save and select'}
          </button>
        </div>
      </form>
    </Modal>
  )
}
