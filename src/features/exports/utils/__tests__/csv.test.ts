import { describe, expect, it } from 'vitest'
import { classifyAll } from '../../../../lib/moderation/classify'
import { pg, student } from '../../../../testing/moderation-fixtures'
import { csvCell, decisionsAgainstGraders, guardFormula, moderationCsv, toCsv } from '../csv'

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
    const rows = parseCsv(moderationCsv(students, { graders, anonymous: false }))
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
