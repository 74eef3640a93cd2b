import { useIsMutating, useQuery } from '@tanstack/react-query'
import { useDeferredValue, useId, useMemo, useRef, useState } from 'react'
import { isCanvasApiError } from '../../../canvas/errors'
import type { GradeableStudent } from '../../../canvas/types'
import { canvasPath, type AssignmentRef } from '../../../canvas/keys'
import { Modal } from '../../../components/ui/modal'
import { describeError } from '../../../lib/describe-error'
import { formatCount, formatNumber, listNames, listNamesOf, plural } from '../../../lib/format'
import { STUDENT_NOUN, unreadableSentence } from '../../../lib/skipped-text'
import { gradeQueries } from '../api/grade-queries'
import type { SectionScope } from '../api/student-facts-queries'
import { isOutcomeUnknownError } from '../../../canvas/settle'
import { isAlreadyPublished, PublishNotDoneError, usePublishGrades } from '../api/use-publish-grades'
import { publishChoice } from '../utils/publish-readiness'
import { rosterReadiness } from '../utils/roster-figures'
import { loadedCount, type Roster } from '../utils/roster'
import type { StudentFacts } from '../utils/student-facts'

interface Props {
  assignmentRef: AssignmentRef
  published: boolean
  /** The caller sees only some sections (section-limited): publish covers the others too. */
  sectionScope?: SectionScope | null
  /** Submission facts by student key (late work), when loaded. */
  studentFacts?: ReadonlyMap<string, StudentFacts>
  /** Only moderators get the button; others see the readiness summary only if Canvas gave them the data. */
  canPublish: boolean
  onPublished: () => void
  /** Narrow the grid to the students who block publishing (the triage chips). */
  onShowBlockers?: () => void
}

const CONFIRM_WORD = 'PUBLISH'

export function PublishPanel({
  assignmentRef: ref,
  published,
  canPublish,
  onPublished,
  sectionScope,
  studentFacts,
  onShowBlockers,
}: Props) {
  const roster = useQuery({ ...gradeQueries.roster(ref), enabled: false })
  // The readiness follows the roster a moment after the grid (a render React may interrupt), so a selection is
  // painted in its cell first. Incremental: only pages that changed since the last render are looked at again.
  const data = useDeferredValue(roster.data)
  const readiness = useMemo(() => rosterReadiness(data), [data])
  const notes = useMemo(() => publishNotes(data, studentFacts), [data, studentFacts])
  const publish = usePublishGrades(ref)
  const selectionsInFlight = useIsMutating({ mutationKey: canvasPath.selections(ref) })
  const [open, setOpen] = useState(false)
  const [typed, setTyped] = useState('')
  const [outcome, setOutcome] = useState<{ kind: 'published' | 'already' | 'blocked' | 'failed'; text: string } | null>(
    null,
  )
  const firing = useRef(false)
  const confirmId = useId()
  const descId = useId()

  const complete = roster.data?.complete ?? false
  // "Load the rest" (useLoadRest) fills the missing pages outside the roster query's own fetch.
  const loadingRest = useIsMutating({ mutationKey: [...gradeQueries.roster(ref).queryKey, 'rest'] })
  const loaded = roster.data ? loadedCount(roster.data) : 0
  const { notShown } = readiness
  const thoseStudents = notShown === 1 ? 'that student' : 'those students'

  async function confirm() {
    if (firing.current || typed !== CONFIRM_WORD) return
    firing.current = true
    try {
      const { reread } = await publish.mutateAsync()
      setOutcome({
        kind: 'published',
        text: reread
          ? 'Canvas’s answer was lost, so the assignment was read back from Canvas: the grades are published. This page is now read-only.'
          : 'Grades were published to the gradebook. This page is now read-only.',
      })
      onPublished()
    } catch (error) {
      if (isAlreadyPublished(error)) {
        setOutcome({
          kind: 'already',
          text: 'These grades had already been published (perhaps from another tab). This page is now read-only.',
        })
        onPublished()
      } else if (isCanvasApiError(error) && error.status === 422) {
        const names = readiness.blockers
        setOutcome({
          kind: 'blocked',
          text: `Canvas refused to publish: every student graded by two or more graders needs a selected grade.${
            names.length
              ? ` Still without a selection: ${listNamesOf(names, (s) => s.displayName, 10)}.`
              : sectionScope
                ? ' The students who block it are in sections you do not see: someone who sees those sections (an administrator, or their moderator) must select their grades.'
                : ' Refresh the page to see which students.'
          } Nothing was published.`,
        })
      } else if (error instanceof PublishNotDoneError) {
        setOutcome({ kind: 'failed', text: `Not published. ${error.message}` })
      } else if (isOutcomeUnknownError(error)) {
        setOutcome({
          kind: 'failed',
          text: 'Canvas’s answer was lost and the assignment could not be read back, so whether the grades were published is not known. Reload the page to see before trying again.',
        })
      } else {
        setOutcome({
          kind: 'failed',
          text: `Publishing failed: ${describeError(error)} ${
            isCanvasApiError(error) && error.status >= 400 && error.status < 500
              ? 'Canvas refused it: nothing was published.'
              : 'Reload the page to check whether the grades were published before trying again.'
          }`,
        })
      }
    } finally {
      setOpen(false)
      setTyped('')
      firing.current = false
    }
  }

  const publishedText =
    outcome?.kind === 'published' || outcome?.kind === 'already'
      ? outcome.text
      : published
        ? 'Grades for this assignment have been published. This page is read-only.'
        : ''

  // Without the moderation data (Canvas shows it to moderators only) there is nothing to check or publish here.
  if (!roster.data && !published && !outcome) return null

  return (
    <section className="section panel" aria-labelledby="publish-heading">
      <h2 id="publish-heading">Publish</h2>
      <div role="status" className={publishedText ? 'message message--success' : 'message'}>
        {publishedText}
      </div>
      {outcome && (outcome.kind === 'blocked' || outcome.kind === 'failed') ? (
        <p role="alert" className="message message--error">
          {outcome.text}
        </p>
      ) : null}
      {!published && roster.data ? (
        <>
          {!complete ? (
            <p className="hint">
              {roster.isFetching || loadingRest > 0
                ? `Checking readiness: ${formatCount(loaded)} students loaded so far.`
                : `Readiness is not known: loading stopped with ${formatCount(loaded)} students loaded. “Load the rest” above the grid completes it.`}
            </p>
          ) : null}
          <h3>Before you publish</h3>
          <ul className="checklist">
            <li
              className={
                readiness.blockers.length
                  ? 'checklist__item checklist__item--bad'
                  : 'checklist__item checklist__item--ok'
              }
            >
              {readiness.blockers.length === 0 ? (
                `Nothing blocks publishing${notShown ? ' among the students shown' : ''}: every student with two or more grades has a selection.`
              ) : (
                <>
                  {plural(readiness.blockers.length, 'student')} block{readiness.blockers.length === 1 ? 's' : ''}{' '}
                  publishing (two or more grades, none selected):{' '}
                  {listNamesOf(readiness.blockers, (s) => s.displayName, 12)}.
                </>
              )}
            </li>
            <li
              className={
                readiness.stale.length ? 'checklist__item checklist__item--warn' : 'checklist__item checklist__item--ok'
              }
            >
              {readiness.stale.length === 0
                ? 'No chosen grade is stale.'
                : `${plural(readiness.stale.length, 'chosen grade')} ${readiness.stale.length === 1 ? 'was' : 'were'} given before the student’s latest submission: ${listNamesOf(readiness.stale, (s) => s.displayName, 12)}.`}
            </li>
            {notShown ? (
              <li className="checklist__item checklist__item--bad">
                The roster is incomplete. {unreadableSentence(notShown, STUDENT_NOUN)} This check does not cover{' '}
                {thoseStudents}, but publishing does: Canvas publishes their chosen grades too. Check {thoseStudents} in
                Canvas first.
              </li>
            ) : null}
            {sectionScope ? (
              <li className="checklist__item checklist__item--warn">
                You see {sectionScope.visible.length} of {sectionScope.total} sections (
                {listNames(sectionScope.visible, 5)}). Publishing covers every section: students in the others may still
                block it, and their chosen grades are published too.
              </li>
            ) : null}
            {notes.late.length ? (
              <li className="checklist__item checklist__item--warn">
                {plural(notes.late.length, 'submission')} {notes.late.length === 1 ? 'is' : 'are'} late:{' '}
                {listNames(notes.late, 8)}. If the course has a late policy, Canvas applies it when publishing, so the
                gradebook score can be lower than the chosen grade
                {notes.deducted ? ` (${formatNumber(notes.deducted)} points in all were taken off already)` : ''}.
              </li>
            ) : null}
            {notes.testStudent ? (
              <li className="checklist__item">
                The test student (Student View) is published like any student
                {notes.testStudentBlocks ? ', and blocks publishing until one of its grades is selected' : ''}. It is
                left out of the counts and figures.
              </li>
            ) : null}
            <li className="checklist__item">
              {plural(readiness.gradesToWrite, 'grade')} will be written to the gradebook
              {readiness.ungraded ? `; ${plural(readiness.ungraded, 'student')} without any grade will be skipped` : ''}
              .
            </li>
          </ul>
          {canPublish ? (
            <>
              <button
                type="button"
                className="button button--danger"
                // Canvas refuses while any student it can see blocks: no confirmation that can only fail.
                disabled={!complete || selectionsInFlight > 0 || publish.isPending || readiness.blockers.length > 0}
                onClick={() => {
                  setOutcome(null)
                  setOpen(true)
                }}
              >
                Publish grades
              </button>
              {complete && readiness.blockers.length > 0 ? (
                <p className="hint">
                  Available once {plural(readiness.blockers.length, 'student')}{' '}
                  {readiness.blockers.length === 1 ? 'has' : 'have'} a selected grade.{' '}
                  {onShowBlockers ? (
                    <button type="button" className="button button--small" onClick={onShowBlockers}>
                      Show{' '}
                      {readiness.blockers.length === 1 ? 'this student' : `these ${readiness.blockers.length} students`}
                    </button>
                  ) : null}
                </p>
              ) : null}
              {!complete ? <p className="hint">Available once every student has loaded.</p> : null}
              {selectionsInFlight > 0 ? <p className="hint">Waiting for selections to save…</p> : null}
            </>
          ) : null}
        </>
      ) : null}
      {open ? (
        <Modal
          title="Publish grades?"
          role="alertdialog"
          onClose={() => (publish.isPending ? undefined : setOpen(false))}
          describedBy={descId}
        >
          <div id={descId}>
            <p>
              Publishing copies the chosen grades into the Canvas gradebook and overwrites the grades there for{' '}
              {plural(readiness.gradesToWrite, 'student')}. <strong>This cannot be undone.</strong>
            </p>
            {readiness.blockers.length > 0 ? (
              <p className="error-text">
                {plural(readiness.blockers.length, 'student')} still need{readiness.blockers.length === 1 ? 's' : ''} a
                selection; Canvas will refuse to publish.
              </p>
            ) : null}
            {readiness.stale.length > 0 ? (
              <p className="error-text">
                {plural(readiness.stale.length, 'chosen grade')} {readiness.stale.length === 1 ? 'was' : 'were'} given
                before the student’s latest submission: {listNamesOf(readiness.stale, (s) => s.displayName, 8)}.
              </p>
            ) : null}
            {notesLateOrSections(notes, sectionScope)}
            {notShown ? (
              <p className="error-text">
                The roster is incomplete: {plural(notShown, 'student')} could not be shown here and{' '}
                {notShown === 1 ? 'is' : 'are'} not counted above. Canvas publishes their chosen grades too.
              </p>
            ) : null}
          </div>
          <form
            onSubmit={(e) => {
              e.preventDefault()
              void confirm()
            }}
          >
            <div className="field">
              <label htmlFor={confirmId}>Type PUBLISH to confirm</label>
              <input id={confirmId} autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} />
            </div>
            <div className="modal__actions">
              <button type="button" className="button" onClick={() => setOpen(false)} disabled={publish.isPending}>
                Cancel
              </button>
              <button
                type="submit"
                className="button button--danger"
                disabled={typed !== CONFIRM_WORD || publish.isPending}
              >
                {publish.isPending ? 'Publishing…' : `Publish ${plural(readiness.gradesToWrite, 'grade')}`}
              </button>
            </div>
          </form>
        </Modal>
      ) : null}
    </section>
  )
}

interface Notes {
  late: string[]
  deducted: number
  testStudent: boolean
  testStudentBlocks: boolean
}

/** One page's notes, kept per page array and facts: a selection looks at its own page again, not every student. */
const notesOfPage = new WeakMap<readonly GradeableStudent[], { facts: unknown; notes: Notes }>()
function pageNotes(page: readonly GradeableStudent[], facts: ReadonlyMap<string, StudentFacts> | undefined): Notes {
  const hit = notesOfPage.get(page)
  if (hit && hit.facts === facts) return hit.notes
  const notes: Notes = { late: [], deducted: 0, testStudent: false, testStudentBlocks: false }
  for (const s of page) {
    if (s.testStudent) {
      notes.testStudent = true
      notes.testStudentBlocks ||= publishChoice(s).kind === 'blocked'
    }
    const f = facts?.get(s.key)
    if (f?.late && !f.excused && s.grades.length > 0) {
      notes.late.push(s.displayName)
      notes.deducted += f.pointsDeducted ?? 0
    }
  }
  notesOfPage.set(page, { facts, notes })
  return notes
}

/** Late students (by label), the points already taken off, and the test student's part in publishing. */
function publishNotes(roster: Roster | undefined, facts: ReadonlyMap<string, StudentFacts> | undefined): Notes {
  const all: Notes = { late: [], deducted: 0, testStudent: false, testStudentBlocks: false }
  for (const page of roster?.pages ?? []) {
    if (!page) continue
    const n = pageNotes(page, facts)
    for (const name of n.late) all.late.push(name)
    all.deducted += n.deducted
    all.testStudent ||= n.testStudent
    all.testStudentBlocks ||= n.testStudentBlocks
  }
  return all
}

/** The panel's late and section warnings, repeated in the confirmation: every warning follows the moderator. */
function notesLateOrSections(notes: ReturnType<typeof publishNotes>, sectionScope: SectionScope | null | undefined) {
  return (
    <>
      {notes.late.length ? (
        <p className="hint">
          {plural(notes.late.length, 'late submission')}: a course late policy applies when publishing.
        </p>
      ) : null}
      {sectionScope ? (
        <p className="hint">
          You see {sectionScope.visible.length} of {sectionScope.total} sections; publishing covers every section.
        </p>
      ) : null}
    </>
  )
}
