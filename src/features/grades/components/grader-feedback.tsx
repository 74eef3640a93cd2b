import { useId } from 'react'
import type { FeedbackComment, GradeFeedback, StudentFeedback } from '../../../canvas/provisional-comments'
import type { GraderKey, ProvisionalGrade } from '../../../canvas/types'
import { describeError } from '../../../lib/describe-error'
import { gradeDisplay, type GradeKind } from '../../../lib/grading-type'
import { plural } from '../../../lib/format'
import { addToFinalComment, inFinalComment, removeFromFinalComment } from '../utils/final-comment'

export interface FeedbackLabels {
  /** Grader column labels as the grid shows them: names, or "Grader N" when Canvas hides who graded. */
  graderLabels: ReadonlyMap<GraderKey, string>
  /** The student, as the grid names them ("Student 3" on an anonymous assignment). */
  studentLabel: string
  studentUserId: number | undefined
  /** The caller (the final grader), when known. */
  callerId: number | undefined
}

interface Props extends FeedbackLabels {
  state:
    | { status: 'pending' }
    | { status: 'error'; error: unknown; retry: () => void }
    | { status: 'success'; data: StudentFeedback }
  kind: GradeKind
  pointsPossible: number | null
  finalText: string
  onFinalTextChange: (text: string) => void
  /** Shown under the final comment: what reaches the student (the dialog knows which grade will be published). */
  reachHint: string
  disabled: boolean
}

const when = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' })
function formatWhen(iso: string): string {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? '' : when.format(d)
}

/** A grade's column label: the grader's, as the grid shows it; "Custom grade" for the final mark. */
export function gradeLabel(g: ProvisionalGrade, graderLabels: ReadonlyMap<GraderKey, string>): string {
  if (g.final) return 'Custom grade'
  return graderLabels.get(g.graderKey) ?? 'A grader'
}

/**
 * Who wrote an ordinary comment, as far as Canvas tells: "You", the student, a grader by their column label (their
 * user id, or their grader anonymous id when Canvas hides names), otherwise the name Canvas gives ("Anonymous User"
 * when it hides the author). Never a name Canvas did not send.
 */
function authorLabel(c: FeedbackComment, labels: FeedbackLabels): string {
  if (c.authorId !== undefined && c.authorId === labels.callerId) return 'You'
  if (c.authorId !== undefined && c.authorId === labels.studentUserId) return `${labels.studentLabel} (the student)`
  const grader =
    (c.authorId !== undefined ? labels.graderLabels.get(`u:${c.authorId}`) : undefined) ??
    (c.anonymousAuthorId !== undefined ? labels.graderLabels.get(`a:${c.anonymousAuthorId}`) : undefined)
  return grader ?? c.authorName ?? 'Someone'
}

function CommentText({ id, text }: { id: string; text: string }) {
  // Plain text as Canvas stores it: rendered as text (React escapes it), line breaks kept by CSS.
  return (
    <p id={id} className="feedback__text">
      {text || '(a media comment, not shown here)'}
    </p>
  )
}

function GraderColumn(p: {
  entry: GradeFeedback
  label: string
  kind: GradeKind
  pointsPossible: number | null
  finalText: string
  onFinalTextChange: (text: string) => void
  disabled: boolean
}) {
  const baseId = useId()
  const { grade, comments } = p.entry
  const graded = grade.score !== null || grade.grade !== null
  return (
    <li className="feedback__grader">
      <h4 className="feedback__grader-name">{p.label}</h4>
      <p className="feedback__grade">
        {graded ? `Grade: ${gradeDisplay(grade, p.kind, p.pointsPossible)}` : 'No grade yet'}
      </p>
      {comments.length === 0 ? (
        <p className="hint">No comments.</p>
      ) : (
        <ol className="feedback__comments" aria-label={`${p.label}’s comments`}>
          {comments.map((c, i) => {
            const textId = `${baseId}-${i}`
            const added = inFinalComment(p.finalText, c.text)
            return (
              <li key={c.id} className="feedback__comment">
                <CommentText id={textId} text={c.text} />
                <p className="feedback__meta">
                  <span className="hint">{formatWhen(c.createdAt)}</span>
                  {c.text.trim() ? (
                    <button
                      type="button"
                      className="button button--small"
                      aria-describedby={textId}
                      disabled={p.disabled}
                      onClick={() =>
                        p.onFinalTextChange(
                          added ? removeFromFinalComment(p.finalText, c.text) : addToFinalComment(p.finalText, c.text),
                        )
                      }
                    >
                      {added ? 'Remove from final comment' : 'Add to final comment'}
                    </button>
                  ) : null}
                </p>
              </li>
            )
          })}
        </ol>
      )}
    </li>
  )
}

/**
 * Every grader's provisional comments on the student, side by side, and the final comment built from them
 * (issue #15). The texts are added as they are; the final comment stays editable before it is sent.
 */
export function GraderFeedback(p: Props) {
  const headingId = useId()
  const textareaId = useId()
  const hintId = useId()
  const ordinaryId = useId()
  const data = p.state.status === 'success' ? p.state.data : null
  // The graders' own grades, and a custom grade only when it carries comments of its own (SpeedGrader's, on the
  // final mark): the grid's Final grade column shows the custom grade itself.
  const columns = data ? data.grades.filter((g) => !g.grade.final || g.comments.length > 0) : []
  return (
    <section className="feedback" aria-labelledby={headingId}>
      <h3 id={headingId} className="feedback__title">
        The graders’ comments
      </h3>
      {p.state.status === 'pending' ? <p className="hint">Loading the graders’ comments…</p> : null}
      {p.state.status === 'error' ? (
        <div className="notice notice--error" role="alert">
          <p>Could not load the graders’ comments: {describeError(p.state.error)}</p>
          <button type="button" className="button button--small" onClick={p.state.retry}>
            Try again
          </button>
        </div>
      ) : null}
      {data && columns.length === 0 ? <p className="hint">No grader has graded or commented yet.</p> : null}
      {columns.length > 0 ? (
        <ul className="feedback__graders">
          {columns.map((entry) => (
            <GraderColumn
              key={entry.grade.id}
              entry={entry}
              label={gradeLabel(entry.grade, p.graderLabels)}
              kind={p.kind}
              pointsPossible={p.pointsPossible}
              finalText={p.finalText}
              onFinalTextChange={p.onFinalTextChange}
              disabled={p.disabled}
            />
          ))}
        </ul>
      ) : null}
      {data && data.ordinary.length > 0 ? (
        <div className="feedback__ordinary">
          <h4 id={ordinaryId} className="feedback__grader-name">
            On the submission, not on a grade
          </h4>
          <p className="hint">
            Students see these, whichever grade is published (staff comments once grades are posted).
          </p>
          <ul className="feedback__comments" aria-labelledby={ordinaryId}>
            {data.ordinary.map((c) => (
              <li key={c.id} className="feedback__comment">
                <p className="feedback__author">{authorLabel(c, p)}</p>
                <CommentText id={`${ordinaryId}-${c.id}`} text={c.text} />
                <p className="hint">{formatWhen(c.createdAt)}</p>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {data && data.skipped > 0 ? (
        <p className="notice" role="note">
          {plural(data.skipped, 'comment')} Canvas sent could not be read and {data.skipped === 1 ? 'is' : 'are'} not
          shown.
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={textareaId}>Final comment</label>
        <textarea
          id={textareaId}
          className="feedback__final"
          rows={6}
          value={p.finalText}
          onChange={(e) => p.onFinalTextChange(e.target.value)}
          aria-describedby={hintId}
          disabled={p.disabled}
        />
        <p id={hintId} className="hint">
          {p.reachHint}
        </p>
      </div>
    </section>
  )
}
