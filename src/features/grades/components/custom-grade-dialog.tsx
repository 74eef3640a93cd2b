import { useQuery } from '@tanstack/react-query'
import { useId, useRef, useState } from 'react'
import { isCanvasApiError } from '../../../canvas/errors'
import type { AssignmentRef } from '../../../canvas/keys'
import { findSavedComment } from '../../../canvas/provisional-comments'
import { isOutcomeUnknownError } from '../../../canvas/settle'
import type { SubmissionStudent } from '../../../canvas/submissions'
import type { GraderKey, ProvisionalGrade } from '../../../canvas/types'
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
import { feedbackQueries } from '../api/feedback-queries'
import { useFinalComment } from '../api/use-final-comment'
import { GraderFeedback, gradeLabel } from './grader-feedback'

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
  /** Saves the custom grade; resolves to what to say about it ("Custom grade 16 saved and selected for …"). */
  onSubmit: (postedGrade: string, summary: string, reselectGradeId: number | undefined) => Promise<string>
  /** Told what was saved (grade, final comment or both), for the page's live region; the dialog then closes. */
  onSaved: (message: string) => void
  /** The graders' comments and the final comment; null leaves them out. */
  feedback: FeedbackSource | null
  onClose: () => void
}

/** Where the dialog reads the graders' comments from and writes the final comment to. */
export interface FeedbackSource {
  assignmentRef: AssignmentRef
  student: SubmissionStudent & { key: string }
  /** Grader column labels as the grid shows them (names, or "Grader N" when Canvas hides who graded). */
  graderLabels: ReadonlyMap<GraderKey, string>
  /** The student's selected grade now, if any: its own comments are what publishing copies to the student. */
  selectedGrade: ProvisionalGrade | undefined
}

/**
 * What reaches the student, from Canvas's source: the final comment is an ordinary comment on the submission, which
 * the student sees once grades are posted, whichever grade is published (postFinalComment, canvas/provisional-comments.ts);
 * publishing also copies the published grade's own provisional comments, and no other grader's
 * (ProvisionalGrade#publish! → publish_submission_comments!).
 */
function reachHint(customGrade: boolean, selected: ProvisionalGrade | undefined, selectedLabel: string | null): string {
  const base =
    'Saved as a comment on the submission, not on a grade: the student sees it when grades are posted, whichever grade is published.'
  if (customGrade || selected?.final)
    return `${base} The graders’ own comments do not reach the student with a custom grade: only what you put here.`
  if (selected && selectedLabel)
    return `${base} Publishing also gives the student ${selectedLabel}’s comments while ${selectedLabel}’s grade is selected; the other graders’ comments never reach the student.`
  return `${base} Publishing gives the student only the selected grade’s own comments; the other graders’ comments never reach the student.`
}

const NO_STUDENT: SubmissionStudent & { key: string } = {
  key: '',
  userId: undefined,
  anonymousId: '',
  anonymous: true,
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
  const [finalText, setFinalText] = useState('')
  // The custom grade Canvas already holds from this dialog (the final comment failed after it): not sent again.
  const [savedGrade, setSavedGrade] = useState<{ value: string; message: string } | null>(null)
  const source = p.feedback
  const feedback = useQuery({
    ...feedbackQueries.student(
      source?.assignmentRef ?? { courseId: 0, assignmentId: 0 },
      source?.student ?? NO_STUDENT,
    ),
    enabled: source !== null,
  })
  const self = useQuery({ ...feedbackQueries.self(), enabled: source !== null })
  const finalComment = useFinalComment(source?.assignmentRef ?? { courseId: 0, assignmentId: 0 })
  const busy = p.pending || finalComment.isPending
  const comment = finalText.trim()

  /**
   * Saves the final comment (when there is one and it is not already on the submission); resolves to what to say,
   * or throws with the words for the dialog. Canvas's answer lost: read back (useFinalComment).
   */
  async function saveComment(): Promise<string | null> {
    if (!source || !comment) return null
    const callerId = self.data?.id
    const ordinary = feedback.data?.ordinary ?? []
    if (findSavedComment(ordinary, comment, new Set(), callerId))
      return `This final comment is already on ${p.studentLabel}’s submission; it was not sent again.`
    try {
      const r = await finalComment.mutateAsync({
        student: source.student,
        text: comment,
        knownIds: new Set(ordinary.map((c) => c.id)),
        callerId,
      })
      return r.lostAnswer
        ? `Canvas’s answer was lost, so the submission was read back: the final comment for ${p.studentLabel} is there. The student sees it when grades are posted.`
        : `Final comment saved for ${p.studentLabel}: the student sees it when grades are posted.`
    } catch (err) {
      throw new Error(
        isOutcomeUnknownError(err)
          ? 'Canvas’s answer was lost and could not be read back, so whether the final comment was saved is not known. The comments above are being read again; check them before saving again.'
          : `Canvas did not save the final comment: ${describeError(err)}`,
        { cause: err },
      )
    }
  }

  /** "Save comment only": the final comment with whatever grade is selected now. */
  async function submitCommentOnly() {
    setError(null)
    try {
      const said = await saveComment()
      if (said) p.onSaved(said)
      p.onClose()
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    }
  }

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
    let gradeMessage: string
    try {
      gradeMessage =
        savedGrade?.value === result.value
          ? savedGrade.message
          : await p.onSubmit(result.value, result.summary, replace ? p.replacePath?.gradeId : undefined)
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
      return
    }
    try {
      const said = await saveComment()
      p.onSaved(said ? `${gradeMessage} ${said}` : gradeMessage)
      p.onClose()
    } catch (err) {
      // The grade is in Canvas: say so now, and keep the dialog for the comment (the grade is not sent again).
      p.onSaved(gradeMessage)
      setSavedGrade({ value: result.value, message: gradeMessage })
      setError(`${gradeMessage} ${err instanceof Error ? err.message : String(err)} Save again to send the comment.`)
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
        {source ? (
          <GraderFeedback
            state={
              feedback.isPending
                ? { status: 'pending' }
                : feedback.isError
                  ? { status: 'error', error: feedback.error, retry: () => void feedback.refetch() }
                  : { status: 'success', data: feedback.data }
            }
            graderLabels={source.graderLabels}
            studentLabel={p.studentLabel}
            studentUserId={source.student.anonymous ? undefined : source.student.userId}
            callerId={self.data?.id}
            kind={p.kind}
            pointsPossible={p.pointsPossible}
            finalText={finalText}
            onFinalTextChange={setFinalText}
            reachHint={reachHint(
              check?.ok === true,
              source.selectedGrade,
              source.selectedGrade ? gradeLabel(source.selectedGrade, source.graderLabels) : null,
            )}
            disabled={busy}
          />
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
          {source && comment ? (
            <button type="button" className="button" disabled={busy} onClick={() => void submitCommentOnly()}>
              Save comment only
            </button>
          ) : null}
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy
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
