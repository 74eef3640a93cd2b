import { useQuery } from '@tanstack/react-query'
import { useId, useState } from 'react'
import type { AssignmentRef } from '../../../canvas/keys'
import type { ProgressState } from '../../../canvas/posting'
import { Modal } from '../../../components/ui/modal'
import { describeError } from '../../../lib/describe-error'
import { formatCount, formatDateTime, plural } from '../../../lib/format'
import { studentFactsQueries } from '../api/student-facts-queries'
import { usePostGrades, type PostAction, type PostOutcome } from '../api/use-post-grades'
import type { StudentFacts } from '../utils/student-facts'
import { previewPost } from '../utils/post-preview'

interface Props {
  assignmentRef: AssignmentRef
  /** Canvas refuses to post anonymous assignments by section or "graded only" (post_assignment_grades.rb). */
  anonymousGrading: boolean
  studentFacts: ReadonlyMap<string, StudentFacts> | undefined
}

/**
 * After publishing: the grades are in the gradebook but hidden from students (moderated assignments post manually,
 * and publishing does not post). Says who can see their grade, and posts (or hides) behind a confirmation that says
 * who will see what.
 */
export function PostGradesPanel({ assignmentRef: ref, anonymousGrading, studentFacts }: Props) {
  const headingId = useId()
  // Published: students are no longer anonymous to the moderator (anonymize_students? ends at publish).
  const statesRef = { ...ref, anonymous: false }
  const states = useQuery(studentFactsQueries.submissionStates(statesRef))
  const sections = useQuery(studentFactsQueries.sections({ courseId: ref.courseId }))
  const post = usePostGrades(statesRef)
  const [dialog, setDialog] = useState<'post' | 'hide' | null>(null)
  const [progress, setProgress] = useState<ProgressState | null>(null)
  const [said, setSaid] = useState<{ text: string; error: boolean } | null>(null)

  const summary = states.data?.summary
  const total = summary?.total ?? 0
  const posted = summary?.posted ?? 0

  function run(action: PostAction) {
    setDialog(null)
    setSaid(null)
    setProgress(null)
    post.mutate(
      { action, onProgress: setProgress },
      {
        onSuccess: (outcome) => setSaid(outcomeText(action, outcome)),
        onError: (error) =>
          setSaid({
            text: `${action.kind === 'hide' ? 'Hiding' : 'Posting'} failed: ${describeError(error)}`,
            error: true,
          }),
        onSettled: () => setProgress(null),
      },
    )
  }

  return (
    <section className="section panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Post to students</h2>
      {states.isPending ? <p className="hint">Reading which grades students can see…</p> : null}
      {states.isError ? (
        <p className="error-text">Which grades students can see could not be read: {describeError(states.error)}</p>
      ) : null}
      {summary ? (
        <p>
          {posted === 0
            ? `The grades are in the gradebook, but hidden from students: none of the ${formatCount(total)} students can see theirs yet.`
            : posted < total
              ? `Posted to ${formatCount(posted)} of ${formatCount(total)} students; the others cannot see their grade yet.`
              : `Posted: all ${formatCount(total)} students can see their grade.`}
          {summary.lastPostedAt && posted > 0 ? ` Last posted ${formatDateTime(summary.lastPostedAt)}.` : ''}
        </p>
      ) : null}
      <div className="tools-row">
        <button
          type="button"
          className="button button--primary"
          onClick={() => setDialog('post')}
          disabled={post.isPending || !summary || posted === total}
        >
          Post grades to students…
        </button>
        {posted > 0 ? (
          <button type="button" className="button" onClick={() => setDialog('hide')} disabled={post.isPending}>
            Hide grades again…
          </button>
        ) : null}
      </div>
      <p role="status" className={said && !said.error ? 'message message--success' : 'message'}>
        {post.isPending
          ? `Canvas is ${progress?.state === 'running' ? 'posting' : 'about to post'}…`
          : said && !said.error
            ? said.text
            : ''}
      </p>
      <p role="alert" className={said?.error ? 'message message--error' : 'message'}>
        {said?.error ? said.text : ''}
      </p>
      {dialog === 'post' && states.data ? (
        <PostDialog
          states={states.data.items}
          sections={sections.data?.items ?? []}
          sectionsOf={(key) => studentFacts?.get(key)?.sections ?? []}
          anonymousGrading={anonymousGrading}
          onClose={() => setDialog(null)}
          onConfirm={run}
        />
      ) : null}
      {dialog === 'hide' ? (
        <Modal title="Hide grades from students?" role="alertdialog" onClose={() => setDialog(null)}>
          <p>
            {plural(posted, 'student')} will no longer see their grade or the comments posted with it, until the grades
            are posted again. The gradebook keeps the grades.
          </p>
          <div className="modal__actions">
            <button type="button" className="button" onClick={() => setDialog(null)}>
              Cancel
            </button>
            <button type="button" className="button button--danger" onClick={() => run({ kind: 'hide' })}>
              Hide grades
            </button>
          </div>
        </Modal>
      ) : null}
    </section>
  )
}

function outcomeText(action: PostAction, o: PostOutcome): { text: string; error: boolean } {
  const { total, posted } = o.states.summary
  const now = `${formatCount(posted)} of ${formatCount(total)} students can see their grade.`
  if (o.lostAnswer)
    return {
      text: `Canvas’s answer was lost, so the students were read back from Canvas: ${now} ${
        action.kind === 'hide' ? 'Hiding' : 'Posting'
      } again is safe if that is not what you meant.`,
      error: false,
    }
  if (o.progress?.state === 'failed')
    return { text: `Canvas could not finish: ${o.progress.message ?? 'its job failed.'} ${now}`, error: true }
  if (o.progress && o.progress.state !== 'completed')
    return { text: `Canvas is still working on it; reload this page in a while to see. So far ${now}`, error: false }
  return { text: `${action.kind === 'hide' ? 'Hidden.' : 'Posted.'} ${now}`, error: false }
}

function PostDialog(p: {
  states: Parameters<typeof previewPost>[0]
  sections: { id: number; name: string }[]
  sectionsOf: (key: string) => readonly string[]
  anonymousGrading: boolean
  onClose: () => void
  onConfirm: (action: PostAction) => void
}) {
  const [who, setWho] = useState<'all' | 'sections'>('all')
  const [chosen, setChosen] = useState<number[]>([])
  const [gradedOnly, setGradedOnly] = useState(false)
  const descId = useId()
  const bySection = who === 'sections'
  const names = new Set(p.sections.filter((s) => chosen.includes(s.id)).map((s) => s.name))
  const preview = previewPost(p.states, { gradedOnly, sections: bySection ? names : null }, p.sectionsOf)
  const canSection = !p.anonymousGrading && p.sections.length > 1
  const ready = !bySection || chosen.length > 0

  return (
    <Modal title="Post grades to students?" role="alertdialog" onClose={p.onClose} describedBy={descId}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (!ready) return
          p.onConfirm({ kind: 'post', gradedOnly, ...(bySection ? { sectionIds: chosen } : {}) })
        }}
      >
        <fieldset className="field">
          <legend>Who</legend>
          <label className="radio">
            <input type="radio" name="who" checked={who === 'all'} onChange={() => setWho('all')} /> Every student
          </label>
          <label className="radio">
            <input
              type="radio"
              name="who"
              checked={bySection}
              disabled={!canSection}
              onChange={() => setWho('sections')}
            />{' '}
            Students in chosen sections
          </label>
          {p.anonymousGrading ? (
            <p className="hint">Canvas posts anonymous assignments to everyone at once, not by section.</p>
          ) : null}
          {bySection ? (
            <div className="choice-list" role="group" aria-label="Sections">
              {p.sections.map((s) => (
                <label key={s.id} className="radio">
                  <input
                    type="checkbox"
                    checked={chosen.includes(s.id)}
                    onChange={(e) =>
                      setChosen((c) => (e.target.checked ? [...c, s.id] : c.filter((id) => id !== s.id)))
                    }
                  />{' '}
                  {s.name}
                </label>
              ))}
            </div>
          ) : null}
        </fieldset>
        <fieldset className="field">
          <legend>Which grades</legend>
          <label className="radio">
            <input type="radio" name="graded" checked={!gradedOnly} onChange={() => setGradedOnly(false)} /> Every
            student’s, graded or not
          </label>
          <label className="radio">
            <input
              type="radio"
              name="graded"
              checked={gradedOnly}
              disabled={p.anonymousGrading}
              onChange={() => setGradedOnly(true)}
            />{' '}
            Graded students only
          </label>
        </fieldset>
        <p id={descId}>
          {ready
            ? `${plural(preview.willSee, 'student')} will see their grade and the comments published with it.${
                preview.alreadyPosted ? ` ${plural(preview.alreadyPosted, 'student')} already can.` : ''
              }${preview.leftHidden ? ` ${plural(preview.leftHidden, 'student')} without a grade stay hidden.` : ''}`
            : 'Choose at least one section.'}
        </p>
        <div className="modal__actions">
          <button type="button" className="button" onClick={p.onClose}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={!ready}>
            Post to {plural(preview.willSee, 'student')}
          </button>
        </div>
      </form>
    </Modal>
  )
}
