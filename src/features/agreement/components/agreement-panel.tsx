import { useId, useMemo } from 'react'
import { formatCount, formatNumber } from '../../../lib/format'
import type { ClassifiedStudent } from '../../../lib/moderation/classify'
import { gradeScale, usesTolerance } from '../../../lib/moderation/grade-scale'
import { computeAgreement, describeAlpha, describeSeverity, type GraderLabel } from '../utils/agreement'
import { HistogramChart, ScatterChart } from './charts'

export interface AgreementPanelProps {
  students: ClassifiedStudent[]
  graders: GraderLabel[]
  pointsPossible: number | null
  /** Canvas's `grading_type` (Assignment.gradingType): decides the measure (see measureFor). */
  gradingType: string
  tolerancePts: number
  toleranceText: string
  /** Heading level: 2 on the moderation page, 3 inside a report section. */
  level?: 2 | 3
}

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`)

/** Grader agreement on the students that two or more graders marked. Lazy-loaded (it carries the chart library). */
export function AgreementPanel(p: AgreementPanelProps) {
  const headingId = useId()
  const scale = useMemo(
    () => gradeScale({ gradingType: p.gradingType, pointsPossible: p.pointsPossible }),
    [p.gradingType, p.pointsPossible],
  )
  const a = useMemo(
    () => computeAgreement(p.students, p.graders, p.tolerancePts, scale),
    [p.students, p.graders, p.tolerancePts, scale],
  )
  const H = p.level === 3 ? 'h3' : 'h2'
  const Sub = p.level === 3 ? 'h4' : 'h3'
  const max = scale.pointsPossible ?? 0
  const pairsShown = a.pairs.filter((x) => x.n > 0)
  const m = a.measure
  if (!m)
    return (
      <section className="section agreement" aria-labelledby={headingId}>
        <H id={headingId}>Grader agreement</H>
        <p>This assignment is not graded, so there is nothing to measure.</p>
      </section>
    )
  const byTolerance = usesTolerance(scale)
  const letters = scale.kind === 'letters'
  // Same letter / same grade where the grade is not simply the score.
  const showSame = !m.scores || letters
  const sameLabel = letters ? 'Same letter' : 'Same grade'
  return (
    <section className="section agreement" aria-labelledby={headingId}>
      <H id={headingId}>Grader agreement</H>
      <p className="hint">
        On the {formatCount(a.multiMarked)} students marked by two or more graders;{' '}
        {byTolerance ? `tolerance ${p.toleranceText}` : 'graders agree when they give the same grade'}. Custom grades
        are not counted.
      </p>
      <p className="hint">Measured with {m.why}</p>
      <dl className="agreement__figures">
        <div>
          <dt>Krippendorff’s alpha ({m.metric})</dt>
          <dd>{formatNumber(a.alpha.alpha, 3)}</dd>
          <dd className="hint">{describeAlpha(a.alpha.alpha)}</dd>
        </div>
        {m.icc ? (
          <div>
            <dt>ICC(1,1), one-way random</dt>
            <dd>{formatNumber(a.icc?.icc, 3)}</dd>
            <dd className="hint">
              {a.icc
                ? `${formatCount(a.icc.n)} students, ${formatNumber(a.icc.k0, 2)} graders each on average`
                : 'not enough data'}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Double-marked students</dt>
          <dd>{formatCount(a.multiMarked)}</dd>
        </div>
      </dl>

      <Sub>Pairs of graders</Sub>
      <div className="table-scroll" tabIndex={0} role="region" aria-labelledby={`${headingId}-pairs`}>
        <table className="data-table">
          <caption id={`${headingId}-pairs`} className="visually-hidden">
            Agreement per pair of graders
          </caption>
          <thead>
            <tr>
              <th scope="col">Pair</th>
              <th scope="col" className="num">
                Shared students
              </th>
              {m.scores ? (
                <>
                  <th scope="col">Mean difference</th>
                  <th scope="col" className="num">
                    Mean absolute difference
                  </th>
                  <th scope="col" className="num">
                    Within tolerance
                  </th>
                </>
              ) : null}
              {showSame ? (
                <th scope="col" className="num">
                  {sameLabel}
                </th>
              ) : null}
              {m.icc ? (
                <th scope="col" className="num">
                  ICC(2,1)
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {a.pairs.map((x) => (
              <tr key={`${x.a.key}|${x.b.key}`}>
                <th scope="row">
                  {x.a.label} and {x.b.label}
                </th>
                <td className="num">{formatCount(x.n)}</td>
                {m.scores ? (
                  <>
                    <td>
                      {x.meanDiff === null
                        ? '—'
                        : Math.abs(x.meanDiff) < 0.005
                          ? '0.00 (no difference)'
                          : `${formatNumber(Math.abs(x.meanDiff), 2)} (${x.meanDiff > 0 ? x.a.label : x.b.label} marks higher)`}
                    </td>
                    <td className="num">{formatNumber(x.meanAbsDiff, 2)}</td>
                    <td className="num">{pct(x.withinTolerance)}</td>
                  </>
                ) : null}
                {showSame ? <td className="num">{pct(x.sameGrade)}</td> : null}
                {m.icc ? <td className="num">{formatNumber(x.icc21, 2)}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {m.scores ? (
        <div className="charts">
          {pairsShown.map((x) => (
            <ScatterChart
              key={`${x.a.key}|${x.b.key}`}
              points={x.points}
              max={max}
              xLabel={x.a.label}
              yLabel={x.b.label}
            />
          ))}
        </div>
      ) : null}

      <Sub>Graders</Sub>
      {m.scores ? (
        <>
          <table className="data-table">
            <caption className="visually-hidden">Severity and spread per grader</caption>
            <thead>
              <tr>
                <th scope="col">Grader</th>
                <th scope="col" className="num">
                  Students
                </th>
                <th scope="col" className="num">
                  Mean
                </th>
                <th scope="col" className="num">
                  Standard deviation
                </th>
                <th scope="col">Severity or leniency</th>
              </tr>
            </thead>
            <tbody>
              {a.graders.map((g) => (
                <tr key={g.grader.key}>
                  <th scope="row">{g.grader.label}</th>
                  <td className="num">{formatCount(g.n)}</td>
                  <td className="num">{formatNumber(g.mean, 2)}</td>
                  <td className="num">{formatNumber(g.sd, 2)}</td>
                  <td>
                    {describeSeverity(g.severity)}
                    {g.shared ? ` (${formatCount(g.shared)} shared)` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="charts">
            {a.graders
              .filter((g) => g.n > 0)
              .map((g) => (
                <HistogramChart key={g.grader.key} scores={g.scores} max={max} label={g.grader.label} />
              ))}
          </div>
        </>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">Grades given by each grader</caption>
          <thead>
            <tr>
              <th scope="col">Grader</th>
              <th scope="col" className="num">
                Students
              </th>
              {a.categories.map((c) => (
                <th key={c} scope="col" className="num">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {a.graders.map((g) => (
              <tr key={g.grader.key}>
                <th scope="row">{g.grader.label}</th>
                <td className="num">{formatCount(g.n)}</td>
                {g.counts.map((n, i) => (
                  <td key={a.categories[i]} className="num">
                    {formatCount(n)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
