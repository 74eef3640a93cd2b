import { describe, expect, it } from 'vitest'
import { validateCustomGrade, type CustomGradeContext, type SchemeGrade } from '../custom-grade'

const letters: SchemeGrade[] = [
  { name: 'A', value: 0.94 },
  { name: 'A-', value: 0.9 },
  { name: 'B+', value: 0.87 },
  { name: 'B', value: 0.84 },
  { name: 'F', value: 0 },
]
const points: CustomGradeContext = { kind: 'points', pointsPossible: 20, scheme: null }
const percent: CustomGradeContext = { kind: 'percent', pointsPossible: 20, scheme: null }
const scheme: CustomGradeContext = { kind: 'scheme', pointsPossible: 20, scheme: letters, schemeStrict: true }
const passFail: CustomGradeContext = { kind: 'pass_fail', pointsPossible: 10, scheme: null }

describe('custom grade per grading type', () => {
  it('points: numbers from 0 to twice the points, with a decimal comma, extra credit named', () => {
    expect(validateCustomGrade('17', points)).toMatchObject({ ok: true, value: '17', summary: '17 points' })
    expect(validateCustomGrade(' 16.5 ', points)).toMatchObject({ ok: true, value: '16.5' })
    expect(validateCustomGrade('15,5', points)).toMatchObject({ ok: true, value: '15.5' })
    expect(validateCustomGrade('25', points)).toMatchObject({
      ok: true,
      value: '25',
      note: expect.stringMatching(/5 more than the 20 points possible/),
    })
    expect(validateCustomGrade('', points)).toMatchObject({ ok: false, message: expect.stringMatching(/0 to 40/) })
    expect(validateCustomGrade('-3', points)).toMatchObject({ ok: false, message: expect.stringMatching(/negative/) })
    expect(validateCustomGrade('abc', points)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not a number/),
    })
    expect(validateCustomGrade('16.555', points)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/two decimal/),
    })
    expect(validateCustomGrade('41', points)).toMatchObject({ ok: false })
  })

  it('points possible 0 or unknown never divides by zero', () => {
    expect(validateCustomGrade('3', { ...points, pointsPossible: 0 })).toMatchObject({ ok: true, value: '3' })
    expect(validateCustomGrade('50%', { ...percent, pointsPossible: null })).toMatchObject({
      ok: true,
      value: '50%',
      summary: '50%',
    })
  })

  it('percent: sends the % so Canvas reads a percentage, not points', () => {
    expect(validateCustomGrade('85', percent)).toMatchObject({
      ok: true,
      value: '85%',
      summary: '85% (17 of 20 points)',
    })
    expect(validateCustomGrade('72,5 %', percent)).toMatchObject({ ok: true, value: '72.5%' })
    expect(validateCustomGrade('abc', percent)).toMatchObject({ ok: false })
    expect(validateCustomGrade('250%', percent)).toMatchObject({ ok: false })
  })

  it('letter grades: a grade of the scheme, any case, typographic minus; a percentage or points too', () => {
    expect(validateCustomGrade('b+', scheme)).toMatchObject({ ok: true, value: 'B+', summary: 'B+ (87% to 90%)' })
    expect(validateCustomGrade('A\u2212', scheme)).toMatchObject({ ok: true, value: 'A-' })
    expect(validateCustomGrade('A', scheme)).toMatchObject({ ok: true, summary: 'A (94% and above)' })
    expect(validateCustomGrade('88%', scheme)).toMatchObject({ ok: true, value: '88%' })
    expect(validateCustomGrade('17', scheme)).toMatchObject({ ok: true, value: '17' })
    expect(validateCustomGrade('C', scheme)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not a grade of this scheme. Enter one of A, A-, B\+, B, F/),
    })
  })

  it('letter grades under a guessed scheme: an unknown letter is left to Canvas', () => {
    expect(validateCustomGrade('C', { ...scheme, schemeStrict: false })).toMatchObject({ ok: true, value: 'C' })
    expect(validateCustomGrade('<b>', { ...scheme, schemeStrict: false })).toMatchObject({ ok: false })
  })

  it('pass/fail: only complete or incomplete (Canvas takes only 0 or full points)', () => {
    expect(validateCustomGrade('Complete', passFail)).toMatchObject({ ok: true, value: 'complete' })
    expect(validateCustomGrade('fail', passFail)).toMatchObject({ ok: true, value: 'incomplete' })
    expect(validateCustomGrade('5', passFail)).toMatchObject({ ok: false, message: 'Choose Complete or Incomplete.' })
  })

  it('not graded: no grade at all', () => {
    expect(validateCustomGrade('5', { kind: 'not_graded', pointsPossible: null, scheme: null })).toMatchObject({
      ok: false,
    })
  })
})
