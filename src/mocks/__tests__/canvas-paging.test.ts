// @vitest-environment node
// Issue #12 task 1: per_page and page as lib/api.rb reads them; courses/:id/users with `total_entries: nil`.
import { describe, expect, it } from 'vitest'
import { paginate, rubyToI } from '../sim/pagination'
import { REALISTIC } from '../sim/scenarios/realistic'
import { setupSimulator, type SimWorldHandle } from '../../testing/simulator'
import { A } from '../../testing/canvas-json'

const sim = setupSimulator()

const INVALID_PAGE_BODY = { errors: [{ message: 'An error occurred.', error_code: 'not_found' }] }

function rels(res: Response): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of (res.headers.get('link') ?? '').matchAll(/<([^>]+)>; rel="(\w+)"/g)) {
    const url = new URL(m[1]!)
    out[m[2]!] = `page=${url.searchParams.get('page')}&per_page=${url.searchParams.get('per_page')}`
  }
  return out
}

/** The rels a Link header should have: rel → page number, all with `perPage`. */
function links(perPage: number, pages: Record<string, number>): Record<string, string> {
  return Object.fromEntries(Object.entries(pages).map(([rel, n]) => [rel, `page=${n}&per_page=${perPage}`]))
}

async function ids(res: Response): Promise<number[]> {
  return ((await res.json()) as Array<{ id: number }>).map((r) => r.id)
}

describe('per_page (Api.per_page_for: to_i, clamped to 1..100)', () => {
  it.each([
    ['0', 1],
    ['', 1],
    ['-5', 1],
    ['abc', 1],
    ['25abc', 25],
    [' 7', 7],
    ['500', 100],
  ])('per_page=%j → %i, and the links carry the value used', async (raw, used) => {
    const w = sim.createWorld({ scenario: 'large', students: 150 })
    const res = await w.fetch('final_grader', `${A(501)}/gradeable_students?per_page=${encodeURIComponent(raw)}`)
    expect(res.status).toBe(200)
    expect(await res.json()).toHaveLength(used)
    expect(rels(res).current).toBe(`page=1&per_page=${used}`)
  })

  it('is 10 when absent, and the last of a repeated per_page wins (Rack)', async () => {
    const w = sim.createWorld({ scenario: 'large', students: 150 })
    expect(await (await w.fetch('final_grader', `${A(501)}/gradeable_students`)).json()).toHaveLength(10)
    const twice = await w.fetch('final_grader', `${A(501)}/gradeable_students?per_page=3&per_page=4`)
    expect(await twice.json()).toHaveLength(4)
  })

  it('reads Ruby to_i', () => {
    expect([rubyToI('12'), rubyToI('+3'), rubyToI('1_000'), rubyToI('x1'), rubyToI(''), rubyToI('-2x')]).toEqual([
      12, 3, 1000, 0, 0, -2,
    ])
  })
})

describe('page (Folio::InvalidPage → 404; past the end → [])', () => {
  it.each(['0', '-1', '', 'abc'])('page=%j → 404 with the generic not_found body', async (raw) => {
    const w = sim.createWorld()
    const res = await w.fetch('final_grader', `${A(501)}/gradeable_students?page=${encodeURIComponent(raw)}`)
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual(INVALID_PAGE_BODY)
    expect(res.headers.get('link')).toBeNull()
  })

  it('reads page=2abc as page 2 (folio current_page= does to_i)', async () => {
    const w = sim.createWorld()
    const res = await w.fetch('final_grader', `${A(501)}/gradeable_students?per_page=5&page=2abc`)
    expect(await ids(res)).toEqual([1006, 1007, 1008, 1009, 1010])
    expect(rels(res).current).toBe('page=2&per_page=5')
  })

  it('answers a page past the end with 200 [] and current, next, prev, first (no last), per_page 30', async () => {
    const w = sim.createWorld()
    const res = await w.fetch('final_grader', `${A(501)}/gradeable_students?per_page=10&page=9`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual([])
    expect(Object.keys(rels(res))).toEqual(['current', 'next', 'prev', 'first'])
    expect(rels(res)).toEqual(links(30, { current: 9, next: 10, prev: 8, first: 1 }))
  })

  it('past the end on page 1 of nothing is a normal page; page 2 of nothing has no prev beyond page 1', () => {
    expect(paginate(new URL('http://x.test/a'), []).link).toBe(
      '<http://x.test/a?page=1&per_page=10>; rel="current",<http://x.test/a?page=1&per_page=10>; rel="first",<http://x.test/a?page=1&per_page=10>; rel="last"',
    )
    expect(paginate(new URL('http://x.test/a?page=2'), []).link).toBe(
      '<http://x.test/a?page=2&per_page=30>; rel="current",<http://x.test/a?page=3&per_page=30>; rel="next",<http://x.test/a?page=1&per_page=30>; rel="prev",<http://x.test/a?page=1&per_page=30>; rel="first"',
    )
  })
})

describe('GET /courses/:id/users (total_entries: nil)', () => {
  const users = (w: SimWorldHandle, query: string) => w.fetch('final_grader', `/api/v1/courses/101/users?${query}`)

  it('never sends rel="last": full pages have next, the short last page has none', async () => {
    const w = sim.createWorld() // demo: 4 staff + 30 active students (the inactive and concluded are not listed)
    const first = await users(w, 'per_page=10')
    expect(await first.json()).toHaveLength(10)
    expect(rels(first)).toEqual(links(10, { current: 1, next: 2, first: 1 }))
    const last = await users(w, 'per_page=10&page=4')
    expect(await last.json()).toHaveLength(4)
    expect(rels(last)).toEqual(links(10, { current: 4, prev: 3, first: 1 }))
  })

  it('has next after an exact multiple of per_page, and that page is [] with next again (stop on an empty page)', async () => {
    const w = sim.createWorld()
    const staff = await users(w, 'enrollment_type[]=teacher&enrollment_type[]=ta&per_page=2')
    expect(await staff.json()).toHaveLength(2)
    const second = await users(w, 'enrollment_type[]=teacher&enrollment_type[]=ta&per_page=2&page=2')
    expect(await second.json()).toHaveLength(2)
    expect(rels(second).next).toBe('page=3&per_page=2')
    const empty = await users(w, 'enrollment_type[]=teacher&enrollment_type[]=ta&per_page=2&page=3')
    expect(empty.status).toBe(200)
    expect(await empty.json()).toEqual([])
    expect(rels(empty)).toEqual(links(2, { current: 3, next: 4, prev: 2, first: 1 }))
  })

  it('takes limit as an old name for per_page, and per_page wins over it', async () => {
    const w = sim.createWorld()
    const res = await users(w, 'limit=3')
    expect(await res.json()).toHaveLength(3)
    expect(res.headers.get('link')).toContain('?limit=3&page=2&per_page=3>; rel="next"')
    expect(await (await users(w, 'limit=3&per_page=5')).json()).toHaveLength(5)
  })

  it('drops the test student after paginating: its page is one short but still has next', async () => {
    const w = sim.createWorld({ scenario: 'realistic' })
    // Sorted by sortable name, "Student, Test" is somewhere among the students; find its page with it kept.
    const everyone = await ids(await users(w, 'include[]=test_student&per_page=100'))
    const at = everyone.indexOf(REALISTIC.testStudent)
    expect(at).toBeGreaterThan(0)
    const page = Math.floor(at / 5) + 1
    const res = await users(w, `per_page=5&page=${page}`)
    const rows = await ids(res)
    expect(rows).toHaveLength(4)
    expect(rows).not.toContain(REALISTIC.testStudent)
    expect(rels(res).next).toBe(`page=${page + 1}&per_page=5`)
    // Without include[]=test_student, every page together lists everyone else.
    const all = await ids(await users(w, 'per_page=100'))
    expect(all).toEqual(everyone.filter((id) => id !== REALISTIC.testStudent))
    // enrollment_type[]=student_view keeps it (and is only the test student); student is StudentEnrollment only.
    expect(await ids(await users(w, 'enrollment_type[]=student_view'))).toEqual([REALISTIC.testStudent])
    expect(await ids(await users(w, 'enrollment_type[]=student&per_page=100'))).not.toContain(REALISTIC.testStudent)
  })

  it('counted lists keep rel="last" (moderated_students, gradeable_students)', async () => {
    const w = sim.createWorld()
    expect(rels(await w.fetch('final_grader', `${A(501)}/moderated_students?per_page=10`)).last).toBe(
      'page=4&per_page=10',
    )
  })
})
