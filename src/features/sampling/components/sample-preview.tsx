import { useId } from 'react'
import { formatCount, formatNumber } from '../../../lib/format'
import type { ClassifiedStudent } from '../../../lib/moderation/classify'
import { categoryLabel, gradeScale, usesTolerance, type ScaleInput } from '../../../lib/moderation/grade-scale'
import type { SamplePick } from '../../../lib/moderation/sampling'

export interface SamplePreviewProps {
  picks: readonly SamplePick[]
  byKey: ReadonlyMap<string, ClassifiedStudent>
  scale: ScaleInput
  /** Where each student stands with Canvas's moderation set; null hides the column (anonymous students). */
  setStatus: ((pick: SamplePick) => string) | null
}

/**
 * Who the sample picks and why, as a table. The mark is the mean of the graders' scores where scores decide; on
 * pass/fail and letters without points, the graders' grades themselves.
 */
export function SamplePreview({ picks, byKey, scale, setStatus }: SamplePreviewProps) {
  const captionId = useId()
  const sc = gradeScale(scale)
  const markText = (p: SamplePick) => {
    if (usesTolerance(sc)) return formatNumber(p.mark)
    const marks = byKey.get(p.studentKey)?.marks ?? []
    return marks.map((m) => categoryLabel(m, sc)).join(' / ') || '—'
  }
  if (picks.length === 0) return <p className="empty">No student is picked: check a rule above.</p>
  return (
    // Focusable so keyboard users can scroll it (axe: scrollable-region-focusable).
    <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={captionId}>
      <table className="data-table sample-preview">
        <caption id={captionId}>Who the sample picks ({formatCount(picks.length)})</caption>
        <thead>
          <tr>
            <th scope="col">Student</th>
            <th scope="col" className={usesTolerance(sc) ? 'num' : undefined}>
              {usesTolerance(sc) ? 'Mark' : 'Grades'}
            </th>
            <th scope="col">Why</th>
            {setStatus ? <th scope="col">Moderation set</th> : null}
          </tr>
        </thead>
        <tbody>
          {picks.map((p) => (
            <tr key={p.studentKey}>
              <th scope="row">{p.label}</th>
              <td className={usesTolerance(sc) ? 'num' : undefined}>{markText(p)}</td>
              <td>{p.reasons.join('; ')}</td>
              {setStatus ? <td>{setStatus(p)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
