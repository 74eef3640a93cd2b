import { AxisBottom, AxisLeft } from '@visx/axis'
import { Group } from '@visx/group'
import { scaleLinear } from '@visx/scale'
import { Bar, Circle, Line } from '@visx/shape'
import { useId } from 'react'
import { formatNumber } from '../../../lib/format'
import { histogram } from '../utils/agreement'

const M = { top: 10, right: 12, bottom: 40, left: 44 }

/**
 * One grader against another, one point per shared student, with the line of perfect agreement. The SVG is an
 * image named by its caption and described by a sentence that carries the same information in words.
 */
export function ScatterChart({
  points,
  max,
  xLabel,
  yLabel,
}: {
  points: { x: number; y: number }[]
  max: number
  xLabel: string
  yLabel: string
}) {
  const captionId = useId()
  const descId = useId()
  const size = 240
  const w = size - M.left - M.right
  const h = size - M.top - M.bottom
  const top = max > 0 ? max : Math.max(1, ...points.flatMap((p) => [p.x, p.y]))
  const x = scaleLinear({ domain: [0, top], range: [0, w], nice: true })
  const y = scaleLinear({ domain: [0, top], range: [h, 0], nice: true })
  const above = points.filter((p) => p.y > p.x).length
  const below = points.filter((p) => p.y < p.x).length
  const on = points.length - above - below
  // Several students can share a point; count them so overlapping dots are drawn larger.
  const counts = new Map<string, { x: number; y: number; n: number }>()
  for (const p of points) {
    const k = `${p.x}|${p.y}`
    const c = counts.get(k)
    if (c) c.n++
    else counts.set(k, { ...p, n: 1 })
  }
  return (
    <figure className="chart">
      <figcaption id={captionId}>
        {yLabel} against {xLabel}
        <span className="chart-desc" id={descId}>
          {' '}
          {points.length} shared {points.length === 1 ? 'student' : 'students'}: {yLabel} marked higher for {above},{' '}
          {xLabel} higher for {below}, the same for {on}.
        </span>
      </figcaption>
      <svg width={size} height={size} viewBox={`0 0 ${size} ${size}`} role="img" aria-labelledby={captionId}>
        <Group left={M.left} top={M.top} aria-hidden="true">
          <Line from={{ x: x(0), y: y(0) }} to={{ x: x(top), y: y(top) }} stroke="#8a94a3" strokeDasharray="4 3" />
          {[...counts.values()].map((p) => (
            <Circle
              key={`${p.x}|${p.y}`}
              cx={x(p.x)}
              cy={y(p.y)}
              r={3 + Math.min(5, p.n - 1)}
              fill="#1e5fb4"
              fillOpacity={0.7}
            />
          ))}
          <AxisBottom
            top={h}
            scale={x}
            numTicks={5}
            label={xLabel}
            labelProps={{ fontSize: 11, textAnchor: 'middle', fill: '#1d232b' }}
            tickLabelProps={{ fontSize: 10, fill: '#1d232b' }}
          />
          <AxisLeft
            scale={y}
            numTicks={5}
            label={yLabel}
            labelProps={{ fontSize: 11, textAnchor: 'middle', fill: '#1d232b' }}
            tickLabelProps={{ fontSize: 10, fill: '#1d232b' }}
          />
        </Group>
      </svg>
    </figure>
  )
}

/** A grader's score distribution in ten equal bins of the points possible; described by the non-empty bins. */
export function HistogramChart({ scores, max, label }: { scores: number[]; max: number; label: string }) {
  const captionId = useId()
  const width = 260
  const height = 170
  const w = width - M.left - M.right
  const h = height - M.top - M.bottom
  const bins = histogram(scores, max)
  const top = bins.at(-1)!.to
  const x = scaleLinear({ domain: [0, top], range: [0, w] })
  const y = scaleLinear({ domain: [0, Math.max(1, ...bins.map((b) => b.n))], range: [h, 0], nice: true })
  const words = bins
    .filter((b) => b.n > 0)
    .map((b) => `${formatNumber(b.from)}–${formatNumber(b.to)}: ${b.n}`)
    .join('; ')
  return (
    <figure className="chart">
      <figcaption id={captionId}>
        Scores given by {label}
        <span className="chart-desc">
          {' '}
          {scores.length} {scores.length === 1 ? 'score' : 'scores'}
          {words ? ` (${words})` : ''}.
        </span>
      </figcaption>
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={captionId}>
        <Group left={M.left} top={M.top} aria-hidden="true">
          {bins.map((b) => (
            <Bar
              key={b.from}
              x={x(b.from) + 1}
              width={Math.max(0, x(b.to) - x(b.from) - 2)}
              y={y(b.n)}
              height={h - y(b.n)}
              fill="#1e5fb4"
            />
          ))}
          <AxisBottom
            top={h}
            scale={x}
            numTicks={5}
            label="Score"
            labelProps={{ fontSize: 11, textAnchor: 'middle', fill: '#1d232b' }}
            tickLabelProps={{ fontSize: 10, fill: '#1d232b' }}
          />
          <AxisLeft
            scale={y}
            numTicks={4}
            label="Students"
            labelProps={{ fontSize: 11, textAnchor: 'middle', fill: '#1d232b' }}
            tickLabelProps={{ fontSize: 10, fill: '#1d232b' }}
          />
        </Group>
      </svg>
    </figure>
  )
}
