import { useQuery } from '@tanstack/react-query'
import { useId, useMemo, useState } from 'react'
import type { AssignmentRef } from '../../../canvas/keys'
import { isCanvasApiError } from '../../../canvas/errors'
import { isOutcomeUnknownError } from '../../../canvas/settle'
import { describeError } from '../../../lib/describe-error'
import { listNames, plural } from '../../../lib/format'
import { clearSampleReasons, useSampleReasons, type SampleReason } from '../../../lib/moderation/sample-reasons'
import { moderationSetQueries, useAddModeratedStudents } from '../api/moderation-set-queries'

interface Props {
  assignmentRef: AssignmentRef
  /** Students anonymous: Canvas's moderated_students still returns names, so none are shown or sent. */
  anonymous: boolean
  /** Named students who could be added (from the roster), supplied by the route. */
  candidates: { userId: number; name: string }[]
  readOnly: boolean
}

/**
 * The moderation set (contract §2.1/§2.2). Canvas puts every assigned student in it automatically, so adding is
 * rarely needed; the panel is collapsed by default and loads only when opened.
 */
export function ModerationSetPanel({ assignmentRef: ref, anonymous, candidates, readOnly }: Props) {
  const [open, setOpen] = useState(false)
  const list = useQuery({ ...moderationSetQueries.list(ref), enabled: open })
  const add = useAddModeratedStudents(ref)
  const [chosen, setChosen] = useState<string[]>([])
  const [message, setMessage] = useState<string | null>(null)
  const selectId = useId()

  // Kept across renders: the candidates are every named student (10,000 in a large course).
  const addable = useMemo(() => {
    const inSet = new Set((list.data ?? []).map((u) => u.id))
    return candidates.filter((c) => !inSet.has(c.userId))
  }, [candidates, list.data])
  // Why a sample put each student here (Canvas keeps no reason); only for students in the set as Canvas lists it.
  const reasons = useSampleReasons(ref)
  const sampled = (list.data ?? []).filter((u) => reasons[String(u.id)] !== undefined).length

  return (
    <details className="section panel" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>
        <h2 className="summary-heading">Moderation set</h2>
      </summary>
      {list.isPending ? <p className="hint">Loading the moderation set…</p> : null}
      {list.isError ? (
        isCanvasApiError(list.error) && list.error.kind === 'unauthorized' ? (
          <p className="hint">Only the final grader or an administrator can see and change the moderation set.</p>
        ) : (
          <p className="error-text">The moderation set could not be loaded: {describeError(list.error)}</p>
        )
      ) : null}
      {list.data ? (
        anonymous ? (
          <p>
            {plural(list.data.length, 'student is', 'students are')} in the moderation set. Names are hidden because
            students are anonymous until grades are published.
          </p>
        ) : (
          <>
            <p>
              {plural(list.data.length, 'student is', 'students are')} in the moderation set
              {sampled ? `, ${plural(sampled, 'of them', 'of them')} from a sample` : ''}.
            </p>
            <ul className="name-list">
              {list.data.map((u) => {
                const why = reasons[String(u.id)]
                return (
                  <li key={u.id}>
                    {u.name}
                    {why ? <SampleNote reason={why} /> : null}
                  </li>
                )
              })}
            </ul>
            {sampled ? (
              <p className="hint">
                Sample reasons are kept in this browser only.{' '}
                <button type="button" className="button button--small" onClick={() => clearSampleReasons(ref)}>
                  Forget the sample reasons
                </button>
              </p>
            ) : null}
            {!readOnly && addable.length > 0 ? (
              <form
                className="inline-form"
                onSubmit={(e) => {
                  e.preventDefault()
                  if (chosen.length === 0) return
                  add.mutate(chosen.map(Number), {
                    onSuccess: ({ added, notAdded, reread }) => {
                      const name = (id: number) => candidates.find((c) => c.userId === id)?.name ?? `User ${id}`
                      setMessage(
                        [
                          reread ? 'Canvas’s answer was lost, so the moderation set was read back from Canvas.' : '',
                          `Added ${plural(added.length, 'student')} to the moderation set.`,
                          notAdded.length
                            ? `Not added: ${listNames(notAdded.map(name), 8)}. Canvas adds only students it shows for this assignment.`
                            : '',
                        ]
                          .filter(Boolean)
                          .join(' '),
                      )
                      setChosen(notAdded.map(String))
                    },
                    onError: (err) =>
                      setMessage(
                        isOutcomeUnknownError(err)
                          ? `Canvas’s answer was lost and the moderation set could not be read back, so whether the students were added is not known. Open the set again to see.`
                          : `Could not add students: ${describeError(err)}`,
                      ),
                  })
                }}
              >
                <div className="field">
                  <label htmlFor={selectId}>Students to add</label>
                  <select
                    id={selectId}
                    multiple
                    size={Math.min(6, addable.length)}
                    value={chosen}
                    onChange={(e) => setChosen([...e.target.selectedOptions].map((o) => o.value))}
                  >
                    {addable.map((c) => (
                      <option key={c.userId} value={c.userId}>
                        {c.name}
                      </option>
                    ))}
                  </select>
                </div>
                <button type="submit" className="button" disabled={add.isPending || chosen.length === 0}>
                  Add to moderation set
                </button>
              </form>
            ) : null}
          </>
        )
      ) : null}
      <p role="status" className="message">
        {message}
      </p>
    </details>
  )
}

/** " — added by a sample: Bottom 3; Random (seed 42)", or "in a sample" when it found the student already there. */
function SampleNote({ reason }: { reason: SampleReason }) {
  return (
    <span className="sample-note">
      {' '}
      — {reason.added ? 'added by a sample' : 'in a sample'}: {reason.reasons.join('; ')}
    </span>
  )
}
