import { describe, expect, it } from 'vitest'
import { classifyAll } from '../../../../lib/moderation/classify'
import { pg, student } from '../../../../testing/moderation-fixtures'
import { bandFor, canvasDefaultScheme } from '../../../reconciliation/utils/boundaries'
import { gradeBands } from '../bands'
import {
  csvCell,
  decisionsAgainstGraders,
  guardFormula,
  inGridOrder,
  moderationCsv,
  studentIdsByKey,
  toCsv,
} from '../csv'

/** A small RFC 4180 parser for the tests. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(cell)
      cell = ''
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += ch
  }
  return rows
}

const graders = [
  { key: 'u:2', label: 'Reyes' },
  { key: 'u:3', label: 'Natarajan' },
]

describe('CSV cells (RFC 4180 and formula guard)', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('O’Brien, Liam')).toBe('"O’Brien, Liam"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell(null)).toBe('')
    expect(csvCell(15.5)).toBe('15.5')
    expect(
      toCsv([
        ['a', 'b'],
        [1, null],
      ]),
    ).toBe('a,b\r\n1,\r\n')
  })
  it('guards cells a spreadsheet would evaluate', () => {
    for (const s of ['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx']) expect(guardFormula(s)).toBe(`'${s}`)
    expect(guardFormula('Ana')).toBe('Ana')
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvCell(-1)).toBe('-1') // numbers are numbers
  })
  it('guards control characters at the start and formulas after leading whitespace (OWASP, ASVS V1.2.10)', () => {
    // NUL, LF, CR, tab and other control characters first, whatever follows.
    for (const s of ['\u0000=1+1', '\u0000x', '\n=1+1', '\nx', '\r=1+1', '\rx', '\t=1+1', '\u001b=1', '\u000b=1'])
      expect(guardFormula(s)).toBe(`'${s}`)
    // Spreadsheets skip leading whitespace before a formula: spaces, tabs, line breaks, NBSP, a BOM.
    for (const s of [
      ' =1+1',
      '   +SUM(A1)',
      ' -2+3',
      ' @cmd',
      '\u00a0=1+1',
      '\ufeff=1+1',
      ' \t\r\n=1+1',
      '\u0000 \u0000=1',
    ])
      expect(guardFormula(s)).toBe(`'${s}`)
    // Ordinary text stays as it is, inner signs and leading spaces included.
    for (const s of [' Ana', 'Ana-Maria', 'a=b', 'x@y.edu', '', 'Student 4', "'=already quoted"])
      expect(guardFormula(s)).toBe(s)
    // Guarded first, then quoted: the quote goes inside the field, before the line break.
    expect(csvCell('\n=1+1')).toBe(`"'\n=1+1"`)
    expect(csvCell('\u0000=1+1')).toBe(`'\u0000=1+1`)
  })
})

describe('moderationCsv', () => {
  it('named: name, user id, every grader, spread, class, selection and its source, custom grade', () => {
    const students = classifyAll(
      [
        student('u:1012', [pg('u:2', 14, { id: 1 }), pg('u:3', 18, { id: 2 }), pg('u:1', 16, { id: 3, final: true })], {
          displayName: "Liam O'Brien",
          selectedGradeId: 3,
        }),
        student('u:1028', [pg('u:3', 9, { id: 4 })], { displayName: '=cmd|" /C calc"!A0' }),
      ],
      1,
    )
    // In the grid's order when given (the default, name order, would put "=cmd…" first).
    const rows = parseCsv(moderationCsv(students, { graders, anonymous: false, order: ['u:1012', 'u:1028'] }))
    expect(rows[0]).toEqual([
      'Student',
      'Canvas user id',
      'Reyes',
      'Natarajan',
      'Spread',
      'Class',
      'Stale',
      'Selected grade',
      'Selected source',
      'Custom grade',
    ])
    expect(rows[1]).toEqual(["Liam O'Brien", '1012', '14', '18', '4', 'Disagree', 'no', '16', 'Custom grade', '16'])
    expect(rows[2]).toEqual(['\'=cmd|" /C calc"!A0', '1028', '', '9', '', 'Single grader', 'no', '', '', ''])
    expect(decisionsAgainstGraders(students).map((s) => s.key)).toEqual(['u:1012'])
  })
  it('sections and grades as Canvas formats them (letters, pass/fail)', () => {
    const students = classifyAll(
      [
        student('u:7', [pg('u:2', 88, { id: 1, grade: 'B+' }), pg('u:3', 91, { id: 2, grade: 'A-' })], {
          displayName: 'Gabriel Silva',
          selectedGradeId: 2,
        }),
      ],
      1,
      { gradingType: 'letter_grade', pointsPossible: 100 },
    )
    const rows = parseCsv(
      moderationCsv(students, {
        graders,
        anonymous: false,
        gradeKind: 'scheme',
        sections: new Map([['u:7', ['Lab A', 'Lab C']]]),
      }),
    )
    expect(rows[0]!.slice(0, 5)).toEqual(['Student', 'Canvas user id', 'Section', 'Reyes', 'Natarajan'])
    expect(rows[1]!.slice(0, 5)).toEqual(['Gabriel Silva', '7', 'Lab A; Lab C', 'B+ (88)', 'A- (91)'])
    expect(rows[1]![rows[0]!.indexOf('Selected grade')]).toBe('A- (91)')
    // Never a section for anonymous students.
    const anon = moderationCsv(students, { graders, anonymous: true, sections: new Map([['u:7', ['Lab A']]]) })
    expect(anon).not.toMatch(/Lab A|Section/)
  })
  it('anonymous: no names and no user ids, ever', () => {
    const students = classifyAll(
      [
        student('a:Xy12z', [pg('a:G1', 70, { id: 1 }), pg('a:G2', 72, { id: 2 })], {
          displayName: 'Student 1',
          selectedGradeId: 2,
        }),
        // A row that carries a name on an anonymous assignment must not leak it.
        student('u:1005', [pg('a:G1', 50, { id: 3 })], { displayName: 'Chloé Dubois' }),
      ],
      5,
    )
    const csv = moderationCsv(students, {
      graders: [
        { key: 'a:G1', label: 'Grader 1' },
        { key: 'a:G2', label: 'Grader 2' },
      ],
      anonymous: true,
    })
    const rows = parseCsv(csv)
    expect(rows[0]).not.toContain('Canvas user id')
    expect(rows[1]!.slice(0, 3)).toEqual(['Student 1', '70', '72'])
    expect(rows[1]![rows[0]!.indexOf('Selected source')]).toBe('Grader 2')
    expect(rows[2]![0]).toBe('Student 2')
    expect(csv).not.toMatch(/Chloé|1005/)
  })
})

const degree = {
  scheme: [
    { name: 'First', value: 0.7 },
    { name: '2:1', value: 0.6 },
    { name: '2:2', value: 0.5 },
    { name: 'Third', value: 0.4 },
    { name: 'Fail', value: 0 },
  ],
  source: { kind: 'course', standard: { title: 'Degree classification' } },
  label: 'From Canvas: Degree classification (course grading scheme), the course’s default.',
}

/** Three named students out of 20: 14 selected (First), 11.5 selected (2:1), none selected. */
function threeNamed() {
  return classifyAll(
    [
      student('u:1003', [pg('u:2', 14, { id: 31 }), pg('u:3', 15, { id: 32 })], {
        displayName: 'Zoë Adams',
        selectedGradeId: 31,
      }),
      student('u:1001', [pg('u:2', 11.5, { id: 33 })], { displayName: 'ana Ruiz', selectedGradeId: 33 }),
      student('u:1002', [pg('u:2', 8, { id: 34 }), pg('u:3', 13, { id: 35 })], { displayName: 'Ana López' }),
      student('u:1010', [pg('u:2', 9, { id: 36 })], { displayName: 'Student 10' }),
      student('u:1009', [pg('u:2', 9, { id: 37 })], { displayName: 'Student 9' }),
    ],
    2,
    { gradingType: 'points', pointsPossible: 20 },
  )
}

const ids = studentIdsByKey([
  { userId: 1001, sisUserId: 'S0001001', loginId: 's1001@students.northfield.edu' },
  { userId: 1002, sisUserId: null, loginId: 's1002@students.northfield.edu' },
  { userId: 1003, sisUserId: '=2+5', loginId: null },
])

describe('moderationCsv for an exam board', () => {
  it('SIS and login ids next to the Canvas user id; a missing one is an empty cell', () => {
    const rows = parseCsv(moderationCsv(threeNamed(), { graders, anonymous: false, ids }))
    expect(rows[0]!.slice(0, 4)).toEqual(['Student', 'Canvas user id', 'SIS user id', 'Login id'])
    const byName = new Map(rows.slice(1).map((r) => [r[0], r.slice(1, 4)]))
    expect(byName.get('ana Ruiz')).toEqual(['1001', 'S0001001', 's1001@students.northfield.edu'])
    expect(byName.get('Ana López')).toEqual(['1002', '', 's1002@students.northfield.edu'])
    // Ids are text like any other: one that looks like a formula is guarded.
    expect(byName.get('Zoë Adams')).toEqual(['1003', "'=2+5", ''])
    // A student Canvas sent no ids for (not in the list) gets empty cells.
    expect(byName.get('Student 9')).toEqual(['1009', '', ''])
  })

  it('a column only for the ids Canvas shows: a TA sees login ids but no SIS ids', () => {
    const loginsOnly = studentIdsByKey([{ userId: 1001, sisUserId: null, loginId: 's1001@students.northfield.edu' }])
    const header = parseCsv(moderationCsv(threeNamed(), { graders, anonymous: false, ids: loginsOnly }))[0]!
    expect(header).toContain('Login id')
    expect(header).not.toContain('SIS user id')
    const none = parseCsv(moderationCsv(threeNamed(), { graders, anonymous: false }))[0]!
    expect(none).not.toContain('Login id')
  })

  it('the Class header records the tolerance; the Band column places the selected grade', () => {
    const bands = gradeBands(degree, 20, bandFor)!
    const rows = parseCsv(moderationCsv(threeNamed(), { graders, anonymous: false, bands, tolerance: '2 points' }))
    const header = rows[0]!
    expect(header).toContain('Class (tolerance 2 points)')
    expect(header).not.toContain('Class')
    const band = header.indexOf('Band (Degree classification)')
    expect(band).toBe(header.indexOf('Selected grade') + 1)
    const of = (name: string) => rows.find((r) => r[0] === name)!
    expect(of('Zoë Adams')[band]).toBe('First') // 14 of 20 = 70%
    expect(of('ana Ruiz')[band]).toBe('2:2') // 11.5 of 20 = 57.5%
    expect(of('Ana López')[band]).toBe('') // nothing selected: no band
    expect(of('Zoë Adams')[header.indexOf('Class (tolerance 2 points)')]).toBe('Agreed')
    expect(of('Ana López')[header.indexOf('Class (tolerance 2 points)')]).toBe('Disagree')
  })

  it('rows in name order by default, as the grid starts: accents and case ignored, numbers by value', () => {
    const rows = parseCsv(moderationCsv(threeNamed(), { graders, anonymous: false }))
    expect(rows.slice(1).map((r) => r[0])).toEqual(['Ana López', 'ana Ruiz', 'Student 9', 'Student 10', 'Zoë Adams'])
  })

  it('rows in the grid’s order when given; students it does not list follow by name', () => {
    const rows = parseCsv(moderationCsv(threeNamed(), { graders, anonymous: false, order: ['u:1003', 'u:1010'] }))
    expect(rows.slice(1).map((r) => r[0])).toEqual(['Zoë Adams', 'Student 10', 'Ana López', 'ana Ruiz', 'Student 9'])
    // The input is left as it was.
    const students = threeNamed()
    inGridOrder(students, ['u:1009'])
    expect(students.map((s) => s.key)).toEqual(['u:1003', 'u:1001', 'u:1002', 'u:1010', 'u:1009'])
  })

  it('anonymous: no SIS or login id, whatever is passed; bands and tolerance still recorded', () => {
    const students = classifyAll(
      [
        student('a:Qw3', [pg('a:G1', 14, { id: 41 }), pg('a:G2', 15, { id: 42 })], {
          displayName: 'Student 12',
          selectedGradeId: 41,
        }),
        student('a:Er5', [pg('a:G1', 9, { id: 43 })], { displayName: 'Student 7' }),
        // A row that carries a name (it should not): neither its ids, its name nor its place in the order leak.
        student('u:1001', [pg('a:G1', 12, { id: 44 })], { displayName: 'Ana Ruiz' }),
      ],
      2,
      { gradingType: 'points', pointsPossible: 20 },
    )
    const csv = moderationCsv(students, {
      graders: [
        { key: 'a:G1', label: 'Grader 1' },
        { key: 'a:G2', label: 'Grader 2' },
      ],
      anonymous: true,
      ids,
      bands: gradeBands(degree, 20, bandFor),
      tolerance: '2 points',
      order: ['u:1001', 'a:Qw3', 'a:Er5'],
    })
    const rows = parseCsv(csv)
    expect(rows[0]).not.toContain('SIS user id')
    expect(rows[0]).not.toContain('Login id')
    expect(rows[0]).not.toContain('Canvas user id')
    expect(rows[0]).toContain('Class (tolerance 2 points)')
    // Canvas's labels in the grid's order; the named row last, under a generated label.
    expect(rows.slice(1).map((r) => r[0])).toEqual(['Student 12', 'Student 7', 'Student 3'])
    expect(rows[1]![rows[0]!.indexOf('Band (Degree classification)')]).toBe('First')
    expect(csv).not.toMatch(/S0001001|northfield|1001|Ana Ruiz/)
  })

  it('every anonymous row anonymous: ids given for its keys are still never written', () => {
    const students = classifyAll([student('a:Qw3', [pg('a:G1', 14, { id: 51 })], { displayName: 'Student 1' })], 0)
    const anonIds = new Map([['a:Qw3', { sis: 'S0009999', login: 'secret@northfield.edu' }]])
    const csv = moderationCsv(students, {
      graders: [{ key: 'a:G1', label: 'Grader 1' }],
      anonymous: true,
      ids: anonIds,
    })
    expect(csv).not.toMatch(/S0009999|secret/)
  })
})

describe('grade bands', () => {
  it('from the scheme and points possible; none without points possible', () => {
    const b = gradeBands(degree, 20, bandFor)!
    expect(b.name).toBe('Degree classification')
    expect(b.bands.map((x) => x.name)).toEqual(['First', '2:1', '2:2', 'Third', 'Fail'])
    expect([14, 13.99, 12, 10, 8, 7.99, 0].map(b.bandOf)).toEqual([
      'First',
      '2:1',
      '2:1',
      '2:2',
      'Third',
      'Fail',
      'Fail',
    ])
    expect(gradeBands(degree, null, bandFor)).toBeUndefined()
    expect(gradeBands(degree, 0, bandFor)).toBeUndefined()
    expect(gradeBands(undefined, 20, bandFor)).toBeUndefined()
    const fallback = gradeBands(
      { scheme: canvasDefaultScheme, source: { kind: 'canvas-default' }, label: 'Canvas’s default grading scheme.' },
      20,
      bandFor,
    )!
    expect(fallback.name).toBe('Canvas’s default scheme')
    expect(fallback.bandOf(18.8)).toBe('A')
  })
})
