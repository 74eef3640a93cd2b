import { describe, expect, it } from 'vitest'
import { student } from '../../../../testing/moderation-fixtures'
import { markSelected } from '../mark-selected'
import { emptyRoster, gradedStudents, rosterStudents, type Roster } from '../roster'

const page = (from: number, n: number, testAt?: number) =>
  Array.from({ length: n }, (_, i) => student(`u:${from + i}`, [], { testStudent: from + i === testAt }))
const roster = (pages: Roster['pages']): Roster => ({ ...emptyRoster, pages, loadedPages: pages.length })
const keys = (xs: readonly { key: string }[]) => xs.map((s) => s.key)

describe('rosterStudents and gradedStudents', () => {
  const pages = [page(1, 3), page(4, 3, 5), page(7, 2)]
  const r = roster(pages)

  it('flatten the pages in order, once per roster object', () => {
    expect(keys(rosterStudents(r))).toEqual(['u:1', 'u:2', 'u:3', 'u:4', 'u:5', 'u:6', 'u:7', 'u:8'])
    expect(keys(gradedStudents(r))).toEqual(['u:1', 'u:2', 'u:3', 'u:4', 'u:6', 'u:7', 'u:8'])
    expect(rosterStudents(r)).toBe(rosterStudents(r))
    expect(rosterStudents(undefined)).toEqual([])
  })

  it('follow a selection (one page replaced) into a new array, the old one unchanged', () => {
    const before = gradedStudents(r)
    const selected = markSelected(r, 'u:6', 42)
    const after = gradedStudents(selected)
    expect(after).not.toBe(before)
    expect(keys(after)).toEqual(keys(before))
    expect(after.find((s) => s.key === 'u:6')!.selectedGradeId).toBe(42)
    expect(before.find((s) => s.key === 'u:6')!.selectedGradeId).toBeNull()
    expect(rosterStudents(selected)[5]!.selectedGradeId).toBe(42)
  })

  it('follow pages that landed, went or changed size', () => {
    const more = roster([...pages, page(9, 2)])
    expect(keys(rosterStudents(more)).slice(-2)).toEqual(['u:9', 'u:10'])
    const shorter = roster([pages[0]!, page(4, 1), pages[2]!])
    expect(keys(rosterStudents(shorter))).toEqual(['u:1', 'u:2', 'u:3', 'u:4', 'u:7', 'u:8'])
    const gap = roster([pages[0]!, undefined as unknown as Roster['pages'][number], pages[2]!])
    expect(keys(gradedStudents(gap))).toEqual(['u:1', 'u:2', 'u:3', 'u:7', 'u:8'])
  })
})
