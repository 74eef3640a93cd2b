import { useId, useState } from 'react'
import { Modal } from '../../../components/ui/modal'
import { listNames, plural } from '../../../lib/format'
import type { BulkItem } from '../api/use-bulk-select'

interface Props {
  graderLabel: string
  /** Students without a selection: filled by default, as Canvas's own Accept does. */
  fill: BulkItem[]
  /** Students whose selection is another grade: replaced only when the moderator asks. */
  replace: BulkItem[]
  /** Students this grader graded whose selection already is this grader's grade. */
  unchanged: number
  onConfirm: (items: BulkItem[]) => void
  onClose: () => void
}

const names = (items: BulkItem[]) =>
  listNames(
    items.map((i) => i.studentLabel),
    8,
  )

/**
 * "Accept all grades from <grader>": fills the students without a selection; replacing existing selections
 * (hand-picked ones, custom grades) is a separate, explicit choice, listed apart. Stale grades it would select are
 * named, as the publish panel names them.
 */
export function BulkAcceptDialog({ graderLabel, fill, replace, unchanged, onConfirm, onClose }: Props) {
  const descId = useId()
  const [alsoReplace, setAlsoReplace] = useState(false)
  const items = alsoReplace ? [...fill, ...replace] : fill
  const stale = items.filter((i) => i.stale)
  const customs = replace.filter((i) => i.replacesCustom)
  const n = items.length
  return (
    <Modal title={`Accept all grades from ${graderLabel}?`} onClose={onClose} describedBy={descId}>
      <div id={descId}>
        {fill.length === 0 && replace.length === 0 ? (
          <p>Every grade from {graderLabel} is already selected. Nothing would change.</p>
        ) : (
          <>
            <p>
              {fill.length
                ? `${plural(fill.length, 'student')} without a selection will get ${graderLabel}’s grade: ${names(fill)}.`
                : `Every student ${graderLabel} graded already has a selection.`}
            </p>
            {unchanged > 0 ? (
              <p className="hint">
                {plural(unchanged, 'student')} already ha{unchanged === 1 ? 's' : 've'} this grade selected.
              </p>
            ) : null}
          </>
        )}
      </div>
      {replace.length > 0 ? (
        <div className="field">
          <label className="checkbox">
            <input type="checkbox" checked={alsoReplace} onChange={(e) => setAlsoReplace(e.target.checked)} /> Also
            replace {plural(replace.length, 'existing selection')}
          </label>
          <p className="hint">
            Replaced: {names(replace)}.
            {customs.length
              ? ` ${plural(customs.length, 'of them is a custom grade', 'of them are custom grades')} (${names(customs)}): the custom grade stays in Canvas but is no longer selected.`
              : ''}
          </p>
        </div>
      ) : null}
      {stale.length > 0 ? (
        <p className="error-text">
          {plural(stale.length, 'of these grades was', 'of these grades were')} given before the student’s latest
          submission (stale): {names(stale)}.
        </p>
      ) : null}
      <div className="modal__actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button--primary" disabled={n === 0} onClick={() => onConfirm(items)}>
          Accept {plural(n, 'grade')}
        </button>
      </div>
    </Modal>
  )
}
