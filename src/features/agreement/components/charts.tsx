import { AxisBottom, AxisLeft } from '@visx/axis'
import { Group } from '@visx/group'
import { scaleLinear } from '@visx/scale'
import { Bar, Circle, Line } from '@visx/shape'
import { useId } from 'react'
import { formatNumber } from '../../../lib/format'
import { histogram } from '../utils/agreement'

const M = { top: 10, right: 12, bottom: 40 }
const TICK_FONT = 10
const LABEL_FONT = 11
const TICK_LENGTH = 8
const tickLabelProps = { fontSize: TICK_FONT, fill: '#1d232b' }
const labelProps = { fontSize: LABEL_FONT, textAnchor: 'middle', fill: '#1d232b' } as const
const formatTick = (v: { valueOf(): number }) => formatNumber(v.valueOf())

/**
 * A tick label's width in px without a canvas to measure it (jsdom, print preview): digits are 0.556em wide in Arial
 * and Helvetica and 0.636em in DejaVu Sans, which a Linux browser may use instead, so 0.64em each; a point or comma
 * 0.32em, a minus sign 0.84em. Rounded up.
 */
export function tickLabelWidth(text: string, fontSize = TICK_FONT): number {
  let em = 0
  for (const ch of text) em += ch === '.' || ch === ',' ? 0.32 : ch === '-' || ch === '\u2212' ? 0.84 : 0.64
  return Math.ceil(em * fontSize)
}

/**
 * Room for a left axis, from its longest tick label. visx draws a tick `TICK_LENGTH` long, the tick label ending
 * 0.25em before it (`dx`), and the axis label rotated with its baseline `TICK_LENGTH + labelOffset` from the axis:
 * the label's descenders (0.25em) must clear the widest tick label, and its ascenders (0.95em) must stay inside the
 * margin, or the SVG clips them.
 */
export function leftAxisRoom(tickLabels: readonly string[]): { left: number; labelOffset: number } {
  const widest = Math.max(0, ...tickLabels.map((t) => tickLabelWidth(t)))
  const labelOffset = Math.ceil(0.25 * TICK_FONT + widest + 4 + 0.25 * LABEL_FONT)
  return { left: Math.ceil(TICK_LENGTH + labelOffset + 0.95 * LABEL_FONT + 2), labelOffset }
}

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
  const w = 184
  const h = 190
  const top = max > 0 ? max : Math.max(1, ...points.flatMap((p) => [p.x, p.y]))
  const x = scaleLinear({ domain: [0, top], range: [0, w], nice: true })
  const y = scaleLinear({ domain: [0, top], range: [h, 0], nice: true })
  const yTicks = y.ticks(5)
  const room = leftAxisRoom(yTicks.map(formatTick))
  const width = room.left + w + M.right
  const height = M.top + h + M.bottom
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
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={captionId}>
        <Group left={room.left} top={M.top} aria-hidden="true">
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
            tickFormat={formatTick}
            label={xLabel}
            labelProps={labelProps}
            tickLabelProps={tickLabelProps}
          />
          <AxisLeft
            scale={y}
            tickValues={yTicks}
            tickFormat={formatTick}
            tickLength={TICK_LENGTH}
            label={yLabel}
            labelOffset={room.labelOffset}
            labelProps={labelProps}
            tickLabelProps={tickLabelProps}
          />
        </Group>
      </svg>
    </figure>
  )
}

/** A grader's score distribution in ten equal bins of the points possible; described by the non-empty bins. */
export function HistogramChart({ scores, max, label }: { scores: number[]; max: number; label: string }) {
  const captionId = useId()
  const w = 204
  const h = 120
  const bins = histogram(scores, max)
  const top = bins.at(-1)!.to
  const x = scaleLinear({ domain: [0, top], range: [0, w] })
  const y = scaleLinear({ domain: [0, Math.max(1, ...bins.map((b) => b.n))], range: [h, 0], nice: true })
  // Counts are whole students: no tick at 0.5.
  const yTicks = y.ticks(4).filter((t) => Number.isInteger(t))
  const room = leftAxisRoom(yTicks.map(formatTick))
  const width = room.left + w + M.right
  const height = M.top + h + M.bottom
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
        <Group left={room.left} top={M.top} aria-hidden="true">
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
            tickFormat={formatTick}
            label="Score"
            labelProps={labelProps}
            tickLabelProps={tickLabelProps}
          />
          <AxisLeft
            scale={y}
            tickValues={yTicks}
            tickFormat={formatTick}
            tickLength={TICK_LENGTH}
            label="Students"
            labelOffset={room.labelOffset}
            labelProps={labelProps}
            tickLabelProps={tickLabelProps}
          />
        </Group>
      </svg>
    </figure>
  )
}
