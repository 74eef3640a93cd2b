import { describe, expect, it } from 'vitest'
import { gradeScale } from '../../../../lib/moderation/grade-scale'
import { pg, student } from '../../../../testing/moderation-fixtures'
import { toGridRow } from '../grid-rows'
import { markersOf } from '../student-facts'

const passFail = gradeScale({ gradingType: 'pass_fail', pointsPossible: 10 })

describe('grid rows per grading type', () => {
  it('pass/fail: graders disagree when their grades differ, agree when the same', () => {
    const split = student('u:1', [pg('u:2', 10, { grade: 'complete' }), pg('u:3', 0, { grade: 'incomplete' })])
    const same = student('u:4', [pg('u:2', 10, { grade: 'complete' }), pg('u:3', 10, { grade: 'complete' })])
    expect(toGridRow(split, undefined, { tolerancePts: 0, scale: passFail }).disagree).toBe(true)
    expect(toGridRow(same, undefined, { tolerancePts: 0, scale: passFail }).disagree).toBe(false)
  })

  it('letters without points possible: different letters disagree although every score is 0', () => {
    const scale = gradeScale({ gradingType: 'letter_grade', pointsPossible: 0 })
    const s = student('u:1', [pg('u:2', 0, { grade: 'B+' }), pg('u:3', 0, { grade: 'A' })])
    expect(toGridRow(s, undefined, { tolerancePts: 0, scale }).disagree).toBe(true)
  })

  it('marks the test student and what the enrolment and submission say', () => {
    const test = student('u:9', [], { testStudent: true })
    expect(markersOf(test, undefined).map((m) => m.label)).toEqual(['Test student'])
    const facts = {
      sections: ['Lab A'],
      enrollment: 'inactive' as const,
      excused: false,
      submitted: true,
      late: true,
      pointsDeducted: 2,
    }
    const row = toGridRow(student('u:1', []), facts)
    expect(row.markers.map((m) => m.label)).toEqual(['Inactive', 'Late'])
    expect(row.markers[1]!.description).toMatch(/takes 2 points off/)
    expect(
      markersOf(student('u:2', []), { ...facts, enrollment: 'active', excused: true }).map((m) => m.label),
    ).toEqual(['Excused'])
    expect(
      markersOf(student('u:3', []), { ...facts, enrollment: 'concluded', submitted: false, late: false }).map(
        (m) => m.label,
      ),
    ).toEqual(['Concluded', 'Not submitted'])
  })
})
