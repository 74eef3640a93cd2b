import { describe, expect, it } from 'vitest'
import {
  classifyAll,
  classifyStudent,
  countChips,
  createChipCounter,
  createDecisionQueue,
  decisionQueue,
  matchesChips,
  mendOrder,
  nextInQueue,
  type ChipId,
} from '../classify'
import { describeTolerance, parseTolerance, tolerancePoints } from '../tolerance'
import { gradersApart, gradeScale, spreadSummary } from '../grade-scale'
import { pg, student } from '../../../testing/moderation-fixtures'

const passFail = { gradingType: 'pass_fail', pointsPossible: 10 }
const letters = { gradingType: 'letter_grade', pointsPossible: 20 }

describe('tolerance', () => {
  it('points or percent of points possible', () => {
    expect(tolerancePoints({ unit: 'points', value: 2 }, 20)).toBe(2)
    expect(tolerancePoints({ unit: 'percent', value: 10 }, 20)).toBe(2)
    expect(tolerancePoints({ unit: 'percent', value: 10 }, null)).toBe(10)
    expect(describeTolerance({ unit: 'percent', value: 5 }, 20)).toBe('5% (1 point)')
  })
  it('never divides by points possible of 0 or null: a percentage is then read as points', () => {
    for (const pp of [0, null]) {
      expect(tolerancePoints({ unit: 'percent', value: 10 }, pp)).toBe(10)
      expect(describeTolerance({ unit: 'percent', value: 10 }, pp)).toBe('10 points')
    }
  })
  it('pass/fail (and letters without points possible) have no tolerance; not graded has nothing', () => {
    const t = { unit: 'points', value: 2 } as const
    expect(describeTolerance(t, 10, 'pass_fail')).toBe('none: graders agree when they give the same grade')
    expect(describeTolerance(t, null, 'letter_grade')).toBe('none: graders agree when they give the same grade')
    expect(describeTolerance(t, 20, 'letter_grade')).toBe('2 points')
    expect(describeTolerance(t, 20, 'not_graded')).toBe('none: the assignment is not graded')
  })
  it('parses URL values and rejects nonsense', () => {
    expect(parseTolerance('1.5', null)).toEqual({ unit: 'points', value: 1.5 })
    expect(parseTolerance('10', 'percent')).toEqual({ unit: 'percent', value: 10 })
    for (const bad of [null, '', '-1', 'abc', '1e9']) expect(parseTolerance(bad, null)).toBeNull()
  })
})

describe('classification', () => {
  it('agreed within tolerance (inclusive), disagree beyond it', () => {
    const s = student('u:1', [pg('u:2', 14), pg('u:3', 15.5)])
    expect(classifyStudent(s, 1.5).cls).toBe('agreed')
    expect(classifyStudent(s, 1.49).cls).toBe('disagree')
    expect(classifyStudent(s, 1.5).spread).toBe(1.5)
  })
  it('single grader, no grade (blank comment-only grades do not count)', () => {
    expect(classifyStudent(student('u:1', [pg('u:2', 12)]), 0).cls).toBe('single')
    expect(classifyStudent(student('u:1', [pg('u:2', null)]), 0).cls).toBe('none')
    expect(classifyStudent(student('u:1', []), 0).cls).toBe('none')
  })
  it('the custom grade is not a grader mark', () => {
    const c = classifyStudent(student('u:1', [pg('u:2', 10), pg('u:3', 18), pg('u:9', 14, { final: true, id: 77 })]), 1)
    expect(c.cls).toBe('disagree')
    expect(c.marks).toHaveLength(2)
    expect(c.custom).toEqual({ gradeId: 77, score: 14, grade: '14', stale: false })
  })
  it('stale, selected and needs-decision', () => {
    const a = pg('u:2', 10, { id: 1, matchesCurrentSubmission: false })
    const b = pg('u:3', 11, { id: 2 })
    const unselected = classifyStudent(student('u:1', [a, b]), 5)
    expect(unselected.stale).toBe(true)
    expect(unselected.needsDecision).toBe(true)
    const staleSelected = classifyStudent(student('u:1', [a, b], { selectedGradeId: 1 }), 5)
    expect(staleSelected.selected).toMatchObject({ gradeId: 1, score: 10, graderKey: 'u:2', stale: true })
    // Chosen on purpose: decided (the publish panel still names it as stale).
    expect(staleSelected.needsDecision).toBe(false)
    const freshSelected = classifyStudent(student('u:1', [a, b], { selectedGradeId: 2 }), 5)
    expect(freshSelected.needsDecision).toBe(false)
    // One unselected grade is published by Canvas as is; nothing to decide. No grade: nothing to decide yet.
    expect(classifyStudent(student('u:1', [pg('u:2', 9)]), 0).needsDecision).toBe(false)
    expect(classifyStudent(student('u:1', []), 0).needsDecision).toBe(false)
  })
  it('anonymous rows never carry a user id', () => {
    expect(classifyStudent(student('a:xYz12', [pg('a:G1', 5)]), 0).userId).toBeUndefined()
  })
})

describe('classification per grading type', () => {
  it('scales: pass/fail and letters without points possible compare grades; letters with points compare scores', () => {
    expect(gradeScale(passFail).kind).toBe('categories')
    expect(gradeScale({ gradingType: 'gpa_scale', pointsPossible: 4 }).kind).toBe('letters')
    expect(gradeScale({ gradingType: 'letter_grade', pointsPossible: 0 })).toMatchObject({
      kind: 'categories',
      pointsPossible: null,
    })
    expect(gradeScale({ gradingType: 'percent', pointsPossible: 0 })).toMatchObject({
      kind: 'points',
      pointsPossible: null,
    })
    expect(gradeScale({ gradingType: 'not_graded', pointsPossible: null }).kind).toBe('none')
  })
  it('pass/fail: different grades disagree whatever the tolerance; the same grade agrees', () => {
    const split = student('u:1', [pg('u:2', 10, { grade: 'complete' }), pg('u:3', 0, { grade: 'incomplete' })])
    expect(classifyStudent(split, 100, passFail).cls).toBe('disagree')
    const same = student('u:1', [pg('u:2', 10, { grade: 'complete' }), pg('u:3', 10, { grade: 'complete' })])
    expect(classifyStudent(same, 0, passFail).cls).toBe('agreed')
  })
  it('pass/fail compares the grade text, falling back to the score', () => {
    // No points possible: Canvas scores both grades 0 (interpret_grade: points_possible.to_f), the text differs.
    const zero = { gradingType: 'pass_fail', pointsPossible: null }
    const both0 = student('u:1', [pg('u:2', 0, { grade: 'complete' }), pg('u:3', 0, { grade: 'incomplete' })])
    expect(classifyStudent(both0, 5, zero).cls).toBe('disagree')
    expect(classifyStudent(both0, 5, zero).spread).toBe(0)
    // "pass" is Canvas's other word for complete.
    const words = student('u:1', [pg('u:2', 10, { grade: 'pass' }), pg('u:3', 10, { grade: 'complete' })])
    expect(classifyStudent(words, 0, passFail).cls).toBe('agreed')
    // No grade text: above 0 of a pointed assignment is complete (score_to_grade).
    const noText = student('u:1', [pg('u:2', 10, { grade: null }), pg('u:3', 0, { grade: null })])
    expect(classifyStudent(noText, 100, passFail).cls).toBe('disagree')
  })
  it('letters with points possible: the spread in score points decides, the letters are shown with it', () => {
    const s = student('u:1', [pg('u:2', 17, { grade: 'B+' }), pg('u:3', 18.5, { grade: 'A-' })])
    const c = classifyStudent(s, 2, letters)
    expect(c.cls).toBe('agreed')
    expect(classifyStudent(s, 1, letters).cls).toBe('disagree')
    expect(spreadSummary(c.marks, c.spread, gradeScale(letters))).toBe('B+ and A-, 1.5 points apart')
    expect(gradersApart(c, letters)).toBe('graders gave B+ and A-, 1.5 points apart')
    const sameLetter = classifyStudent(
      student('u:1', [pg('u:2', 17, { grade: 'B+' }), pg('u:3', 17.4, { grade: 'B+' })]),
      0,
      letters,
    )
    expect(gradersApart(sameLetter, letters)).toBe('graders both gave B+, 0.4 points apart')
  })
  it('letters without points possible: the letters decide (as Canvas matches them), scores are all 0', () => {
    const noPoints = { gradingType: 'letter_grade', pointsPossible: 0 }
    const same = student('u:1', [pg('u:2', 0, { grade: 'B+' }), pg('u:3', 0, { grade: 'b+' })])
    expect(classifyStudent(same, 0, noPoints).cls).toBe('agreed')
    const diff = student('u:1', [pg('u:2', 0, { grade: 'B+' }), pg('u:3', 0, { grade: 'A' })])
    expect(classifyStudent(diff, 10, noPoints).cls).toBe('disagree')
  })
  it('messages about the graders, per type', () => {
    const pf = classifyStudent(
      student('u:1', [pg('u:2', 0, { grade: 'incomplete' }), pg('u:3', 10, { grade: 'complete' })]),
      0,
      passFail,
    )
    expect(gradersApart(pf, passFail)).toBe('graders gave Incomplete and Complete')
    const points = classifyStudent(student('u:1', [pg('u:2', 10), pg('u:3', 15)]), 0)
    expect(gradersApart(points, { gradingType: 'points', pointsPossible: 20 })).toBe('graders 5 points apart')
    expect(gradersApart(classifyStudent(student('u:1', [pg('u:2', 10)]), 0), passFail)).toBeNull()
  })
  it('the queue puts pass/fail disagreements first even when their scores are the same', () => {
    const zero = { gradingType: 'pass_fail', pointsPossible: null }
    const all = classifyAll(
      [
        student('u:1', [pg('u:2', 0, { grade: 'complete' }), pg('u:3', 0, { grade: 'complete' })]),
        student('u:2', [pg('u:2', 0, { grade: 'complete' }), pg('u:3', 0, { grade: 'incomplete' })]),
      ],
      0,
      zero,
    )
    expect(decisionQueue(all).map((c) => [c.key, c.cls])).toEqual([
      ['u:2', 'disagree'],
      ['u:1', 'agreed'],
    ])
  })
})

describe('chips and the decision queue', () => {
  const all = classifyAll(
    [
      student('u:1', [pg('u:2', 10), pg('u:3', 10)]), // agreed
      student('u:2', [pg('u:2', 10), pg('u:3', 16)]), // disagree 6
      student('u:3', [pg('u:2', 10), pg('u:3', 13)]), // disagree 3
      student('u:4', [pg('u:2', 10)]), // single
      student('u:5', []), // none
      student('u:6', [pg('u:2', 4, { id: 61 }), pg('u:3', 12)], { selectedGradeId: 61 }), // disagree 8, selected
      student('u:7', [pg('u:2', 10, { matchesCurrentSubmission: false }), pg('u:3', 10)]), // agreed, stale
    ],
    1,
  )
  it('counts every chip', () => {
    expect(countChips(all)).toEqual({
      agreed: 2,
      disagree: 3,
      single: 1,
      none: 1,
      stale: 1,
      custom: 0,
      selected: 1,
      unselected: 6,
    })
  })
  it('OR within a group, AND across groups', () => {
    const keys = (chips: ChipId[]) => all.filter((c) => matchesChips(c, new Set(chips))).map((c) => c.key)
    expect(keys([])).toHaveLength(7)
    expect(keys(['disagree', 'single'])).toEqual(['u:2', 'u:3', 'u:4', 'u:6'])
    expect(keys(['disagree', 'unselected'])).toEqual(['u:2', 'u:3'])
    expect(keys(['agreed', 'stale'])).toEqual(['u:7'])
  })
  it('queue: needing a decision, largest spread first', () => {
    expect(decisionQueue(all).map((c) => c.key)).toEqual(['u:2', 'u:3', 'u:1', 'u:7'])
  })
  it('the kept queue is decisionQueue, across selections, filters and changed grades', () => {
    const queue = createDecisionQueue()
    expect(queue(all)).toEqual(decisionQueue(all))
    // A selection: the student leaves the queue, nothing is sorted again.
    const selected = all.map((c) => (c.key === 'u:2' ? { ...c, selectedGradeId: 1, needsDecision: false } : c))
    expect(queue(selected).map((c) => c.key)).toEqual(['u:3', 'u:1', 'u:7'])
    expect(queue(selected)).toEqual(decisionQueue(selected))
    // The chips' filter keeps the queue's order.
    const only = new Set(['u:7', 'u:3'])
    expect(queue(selected, (c) => only.has(c.key))).toEqual(decisionQueue(selected.filter((c) => only.has(c.key))))
    // Another spread (a grade changed) or a student more: sorted again.
    const regraded = classifyAll([student('u:1', [pg('u:2', 10), pg('u:3', 20)])], 1)[0]!
    const changed = [
      ...all.map((c) => (c.key === 'u:1' ? regraded : c)),
      ...classifyAll([student('u:9', [pg('u:2', 1), pg('u:3', 2)])], 1),
    ]
    expect(queue(changed).map((c) => c.key)).toEqual(['u:1', 'u:2', 'u:3', 'u:9', 'u:7'])
    expect(queue(changed)).toEqual(decisionQueue(changed))
  })
  it('the kept queue follows a new tolerance (who disagrees comes first) without sorting again', () => {
    const students = [
      student('u:1', [pg('u:2', 10), pg('u:3', 14)]),
      student('u:2', [pg('u:2', 10), pg('u:3', 11)]),
      student('u:3', [pg('u:2', 10), pg('u:3', 17)]),
      student('u:4', [pg('u:2', 10), pg('u:3', 10)]),
    ]
    const queue = createDecisionQueue()
    for (const tol of [0, 2, 5, 10, 0]) {
      const classified = classifyAll(students, tol)
      expect(queue(classified)).toEqual(decisionQueue(classified))
    }
  })
  it('another tolerance re-decides agreement only, and keeps the same object where it cannot matter', () => {
    const s = student('u:1', [pg('u:2', 10), pg('u:3', 14)])
    const one = classifyAll([s], 5)[0]!
    const other = classifyAll([s], 1)[0]!
    expect([one.cls, other.cls]).toEqual(['agreed', 'disagree'])
    expect(other).toEqual({ ...one, cls: 'disagree' })
    expect(classifyAll([s], 1)[0]).toBe(other)
    const single = student('u:2', [pg('u:2', 10)])
    expect(classifyAll([single], 5)[0]).toBe(classifyAll([single], 1)[0])
  })
  it('a tolerance that leaves a student in the same class keeps that student’s object', () => {
    const s = student('u:1', [pg('u:2', 10), pg('u:3', 14)])
    const at5 = classifyAll([s], 5)[0]!
    expect(classifyAll([s], 6)[0]).toBe(at5)
    const at1 = classifyAll([s], 1)[0]!
    expect(at1.cls).toBe('disagree')
    expect(classifyAll([s], 2)[0]).toBe(at1)
    expect(classifyAll([s], 4)[0]).toEqual({ ...at1, cls: 'agreed' })
  })
  it('the kept chip counts are countChips, across selections and new rosters', () => {
    const count = createChipCounter()
    expect(count(all)).toEqual(countChips(all))
    const selected = all.map((c, i) => (i === 1 ? { ...c, selectedGradeId: 1 } : c))
    expect(count(selected)).toEqual(countChips(selected))
    expect(count(selected)).toBe(count(selected.slice()))
    expect(count(all.slice(2))).toEqual(countChips(all.slice(2)))
  })
  it('next walks the queue, then starts a new pass', () => {
    const q = decisionQueue(all)
    expect(nextInQueue(q, new Set())!.student.key).toBe('u:2')
    expect(nextInQueue(q, new Set(['u:2']))!.student.key).toBe('u:3')
    expect(nextInQueue(q, new Set(q.map((c) => c.key)))).toEqual({ student: q[0], newPass: true })
    expect(nextInQueue([], new Set())).toBeNull()
  })
})

describe('mendOrder (the kept queue order as a roster loads and changes)', () => {
  /** A small seeded generator, so a failure can be replayed. */
  function rng(seed: number) {
    let x = seed
    return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648
  }
  const names = ['Ada', 'ada', 'Ben', 'Cy', 'Dee', 'Éva', 'Eva', 'Zoë', 'Student 2', 'Student 10']
  function make(random: () => number, key: string) {
    const scores = random() < 0.2 ? [] : [Math.floor(random() * 4), Math.floor(random() * 4)]
    const c = classifyAll(
      [
        student(
          key,
          scores.map((sc, g) => pg(`g:${g}`, sc)),
        ),
      ],
      1,
    )[0]!
    return { ...c, label: names[Math.floor(random() * names.length)]! }
  }
  /** What a stable sort of the whole list gives: the order mendOrder must reproduce. */
  const sorted = (all: ReturnType<typeof make>[]) =>
    all
      .map((_, i) => i)
      .sort(
        (a, b) =>
          (all[b]!.spread ?? -1) - (all[a]!.spread ?? -1) ||
          new Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare(all[a]!.label, all[b]!.label),
      )

  it('equals a full stable sort after pages land out of order, students leave, and spreads or names change', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = rng(seed)
      let next = 0
      let all: ReturnType<typeof make>[] = []
      let order: number[] = []
      for (let step = 0; step < 12; step++) {
        const nextAll = [...all]
        // A page of new students lands somewhere (pages arrive out of order).
        const page = Array.from({ length: 1 + Math.floor(random() * 6) }, () => make(random, `u:${next++}`))
        nextAll.splice(Math.floor(random() * (nextAll.length + 1)), 0, ...page)
        // Some students change (another grade, another name) or leave.
        for (let i = nextAll.length - 1; i >= 0; i--) {
          const r = random()
          if (r < 0.05) nextAll.splice(i, 1)
          else if (r < 0.12) nextAll[i] = { ...make(random, nextAll[i]!.key) }
          else if (r < 0.18) nextAll[i] = { ...nextAll[i]!, selectedGradeId: 1 }
        }
        order = mendOrder(all, order, nextAll)
        expect(order, `seed ${seed}, step ${step}`).toEqual(sorted(nextAll))
        all = nextAll
      }
    }
  })
})
