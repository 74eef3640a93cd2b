import { render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { HistogramChart, leftAxisRoom, ScatterChart, tickLabelWidth } from '../charts'

/**
 * The geometry visx draws for a left axis, read back from the SVG: the plot's left offset, the axis label's baseline
 * (rotated -90°, so its `y` is the distance left of the axis) and the tick labels.
 */
function leftAxis(container: HTMLElement) {
  const svg = container.querySelector('svg')!
  const group = svg.querySelector('g')!
  const left = Number(/translate\(([\d.]+)/.exec(group.getAttribute('transform') ?? '')![1])
  const axis = svg.querySelector('.visx-axis-left')!
  const label = axis.querySelector('text.visx-axis-label')!
  expect(label.getAttribute('transform')).toBe('rotate(-90)')
  const baseline = -Number(label.getAttribute('y'))
  const ticks = [...axis.querySelectorAll('.visx-axis-tick text')].map((t) => t.textContent ?? '')
  return { svg, left, baseline, ticks, label: label.textContent }
}

// What the label needs beyond its baseline: ascenders (0.95em of 11px) away from the axis, descenders (0.25em) toward it.
const ASCENT = 0.95 * 11
const DESCENT = 0.25 * 11

function expectUnclipped(container: HTMLElement) {
  const { left, baseline, ticks } = leftAxis(container)
  const widest = Math.max(...ticks.map((t) => tickLabelWidth(t)))
  // The rotated label's far edge stays inside the SVG …
  expect(left - baseline - ASCENT).toBeGreaterThanOrEqual(0)
  // … and its near edge clears the tick labels (tick 8px, dx 0.25em, then the widest label).
  expect(baseline - DESCENT).toBeGreaterThan(8 + 2.5 + widest)
  // The plot keeps its width: the SVG grows by the margin.
  return { left, ticks }
}

describe('left axes leave room for their labels', () => {
  it('measures tick labels: digits, points', () => {
    expect(tickLabelWidth('100')).toBeGreaterThan(tickLabelWidth('20'))
    expect(tickLabelWidth('17.5')).toBeGreaterThan(tickLabelWidth('100'))
    expect(tickLabelWidth('17.5')).toBeLessThan(tickLabelWidth('1750'))
    const narrow = leftAxisRoom(['0', '5'])
    const wide = leftAxisRoom(['0', '25', '50', '75', '100'])
    expect(wide.left - narrow.left).toBe(wide.labelOffset - narrow.labelOffset)
    expect(wide.left).toBeGreaterThan(narrow.left)
  })

  it('scatter plot out of 100: the y label clears "100" and stays inside the SVG', () => {
    const { container } = render(
      <ScatterChart
        points={[
          { x: 40, y: 100 },
          { x: 90, y: 85 },
        ]}
        max={100}
        xLabel="Priya Natarajan"
        yLabel="Tomás Herrera"
      />,
    )
    const { left, ticks } = expectUnclipped(container)
    expect(ticks).toContain('100')
    expect(leftAxis(container).label).toBe('Tomás Herrera')
    const svg = container.querySelector('svg')!
    expect(Number(svg.getAttribute('width'))).toBe(left + 184 + 12)
    expect(svg.getAttribute('viewBox')).toBe(`0 0 ${svg.getAttribute('width')} ${svg.getAttribute('height')}`)
  })

  it('scatter plot out of 3.5: decimal tick labels ("2.5") get more room than whole ones', () => {
    const decimal = render(<ScatterChart points={[{ x: 3, y: 2.5 }]} max={3.5} xLabel="A" yLabel="B" />)
    const { left: decimalLeft, ticks } = expectUnclipped(decimal.container)
    expect(ticks.some((t) => t.includes('.'))).toBe(true)
    const whole = render(<ScatterChart points={[{ x: 3, y: 5 }]} max={5} xLabel="A" yLabel="B" />)
    const { left: wholeLeft } = expectUnclipped(whole.container)
    expect(decimalLeft).toBeGreaterThan(wholeLeft)
  })

  it('histogram: whole-student ticks, and the same room for its label', () => {
    const { container } = render(<HistogramChart scores={[12, 14, 18]} max={20} label="Priya Natarajan" />)
    const { ticks } = expectUnclipped(container)
    expect(ticks.every((t) => /^\d+$/.test(t))).toBe(true)
    expect(leftAxis(container).label).toBe('Students')
  })
})
