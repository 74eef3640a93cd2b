// @vitest-environment node
// The hand-written check of gradeable_students rows (fitsGradeableStudent) against the wire schema it stands in for.
import { describe, expect, it } from 'vitest'
import { A } from '../../testing/canvas-json'
import { setupSimulator, type SimWorldHandle } from '../../testing/simulator'
import { fitsGradeableStudent, toGradeableStudent } from '../gradeable-students'
import { gradeableStudentWire } from '../wire/moderation'

const sim = setupSimulator()

/** Every gradeable_students row a caller gets for an assignment, as Canvas sends them. */
async function rowsOf(w: SimWorldHandle, who: Parameters<SimWorldHandle['fetch']>[0], assignment: number, q: string) {
  const res = await w.fetch(who, `${A(assignment)}/gradeable_students?per_page=100&${q}`)
  expect(res.status).toBe(200)
  return (await res.json()) as Record<string, unknown>[]
}

async function simulatorRows(): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = []
  const demo = sim.createWorld()
  const realistic = sim.createWorld({ scenario: 'realistic' })
  for (const q of [
    'include[]=provisional_grades&allow_new_anonymous_id=true',
    'include[]=provisional_grades',
    'include[]=provisional_grades&include[]=submission_comments',
    '',
  ]) {
    for (const a of [501, 502]) rows.push(...(await rowsOf(demo, 'final_grader', a, q)))
    rows.push(...(await rowsOf(realistic, 'final_grader', 501, q)))
  }
  // A grader sees only their own provisional grades, with no moderation fields.
  rows.push(...(await rowsOf(demo, 'ta', 501, 'allow_new_anonymous_id=true')))
  return rows
}

/** The row with one value changed (or removed, for `undefined`), at the top or in its first provisional grade. */
function mutated(row: Record<string, unknown>, where: 'row' | 'grade', key: string, value: unknown) {
  const copy = structuredClone(row)
  const target =
    where === 'row' ? copy : ((copy.provisional_grades as Record<string, unknown>[] | undefined)?.[0] ?? null)
  if (!target) return null
  if (value === undefined) delete target[key]
  else target[key] = value
  return copy
}

describe('fitsGradeableStudent', () => {
  it('accepts the rows the simulator sends, which then read exactly as the schema would read them', async () => {
    const rows = await simulatorRows()
    expect(rows.length).toBeGreaterThan(100)
    for (const row of rows) {
      expect(fitsGradeableStudent(row)).toBe(true)
      const parsed = gradeableStudentWire.safeParse(row)
      expect(parsed.success).toBe(true)
      expect(toGradeableStudent(row as never)).toEqual(toGradeableStudent(parsed.data!))
    }
  })

  it('accepts nothing the schema refuses: every field given a value of another type, or taken away', async () => {
    const rows = (await simulatorRows()).filter((r) => Array.isArray(r.provisional_grades))
    const samples = [rows[0]!, rows.find((r) => r.id === undefined)!, rows.at(-1)!]
    const values = [undefined, null, 0, 1.5, '', 'x', true, false, [], {}, [1], Number.NaN]
    const keys = {
      row: [...new Set(samples.flatMap(Object.keys)), 'fake_student', 'pronouns', 'html_url'],
      grade: [
        ...Object.keys((samples[0]!.provisional_grades as object[])[0]!),
        'scorer_id',
        'anonymous_grader_id',
        'selected',
        'readonly',
        'scorer_name',
        'submission_comments',
        'rubric_assessments',
      ],
    }
    let accepted = 0
    let refused = 0
    for (const row of samples)
      for (const where of ['row', 'grade'] as const)
        for (const key of keys[where])
          for (const value of values) {
            const candidate = mutated(row, where, key, value)
            if (!candidate) continue
            const parsed = gradeableStudentWire.safeParse(candidate)
            if (fitsGradeableStudent(candidate)) {
              accepted++
              expect(parsed.success, `${where}.${key} = ${JSON.stringify(value)}`).toBe(true)
              expect(toGradeableStudent(candidate as never)).toEqual(toGradeableStudent(parsed.data!))
            } else refused++
          }
    expect(accepted).toBeGreaterThan(0)
    expect(refused).toBeGreaterThan(0)
  })

  it('refuses what is not a row at all', () => {
    for (const v of [null, undefined, 1, 'row', [], [{ id: 1 }], {}]) expect(fitsGradeableStudent(v)).toBe(false)
  })
})
