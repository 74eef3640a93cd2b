import { useId, useRef, useState } from 'react'
import { Modal } from '../../../components/ui/modal'
import { describeError } from '../../../lib/describe-error'
import { validateCustomGrade, type CustomGradeVars } from '../api/use-custom-grade'

interface Props {
  studentLabel: string
  student: CustomGradeVars['student']
  pointsPossible: number | null
  currentScore: number | null
  pending: boolean
  onSubmit: (postedGrade: string) => Promise<unknown>
  onClose: () => void
}

export function CustomGradeDialog({ studentLabel, pointsPossible, currentScore, pending, onSubmit, onClose }: Props) {
  const inputId = useId()
  const hintId = useId()
  const errorId = useId()
  const inputRef = useRef<HTMLInputElement>(null)
  const [value, setValue] = useState(currentScore === null ? '' : String(currentScore))
  const [error, setError] = useState<string | null>(null)

  /** Never rejects: Canvas's refusal is shown in the dialog, so the form handler need not wait for it. */
  async function submit(e: React.FormEvent) {
    e.preventDefault()
    const check = validateCustomGrade(value, pointsPossible)
    if (!check.ok) {
      setError(check.message)
      inputRef.current?.focus()
      return
    }
    setError(null)
    try {
      await onSubmit(check.value)
      onClose()
    } catch (err) {
      setError(`Canvas did not save the custom grade: ${describeError(err)}`)
    }
  }

  return (
    <Modal title={`Custom grade for ${studentLabel}`} onClose={onClose} initialFocusRef={inputRef}>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <div className="field">
          <label htmlFor={inputId}>Custom grade</label>
          <input
            ref={inputRef}
            id={inputId}
            inputMode="decimal"
            autoComplete="off"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${hintId}${error ? ` ${errorId}` : ''}`}
          />
          <p id={hintId} className="hint">
            Points{pointsPossible !== null ? ` (the assignment is worth ${pointsPossible})` : ''}. The custom grade
            becomes the selected grade for this student.
          </p>
          {error ? (
            <p id={errorId} className="error-text" role="alert">
              {error}
            </p>
          ) : null}
        </div>
        <div className="modal__actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={pending}>
            {pending ? 'Saving…' : 'Save and select'}
          </button>
        </div>
      </form>
    </Modal>
  )
}
