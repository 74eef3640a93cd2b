import { describe, expect, it } from 'vitest'
import { toGradeableStudent } from '../../../../canvas/gradeable-students'
import type { GradeableStudent, ProvisionalGrade } from '../../../../canvas/types'
import type { GradeableStudentWire, ProvisionalGradeWire } from '../../../../canvas/wire/moderation'
import { chunk } from '../../../../lib/chunk'
import { gradeScale } from '../../../../lib/moderation/grade-scale'
import { compareRows, createRowCache, deriveGraders, matchesFilters, noFilters, toGridRow } from '../grid-rows'
import { markManySelected, markSelected, replaceGrades, selectedGradeIdOf } from '../mark-selected'
import { publishChoice, publishReadiness } from '../publish-readiness'
import { applyRosterChunk, emptyRoster, missingPages, rosterProgressText, type Roster } from '../roster'

let nextId = 1
function pg(over: Partial<ProvisionalGradeWire> = {}): ProvisionalGradeWire {
  return {
    provisional_grade_id: nextId++,
    grade: '10',
    score: 10,
    graded_at: '2024-03-01T10:00:00Z',
    scorer_id: 1,
    graded_anonymously: null,
    entered_grade: '10',
    entered_score: 10,
    final: false,
    grade_matches_current_submission: true,
    speedgrader_url: 'https://canvas.example/courses/1/gradebook/speed_grader?assignment_id=2&student_id=9',
    ...over,
  }
}
function named(
  id: number,
  name: string,
  grades: ProvisionalGradeWire[],
  selected: number | null = null,
): GradeableStudent {
  const w: GradeableStudentWire = {
    id,
    anonymous_id: id.toString(36),
    display_name: name,
    selected_provisional_grade_id: selected,
    provisional_grades: grades,
  }
  return toGradeableStudent(w)
}
function anon(anonymousId: string, label: string, grades: ProvisionalGradeWire[]): GradeableStudent {
  return toGradeableStudent({
    anonymous_id: anonymousId,
    display_name: label,
    selected_provisional_grade_id: null,
    provisional_grades: grades,
  })
}

describe('grid-row mapping', () => {
  it('maps a named row: grader columns by scorer, final grade apart, spread and flags', () => {
    const s = named(1001, 'Ana López', [
      pg({ scorer_id: 3, score: 17 }),
      pg({ scorer_id: 4, score: 12, grade_matches_current_submission: false }),
      pg({ scorer_id: 1, score: 15, final: true }),
    ])
    const row = toGridRow(s)
    expect(row.key).toBe('u:1001')
    expect(Object.keys(row.byGrader).sort()).toEqual(['u:3', 'u:4'])
    expect(row.finalGrade?.score).toBe(15)
    expect(row.spread).toBe(5)
    expect(row.disagree).toBe(true)
    expect(row.stale).toBe(true)
    expect(row.hasSelection).toBe(false)
    const graders = deriveGraders(
      [s],
      new Map([
        [3, 'Priya Natarajan'],
        [4, 'Tomás Herrera'],
      ]),
    )
    expect(graders.map((g) => g.label)).toEqual(['Priya Natarajan', 'Tomás Herrera'])
    expect(graders.map((g) => g.short)).toEqual(['Natarajan', 'Herrera'])
    // A grader whose name the caller cannot read (a section-limited TA, a teacher of another section).
    const unnamed = deriveGraders([s], new Map([[3, 'Priya Natarajan']]))
    expect(unnamed.map((g) => [g.label, g.short])).toEqual([
      ['Priya Natarajan', 'Natarajan'],
      ['User 4', 'User 4'],
    ])
  })

  it('maps an anonymous row: no user id, graders numbered by anonymous id', () => {
    const s = anon('aB3xY', 'Student 1', [
      pg({ scorer_id: undefined, anonymous_grader_id: 'Zz9' }),
      pg({ scorer_id: undefined, anonymous_grader_id: 'Qw7Zp' }),
    ])
    expect(s.userId).toBeUndefined()
    expect(s.anonymous).toBe(true)
    expect(s.key).toBe('a:aB3xY')
    const graders = deriveGraders([s], new Map())
    expect(graders).toEqual([
      { key: 'a:Qw7Zp', label: 'Grader 1', short: 'Grader 1' },
      { key: 'a:Zz9', label: 'Grader 2', short: 'Grader 2' },
    ])
  })
})

describe('filters and sorting', () => {
  const a = toGridRow(named(1, 'Ana', [pg({ score: 10 }), pg({ scorer_id: 2, score: 14 })]))
  const b = toGridRow(named(2, 'Ben', [pg({ score: 10 }), pg({ scorer_id: 2, score: 10 })], null))
  const cGrades = [pg({ score: 8, grade_matches_current_submission: false })]
  const c = toGridRow(named(3, 'Cleo', cGrades, cGrades[0]!.provisional_grade_id))
  it('search ignores case and accents, matches every word and the user id', () => {
    const rows = [a, b, c, toGridRow(named(1030, 'Björn Åkesson', []))]
    const find = (search: string) => rows.filter((r) => matchesFilters(r, { ...noFilters, search })).map((r) => r.label)
    expect(find('be')).toEqual(['Ben'])
    expect(find('bjorn')).toEqual(['Björn Åkesson'])
    expect(find('AKESSON bj')).toEqual(['Björn Åkesson'])
    expect(find('1030')).toEqual(['Björn Åkesson'])
    expect(find('nobody')).toEqual([])
  })
  it('a row is classed as the triage classes it (the tolerance decides "disagree")', () => {
    expect(a.disagree).toBe(true)
    expect(
      toGridRow(a.student, undefined, {
        tolerancePts: 4,
        scale: gradeScale({ gradingType: 'points', pointsPossible: 20 }),
      }).disagree,
    ).toBe(false)
    expect(a.mean).toBe(12)
    expect(c.stale).toBe(true)
  })
  it('a kept row follows the tolerance: its class and marked graders, and it is the same row where neither changed', () => {
    const scale = gradeScale({ gradingType: 'points', pointsPossible: 20 })
    const three = named(4, 'Dee', [pg({ score: 10 }), pg({ scorer_id: 2, score: 11 }), pg({ scorer_id: 3, score: 16 })])
    const at = (tolerancePts: number) => createRowCache({ tolerancePts, scale })(three)
    const at0 = at(0)
    // Median 11: at 0 both others lie beyond it, at 1 only the 16.
    expect([at0.disagree, [...at0.outliers]]).toEqual([true, ['u:1', 'u:3']])
    const at1 = at(1)
    expect([at1.disagree, [...at1.outliers]]).toEqual([true, ['u:3']])
    expect(at(2)).toBe(at1)
    const at6 = at(6)
    expect([at6.disagree, at6.outliers.size]).toEqual([false, 0])
    expect(at(0)).toEqual(at0)
  })
  it('sorts by spread (largest first, unknown last) and by name', () => {
    expect([c, b, a].sort(compareRows('spread-desc')).map((r) => r.label)).toEqual(['Ana', 'Ben', 'Cleo'])
    expect([a, c, b].sort(compareRows('name-desc')).map((r) => r.label)).toEqual(['Cleo', 'Ben', 'Ana'])
    expect([c, b, a].sort(compareRows('mean-asc')).map((r) => r.label)).toEqual(['Cleo', 'Ben', 'Ana'])
    expect([a, b, c].sort(compareRows('spread-asc')).map((r) => r.label)).toEqual(['Ben', 'Ana', 'Cleo'])
    const s10 = toGridRow(anon('x', 'Student 10', []))
    const s2 = toGridRow(anon('y', 'Student 2', []))
    expect([s10, s2].sort(compareRows('name-asc')).map((r) => r.label)).toEqual(['Student 2', 'Student 10'])
  })
})

describe('publish readiness (contract §2.6)', () => {
  it('applies the choice rule in order', () => {
    const g1 = pg()
    const g2 = pg({ scorer_id: 2 })
    expect(publishChoice(named(1, 'A', [])).kind).toBe('skipped')
    expect(publishChoice(named(1, 'A', [g1, g2], g2.provisional_grade_id))).toMatchObject({ kind: 'selected' })
    expect(
      publishChoice(named(1, 'A', [pg(), pg({ scorer_id: 2, graded_at: null, score: null, grade: null })])).kind,
    ).toBe('only-graded')
    expect(publishChoice(named(1, 'A', [pg({ graded_at: null, score: null })])).kind).toBe('blank')
    // 2+ graded, no selection, but a comment-only grade: Canvas takes the blank one.
    expect(
      publishChoice(named(1, 'A', [pg(), pg({ scorer_id: 2 }), pg({ scorer_id: 5, graded_at: null, score: null })]))
        .kind,
    ).toBe('blank')
    expect(publishChoice(named(1, 'A', [pg(), pg({ scorer_id: 2 })])).kind).toBe('blocked')
    // A custom grade alone never publishes without a selection (it implies 2+ graded grades).
    expect(publishChoice(named(1, 'A', [pg(), pg({ scorer_id: 2 }), pg({ final: true })])).kind).toBe('blocked')
  })
  it('summarises blockers, stale chosen grades and grades to write', () => {
    const stale = pg({ grade_matches_current_submission: false })
    const r = publishReadiness([
      named(1, 'Blocked', [pg(), pg({ scorer_id: 2 })]),
      named(2, 'Stale', [stale]),
      named(3, 'None', []),
    ])
    expect(r.blockers.map((s) => s.displayName)).toEqual(['Blocked'])
    expect(r.stale.map((s) => s.displayName)).toEqual(['Stale'])
    expect(r.gradesToWrite).toBe(1)
    expect(r.ungraded).toBe(1)
    expect(r.ready).toBe(false)
  })
})

describe('optimistic cache transform', () => {
  const g = [pg(), pg({ scorer_id: 2 })]
  const s1 = named(1, 'A', g)
  const s2 = named(2, 'B', [pg()])
  const roster: Roster = { pages: [[s1], [s2]], loadedPages: 2, totalPages: 2, perPage: 1, complete: true, notShown: 0 }

  it('replaces only the touched student and its page', () => {
    const next = markSelected(roster, 'u:1', g[1]!.provisional_grade_id)
    expect(selectedGradeIdOf(next, 'u:1')).toBe(g[1]!.provisional_grade_id)
    expect(next.pages[1]).toBe(roster.pages[1])
    expect(next.pages[1]![0]).toBe(s2)
    expect(next.pages[0]![0]).not.toBe(s1)
    expect(roster.pages[0]![0]!.selectedGradeId).toBeNull()
  })
  it('rolls back one row without touching a concurrent selection on another row', () => {
    let cache = markSelected(roster, 'u:1', g[0]!.provisional_grade_id)
    cache = markSelected(cache, 'u:2', s2.grades[0]!.id)
    cache = markSelected(cache, 'u:1', null) // rollback of the first
    expect(selectedGradeIdOf(cache, 'u:1')).toBeNull()
    expect(selectedGradeIdOf(cache, 'u:2')).toBe(s2.grades[0]!.id)
  })
  it('is a no-op when nothing changes, and applies bulk results', () => {
    expect(markSelected(roster, 'u:1', null)).toBe(roster)
    expect(markSelected(roster, 'u:404', 3)).toBe(roster)
    const bulk = markManySelected(roster, [{ studentKey: 'u:2', selectedGradeId: s2.grades[0]!.id }])
    expect(bulk.pages[0]).toBe(roster.pages[0])
    expect(selectedGradeIdOf(bulk, 'u:2')).toBe(s2.grades[0]!.id)
  })
  it('replaces grades keeping the final one last', () => {
    const final = toGradeableStudent({
      anonymous_id: 'x',
      display_name: 'x',
      provisional_grades: [pg({ final: true }), pg()],
    }).grades as ProvisionalGrade[]
    const next = replaceGrades(roster, 'u:1', final)
    expect(next.pages[0]![0]!.grades.map((x) => x.final)).toEqual([false, true])
  })
})

describe('roster progress', () => {
  it('estimates the total from the last page number until the last page lands', () => {
    const page = (n: number) => Array.from({ length: n }, (_, i) => named(i + 1, `S${i}`, []))
    let r = applyRosterChunk(emptyRoster, {
      type: 'pages',
      pages: [{ page: 1, items: page(100), totalPages: 12, perPage: 100, skipped: [] }],
    })
    expect(rosterProgressText(r)).toBe('Loaded 100 students of about 1,200')
    r = applyRosterChunk(r, {
      type: 'pages',
      pages: [{ page: 12, items: page(37), totalPages: 12, perPage: 100, skipped: [] }],
    })
    expect(rosterProgressText(r)).toBe('Loaded 137 students of about 1,137')
    r = applyRosterChunk(r, { type: 'done' })
    expect(rosterProgressText(r)).toBe('Loaded all 137 students')
  })
})

describe('chunking', () => {
  it('chunks ids by 200', () => {
    expect(
      chunk(
        Array.from({ length: 450 }, (_, i) => i),
        200,
      ).map((c) => c.length),
    ).toEqual([200, 200, 50])
  })

  it('names the pages still missing, so "Load the rest" asks for just those', () => {
    const page = (n: number) => Array.from({ length: n }, (_, i) => named(i + 1, `S${i}`, []))
    const chunk = (p: number) => ({ page: p, items: page(100), totalPages: 5, perPage: 100, skipped: [] })
    let r = applyRosterChunk(emptyRoster, { type: 'pages', pages: [chunk(1), chunk(2), chunk(4)] })
    expect(missingPages(r)).toEqual([3, 5])
    r = applyRosterChunk(r, { type: 'pages', pages: [chunk(3), chunk(5)] })
    expect(missingPages(r)).toEqual([])
    expect(missingPages(applyRosterChunk(r, { type: 'done' }))).toEqual([])
    // Followed by `next` links: how many pages there are is not known, so none can be named.
    const followed = applyRosterChunk(emptyRoster, {
      type: 'pages',
      pages: [{ page: 1, items: page(100), totalPages: undefined, perPage: 100, skipped: [] }],
    })
    expect(missingPages(followed)).toBeNull()
  })
})
