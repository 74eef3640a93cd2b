import { describe, expect, it } from 'vitest'
import { gradeDisplay, gradeKind } from '../grading-type'

describe('grading types', () => {
  it('groups Canvas grading types by how their grades read', () => {
    expect(
      ['points', 'percent', 'letter_grade', 'gpa_scale', 'pass_fail', 'not_graded', 'new_type'].map(gradeKind),
    ).toEqual(['points', 'percent', 'scheme', 'scheme', 'pass_fail', 'not_graded', 'points'])
  })

  it('shows grades as Canvas formats them, with the score where it adds information', () => {
    expect(gradeDisplay({ grade: '17', score: 17 }, 'points')).toBe('17')
    expect(gradeDisplay({ grade: '16.5', score: 16.5 }, 'points')).toBe('16.5')
    expect(gradeDisplay({ grade: null, score: null }, 'points')).toBe('no score')
    expect(gradeDisplay({ grade: '85%', score: 17 }, 'percent')).toBe('85%')
    expect(gradeDisplay({ grade: 'B+', score: 17.5 }, 'scheme')).toBe('B+ (17.5)')
    expect(gradeDisplay({ grade: 'B+', score: 0 }, 'scheme', null)).toBe('B+')
    expect(gradeDisplay({ grade: 'complete', score: 20 }, 'pass_fail')).toBe('Complete')
    expect(gradeDisplay({ grade: 'incomplete', score: 0 }, 'pass_fail')).toBe('Incomplete')
    // An older grade without its text still reads by its score.
    expect(gradeDisplay({ grade: null, score: 0 }, 'pass_fail')).toBe('Incomplete')
    expect(gradeDisplay({ grade: null, score: null }, 'pass_fail')).toBe('no grade')
  })
})
