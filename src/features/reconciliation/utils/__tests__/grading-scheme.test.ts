import { describe, expect, it } from 'vitest'
import { toGradingStandard, type GradingStandard } from '../../../../canvas/grading-standards'
import { bandFor, canvasDefaultScheme, formatScheme } from '../boundaries'
import { boundInPoints, resolveDefaultBoundaries, schemeFromStandard } from '../grading-scheme'

const degree: GradingStandard = toGradingStandard({
  id: 1,
  title: 'Degree classification',
  context_type: 'Course',
  context_id: 101,
  points_based: false,
  scaling_factor: 1,
  grading_scheme: [
    { name: 'First', value: 0.7 },
    { name: '2:1', value: 0.6 },
    { name: '2:2', value: 0.5 },
    { name: 'Third', value: 0.4 },
    { name: 'Fail', value: 0 },
  ],
})

const fourPoint: GradingStandard = toGradingStandard({
  id: 3,
  title: 'Four-point',
  context_type: 'Account',
  context_id: 1,
  points_based: true,
  scaling_factor: 4,
  // Out of order on purpose: the client sorts highest first.
  grading_scheme: [
    { name: 'Beginning', value: 0 },
    { name: 'Exceeds', value: 0.8375, calculated_value: 3.35 },
    { name: 'Approaching', value: 0.3333 },
    { name: 'Meets', value: 0.625 },
  ],
})

describe('schemeFromStandard', () => {
  it('percentage schemes: value is already the fraction of points possible', () => {
    expect(schemeFromStandard(degree)).toEqual([
      { name: 'First', value: 0.7 },
      { name: '2:1', value: 0.6 },
      { name: '2:2', value: 0.5 },
      { name: 'Third', value: 0.4 },
      { name: 'Fail', value: 0 },
    ])
    expect(formatScheme(schemeFromStandard(degree))).toBe('First 70, 2:1 60, 2:2 50, Third 40, Fail 0')
    // 14/20 = 70% is a First; 13.5 is a 2:1.
    expect(bandFor(14, 20, schemeFromStandard(degree))).toBe('First')
    expect(bandFor(13.5, 20, schemeFromStandard(degree))).toBe('2:1')
  })

  it('points-based schemes: bounds in the scheme’s points (2 decimals) ÷ scaling factor, then × the assignment’s points', () => {
    const s = schemeFromStandard(fourPoint)
    expect(s.map((b) => b.name)).toEqual(['Exceeds', 'Meets', 'Approaching', 'Beginning'])
    expect(s[0]!.value).toBeCloseTo(0.8375, 10) // 3.35 of 4
    expect(s[1]!.value).toBeCloseTo(0.625, 10) // 2.5 of 4
    expect(s[2]!.value).toBeCloseTo(0.3325, 10) // 0.3333 × 4 = 1.3332 → 1.33 of 4
    expect(boundInPoints(s[0]!, 20)).toBe(16.75)
    expect(boundInPoints(s[2]!, 20)).toBe(6.65)
    expect(bandFor(16.75, 20, s)).toBe('Exceeds')
    expect(bandFor(16.5, 20, s)).toBe('Meets')
    expect(bandFor(6.65, 20, s)).toBe('Approaching')
  })

  it('a points-based scheme without a usable scaling factor counts as out of 1', () => {
    const gs = toGradingStandard({
      id: 9,
      title: 'X',
      context_type: 'Course',
      context_id: 1,
      points_based: true,
      scaling_factor: 0,
      grading_scheme: [
        { name: 'P', value: 0.555 },
        { name: 'F', value: 0 },
      ],
    })
    expect(gs.scalingFactor).toBe(1)
    expect(schemeFromStandard(gs)[0]!.value).toBe(0.56)
  })
})

describe('resolveDefaultBoundaries', () => {
  it('the assignment’s scheme first, saying where it came from', () => {
    const r = resolveDefaultBoundaries({ assignment: 1, course: 1 }, [degree])
    expect(r.source.kind).toBe('assignment')
    expect(r.label).toBe(
      'From Canvas: Degree classification (course grading scheme), the course’s and this assignment’s.',
    )
    expect(r.note).toBeNull()
    expect(resolveDefaultBoundaries({ assignment: 1, course: null }, [degree]).label).toBe(
      'From Canvas: Degree classification (course grading scheme), set on this assignment.',
    )
  })

  it('else the course’s; a points-based scheme says so', () => {
    const r = resolveDefaultBoundaries({ assignment: null, course: 3 }, [degree, fourPoint])
    expect(r.source.kind).toBe('course')
    expect(r.label).toBe(
      'From Canvas: Four-point (account grading scheme; points-based, out of 4, shown as % of the assignment’s points), the course’s default.',
    )
  })

  it('a scheme Canvas does not show through the course falls through with a note', () => {
    const r = resolveDefaultBoundaries({ assignment: 2, course: 1 }, [degree])
    expect(r.source.kind).toBe('course')
    expect(r.note).toMatch(/grading scheme 2 for the assignment/)
  })

  it('else Canvas’s default scheme', () => {
    const r = resolveDefaultBoundaries({ assignment: null, course: null }, [degree])
    expect(r.scheme).toBe(canvasDefaultScheme)
    expect(r.label).toBe('Canvas’s default grading scheme: neither this assignment nor the course sets one.')
    const missing = resolveDefaultBoundaries({ assignment: 7, course: null }, [])
    expect(missing.source.kind).toBe('canvas-default')
    expect(missing.label).toBe('Canvas’s default grading scheme.')
    expect(missing.note).toMatch(/scheme 7/)
  })
})
