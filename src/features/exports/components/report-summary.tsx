import { useId, type ReactNode } from 'react'
import { formatCount, formatNumber } from '../../../lib/format'
import { countChips, type ClassifiedStudent } from '../../../lib/moderation/classify'
import { classLabel, decisionsAgainstGraders } from '../utils/csv'

/**
 * The report's counts, the final marks by grade band (given), and the decisions that went against every grader's
 * grade. In print the three stand side by side.
 */
export function ReportSummary({
  students,
  graders,
  sections,
  bands,
}: {
  students: ClassifiedStudent[]
  graders: { key: string; label: string }[]
  /** Sections by student key and the section names in course order (courses with several sections). */
  sections?: { byKey: ReadonlyMap<string, readonly string[]>; names: readonly string[] }
  /** The final marks by grade band (FinalMarksByBand), or why there are none: placed after the counts. */
  bands?: ReactNode
}) {
  const countsId = useId()
  const againstId = useId()
  const sectionsId = useId()
  const counts = countChips(students)
  const against = decisionsAgainstGraders(students)
  const bySection = sections
    ? sections.names.map((name) => {
        const inSection = students.filter((st) => sections.byKey.get(st.key)?.includes(name))
        return { name, counts: countChips(inSection), total: inSection.length }
      })
    : []
  return (
    <div className={bands ? 'report-summary report-summary--bands' : 'report-summary'}>
      {bySection.length ? (
        <table className="data-table">
          <caption id={sectionsId}>Students by section (a student in two sections counts in both)</caption>
          <thead>
            <tr>
              <th scope="col">Section</th>
              <th scope="col" className="num">
                Students
              </th>
              <th scope="col" className="num">
                Disagree
              </th>
              <th scope="col" className="num">
                Not selected
              </th>
            </tr>
          </thead>
          <tbody>
            {bySection.map((row) => (
              <tr key={row.name}>
                <th scope="row">{row.name}</th>
                <td className="num">{formatCount(row.total)}</td>
                <td className="num">{formatCount(row.counts.disagree)}</td>
                <td className="num">{formatCount(row.counts.unselected)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <table className="data-table">
        <caption id={countsId}>Students by class ({formatCount(students.length)} in all)</caption>
        <tbody>
          {(['agreed', 'disagree', 'single', 'none'] as const).map((c) => (
            <tr key={c}>
              <th scope="row">{classLabel[c]}</th>
              <td className="num">{formatCount(counts[c])}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Stale</th>
            <td className="num">{formatCount(counts.stale)}</td>
          </tr>
          <tr>
            <th scope="row">Custom grade</th>
            <td className="num">{formatCount(counts.custom)}</td>
          </tr>
          <tr>
            <th scope="row">Selected</th>
            <td className="num">{formatCount(counts.selected)}</td>
          </tr>
          <tr>
            <th scope="row">Not selected</th>
            <td className="num">{formatCount(counts.unselected)}</td>
          </tr>
        </tbody>
      </table>
      {bands}
      <table className="data-table">
        <caption id={againstId}>Decisions against all graders’ grades ({formatCount(against.length)})</caption>
        <thead>
          <tr>
            <th scope="col">Student</th>
            {graders.map((g) => (
              <th key={g.key} scope="col" className="num">
                {g.label}
              </th>
            ))}
            <th scope="col" className="num">
              Final grade
            </th>
          </tr>
        </thead>
        <tbody>
          {against.length === 0 ? (
            <tr>
              <td colSpan={graders.length + 2}>Every selected grade is one of the graders’ grades.</td>
            </tr>
          ) : (
            against.map((s) => (
              <tr key={s.key}>
                <th scope="row">{s.label}</th>
                {graders.map((g) => (
                  <td key={g.key} className="num">
                    {formatNumber(s.marks.find((m) => m.graderKey === g.key)?.score)}
                  </td>
                ))}
                <td className="num">{formatNumber(s.selected?.score)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  )
}
