import { describe, expect, it } from 'vitest'
import { defaultForm, passMarkText, rulesFromForm, type RuleForm } from '../rule-form'

describe('the sampling controls as rules', () => {
  it('starts with MAX(6, ⌈√n⌉) and every fail, the pass mark from the scheme; a margin of 2% of points', () => {
    const form = defaultForm(100, 424242)
    expect(form.near.margin).toBe('2')
    expect(defaultForm(20, 1).near.margin).toBe('0.5')
    expect(rulesFromForm(form, 40).rules).toEqual({ range: { kind: 'sqrt' }, fails: { passMark: 40 } })
    expect(passMarkText(form, 12.2)).toBe('12.2')
  })

  it('reads every checked rule; a typed pass mark wins over the scheme’s', () => {
    const form: RuleForm = {
      range: { on: true, size: 'percent', count: '10', percent: '12.5' },
      fails: { on: true, passMark: '9.5' },
      near: { on: true, margin: '1' },
      top: { on: true, count: '2' },
      bottom: { on: true, count: '3' },
      random: { on: true, count: '4', seed: '4294967295' },
    }
    expect(rulesFromForm(form, 8)).toEqual({
      rules: {
        range: { kind: 'percent', percent: 12.5 },
        fails: { passMark: 9.5 },
        nearBoundary: { margin: 1 },
        top: 2,
        bottom: 3,
        random: { count: 4, seed: 4294967295 },
      },
      invalid: new Set(),
    })
  })

  it('leaves out a checked rule it cannot read and names the field, never guessing', () => {
    const form: RuleForm = {
      ...defaultForm(20, 1),
      range: { on: true, size: 'count', count: '2.5', percent: '10' },
      fails: { on: true, passMark: null },
      top: { on: true, count: '' },
      random: { on: true, count: '-1', seed: '4294967296' },
    }
    const { rules, invalid } = rulesFromForm(form, null)
    expect(rules).toEqual({})
    expect([...invalid].sort()).toEqual(['fails.passMark', 'random.count', 'random.seed', 'range.count', 'top.count'])
    // Unchecked rules are not read at all.
    expect(rulesFromForm({ ...form, range: { ...form.range, on: false } }, null).invalid.has('range.count')).toBe(false)
  })
})
