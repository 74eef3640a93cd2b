// Issue #13 item 11: the printable report and its CSV, as an exam board reads them.
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { renderApp } from '../../testing/render-app'
import { setupSimulator, type SimWorldHandle } from '../../testing/simulator'

const sim = setupSimulator()
const REPORT_501 = '/courses/101/assignments/501/moderate/report'
const REPORT_502 = '/courses/101/assignments/502/moderate/report'

type Row = {
  id?: number
  selected_provisional_grade_id: number | null
  provisional_grades: { provisional_grade_id: number; score: number | null }[]
}

/** Degree classification (the course's scheme, also Lab Report 3's), from the highest band: First from 70%, … */
const DEGREE: Array<[string, number]> = [
  ['First', 0.7],
  ['2:1', 0.6],
  ['2:2', 0.5],
  ['Third', 0.4],
  ['Fail', 0],
]

/** What the bands table should say, counted here from Canvas's rows (out of 20 points). */
async function expectedBands(w: SimWorldHandle) {
  const rows = await w.json<Row[]>(
    'final_grader',
    '/api/v1/courses/101/assignments/501/gradeable_students?include[]=provisional_grades&per_page=100',
  )
  const counts = new Map(DEGREE.map(([name]) => [name, 0]))
  let none = 0
  for (const r of rows) {
    const score = r.provisional_grades.find((g) => g.provisional_grade_id === r.selected_provisional_grade_id)?.score
    if (score === undefined || score === null) none++
    else {
      const band = DEGREE.find(([, from]) => score / 20 >= from)![0]
      counts.set(band, counts.get(band)! + 1)
    }
  }
  return { counts, none, total: rows.length }
}

/** The report's details (the header's terms), term → description. */
function details() {
  const dl = screen.getByRole('heading', { level: 1 }).closest('header')!
  const terms = within(dl)
    .getAllByRole('term')
    .map((t) => t.textContent!)
  const values = within(dl)
    .getAllByRole('definition')
    .map((t) => t.textContent!)
  return new Map(terms.map((t, i) => [t, values[i]!]))
}

/** Clicks "Export CSV" and returns the file's text (without its BOM). */
async function exportCsv(): Promise<string> {
  let blob: Blob | undefined
  const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => {
    blob = b as Blob
    return 'blob:report'
  })
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
  await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }))
  expect(create).toHaveBeenCalled()
  return (await blob!.text()).replace(/^\uFEFF/, '')
}

afterEach(() => vi.restoreAllMocks())

describe('the printable report', () => {
  it('says the course, assignment, final grader, tolerance and state; final marks by the scheme’s bands; sign-off lines', async () => {
    const w = sim.createWorld()
    renderApp(`${REPORT_501}?tol=1`, w)
    expect(
      await screen.findByRole(
        'heading',
        { level: 1, name: 'Moderation report: Lab Report 3: Enzyme Kinetics' },
        { timeout: 5000 },
      ),
    ).toBeInTheDocument()
    await waitFor(() => expect(details().get('Course')).toBe('BIO 201: Cell Biology'))
    const d = details()
    expect(d.get('Course code')).toBe('BIO 201')
    expect(d.get('Points possible')).toBe('20')
    expect(d.get('Grading type')).toBe('Points')
    await waitFor(() => expect(details().get('Final grader')).toBe('Dr. Maya Chen'))
    expect(d.get('Tolerance')).toBe('1 point')
    expect(d.get('Students')).toBe('Named')
    expect(d.get('Grades')).toBe('Not yet published')
    expect(screen.queryByText(/^Course 101/)).not.toBeInTheDocument()

    const table = await screen.findByRole('table', { name: /Final marks by grade band/ }, { timeout: 5000 })
    expect(table).toHaveAccessibleName(
      /^Final marks by grade band: Degree classification From Canvas: Degree classification/,
    )
    const expected = await expectedBands(w)
    const bodyRows = within(table).getAllByRole('row').slice(1) // after the header row
    const read = bodyRows.map((tr) => [...tr.children].map((c) => c.textContent))
    expect(read.map((r) => r[0])).toEqual(['First', '2:1', '2:2', 'Third', 'Fail', 'No final mark yet', 'All students'])
    expect(read[0]!.slice(1, 3)).toEqual(['70% (14 points)', String(expected.counts.get('First'))])
    for (const [i, [name]] of DEGREE.entries()) expect(read[i]![2]).toBe(String(expected.counts.get(name)))
    expect(read[5]![2]).toBe(String(expected.none))
    expect(read[6]![2]).toBe(String(expected.total))
    // The demo has both: students with a final mark and students without one yet.
    expect(expected.none).toBeGreaterThan(0)
    expect(expected.total - expected.none).toBeGreaterThan(0)

    const signOff = screen.getByRole('region', { name: 'Sign-off' })
    expect(signOff).toHaveTextContent('Moderator: Date:')
    expect(signOff).toHaveTextContent('Second marker / exam board: Date:')
    // Sign-off comes last, after the figures it signs.
    const agreement = await screen.findByRole('heading', { name: 'Grader agreement' }, { timeout: 5000 })
    expect(agreement.compareDocumentPosition(signOff) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy()
  })

  it('without a final grader: “none (an administrator moderates)”', async () => {
    const w = sim.createWorld()
    w.world.assignments.get(501)!.final_grader_id = null
    renderApp(REPORT_501, w, w.user('admin').id)
    await screen.findByRole('heading', { level: 1, name: /Moderation report/ }, { timeout: 5000 })
    await waitFor(() => expect(details().get('Final grader')).toBe('none (an administrator moderates)'))
  })

  it('its CSV: SIS and login ids, the tolerance in the Class header, the band; in name order', async () => {
    const w = sim.createWorld()
    renderApp(`${REPORT_501}?tol=1`, w)
    await screen.findByRole('table', { name: /Final marks by grade band/ }, { timeout: 5000 })
    let csv = ''
    await waitFor(async () => {
      csv = await exportCsv()
      expect(csv.split('\r\n')[0]).toContain('SIS user id')
    })
    const [header, ...rows] = csv
      .trim()
      .split('\r\n')
      .map((line) => line.split(','))
    expect(header!.slice(0, 4)).toEqual(['Student', 'Canvas user id', 'SIS user id', 'Login id'])
    expect(header).toContain('Class (tolerance 1 point)')
    expect(header).toContain('Band (Degree classification)')
    const user1001 = rows.find((r) => r[1] === '1001')!
    expect(user1001.slice(2, 4)).toEqual(['S0001001', 's1001@students.northfield.edu'])
    const names = rows.map((r) => r[0]!)
    expect(names).toEqual([...names].sort(new Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare))
  })

  it('anonymous assignment: the CSV has no SIS or login ids, no names', async () => {
    const w = sim.createWorld()
    renderApp(REPORT_502, w)
    await screen.findByRole('heading', { level: 1, name: /Reflective Essay/ }, { timeout: 5000 })
    await waitFor(() => expect(screen.getByRole('button', { name: 'Export CSV' })).toBeEnabled(), { timeout: 5000 })
    expect(details().get('Students')).toBe('Anonymous')
    const csv = await exportCsv()
    expect(csv.split('\r\n')[0]).not.toMatch(/SIS user id|Login id|Canvas user id/)
    expect(csv).not.toMatch(/S000\d{4}|northfield\.edu/)
    for (const u of w.world.users.values()) if (u.id > 1000) expect(csv).not.toContain(u.name)
  })
})
