import { useId } from 'react'
import { Modal } from '../../../components/ui/modal'
import { listNames, plural } from '../../../lib/format'
import type { BulkItem } from '../api/use-bulk-select'

interface Props {
  graderLabel: string
  items: BulkItem[]
  /** Students this grader graded whose selection already is this grader's grade. */
  unchanged: number
  onConfirm: () => void
  onClose: () => void
}

export function BulkAcceptDialog({ graderLabel, items, unchanged, onConfirm, onClose }: Props) {
  const descId = useId()
  const n = items.length
  return (
    <Modal title={`Accept all grades from ${graderLabel}?`} onClose={onClose} describedBy={descId}>
      <div id={descId}>
        {n === 0 ? (
          <p>Every grade from {graderLabel} is already selected. Nothing would change.</p>
        ) : (
          <>
            <p>
              {plural(n, 'selection')} will change, for{' '}
              {listNames(
                items.map((i) => i.studentLabel),
                8,
              )}
              .
            </p>
            <p className="hint">
              Students graded by several graders are included: their current selection is replaced by {graderLabel}’s
              grade.
              {unchanged > 0
                ? ` ${plural(unchanged, 'student')} already ha${unchanged === 1 ? 's' : 've'} this grade selected.`
                : ''}
            </p>
          </>
        )}
      </div>
      <div className="modal__actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button--primary" disabled={n === 0} onClick={onConfirm}>
          Accept {plural(n, 'grade')}
        </button>
      </div>
    </Modal>
  )
}
