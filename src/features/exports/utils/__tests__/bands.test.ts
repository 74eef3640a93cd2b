import { describe, expect, it } from 'vitest'
import { classifyAll } from '../../../../lib/moderation/classify'
import { pg, student } from '../../../../testing/moderation-fixtures'
import { bandFor } from '../../../reconciliation/utils/boundaries'
import { finalMarksByBand, gradeBands } from '../bands'

const passMerit = {
  scheme: [
    { name: 'Fail', value: 0 },
    { name: 'Distinction', value: 0.85 },
    { name: 'Pass', value: 0.5 },
    { name: 'Merit', value: 0.65 },
  ],
  source: { kind: 'assignment', standard: { title: 'Pass/Merit/Distinction' } },
  label: 'From Canvas: Pass/Merit/Distinction (grading scheme), set on this assignment.',
}

describe('finalMarksByBand', () => {
  it('counts the selected grades’ scores in every band, highest first; no selection is no final mark', () => {
    const bands = gradeBands(passMerit, 40, bandFor)!
    const students = classifyAll(
      [
        // Selected 34 of 40 = 85%: Distinction, whatever the other grader gave.
        student('u:1', [pg('u:2', 34, { id: 1 }), pg('u:3', 20, { id: 2 })], { selectedGradeId: 1 }),
        student('u:2', [pg('u:2', 26, { id: 3 })], { selectedGradeId: 3 }), // 65%: Merit
        student('u:3', [pg('u:2', 25.99, { id: 4 })], { selectedGradeId: 4 }), // just under: Pass
        student('u:4', [pg('u:2', 4, { id: 5 })], { selectedGradeId: 5 }), // Fail
        student('u:5', [pg('u:2', 39, { id: 6 })]), // graded, nothing selected
        student('u:6', []), // no grade at all
      ],
      0,
      { gradingType: 'points', pointsPossible: 40 },
    )
    expect(finalMarksByBand(students, bands)).toEqual({
      rows: [
        { name: 'Distinction', value: 0.85, count: 1 },
        { name: 'Merit', value: 0.65, count: 1 },
        { name: 'Pass', value: 0.5, count: 1 },
        { name: 'Fail', value: 0, count: 1 },
      ],
      noFinalMark: 2,
      total: 6,
    })
  })
})
