import { useId } from 'react'

const LINES = ['Moderator', 'Second marker / exam board'] as const

/** Lines to sign and date on the printed report; each line is kept whole on one page. */
export function SignOff() {
  const headingId = useId()
  return (
    <section className="report-signoff" aria-labelledby={headingId}>
      <h2 id={headingId}>Sign-off</h2>
      {LINES.map((who) => (
        <p key={who} className="report-signoff__line">
          <span className="report-signoff__label">{who}:</span>{' '}
          <span className="report-signoff__blank" aria-hidden="true" />{' '}
          <span className="report-signoff__label">Date:</span>{' '}
          <span className="report-signoff__blank report-signoff__blank--date" aria-hidden="true" />
        </p>
      ))}
    </section>
  )
}
