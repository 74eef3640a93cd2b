import { useId } from 'react'
import { formatCount, formatNumber, round2 } from '../../../lib/format'
import type { ClassifiedStudent } from '../../../lib/moderation/classify'
import { finalMarksByBand, type GradeBands } from '../utils/bands'

/**
 * How the final marks (the selected grades' scores) fall in the assignment's grade bands, every band listed from the
 * highest, and the students without a final mark yet.
 */
export function FinalMarksByBand({ students, bands }: { students: readonly ClassifiedStudent[]; bands: GradeBands }) {
  const captionId = useId()
  const counts = finalMarksByBand(students, bands)
  const share = (n: number) => (counts.total > 0 ? `${formatNumber((n / counts.total) * 100, 0)}%` : '—')
  return (
    <table className="data-table report-bands" aria-labelledby={captionId}>
      <caption id={captionId}>
        Final marks by grade band: {bands.name} <span className="hint report-bands__source">{bands.label}</span>
      </caption>
      <thead>
        <tr>
          <th scope="col">Band</th>
          <th scope="col" className="num">
            From
          </th>
          <th scope="col" className="num">
            Students
          </th>
          <th scope="col" className="num">
            Share
          </th>
        </tr>
      </thead>
      <tbody>
        {counts.rows.map((b) => (
          <tr key={b.name}>
            <th scope="row">{b.name}</th>
            <td className="num">
              {Number.isFinite(b.value)
                ? `${formatNumber(round2(b.value * 100))}% (${formatNumber(round2(b.value * bands.pointsPossible))} points)`
                : '—'}
            </td>
            <td className="num">{formatCount(b.count)}</td>
            <td className="num">{share(b.count)}</td>
          </tr>
        ))}
        <tr>
          <th scope="row">No final mark yet</th>
          <td className="num">—</td>
          <td className="num">{formatCount(counts.noFinalMark)}</td>
          <td className="num">{share(counts.noFinalMark)}</td>
        </tr>
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">All students</th>
          <td className="num" />
          <td className="num">{formatCount(counts.total)}</td>
          <td className="num" />
        </tr>
      </tfoot>
    </table>
  )
}
